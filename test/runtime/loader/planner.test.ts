// The instrumentation planner, both halves: the launcher orders rules by precedence
// (debug-adapter/recording/plan.ts), the loader gives each file the first matching rule's level
// (runtime/loader/planner.ts) — a table of files, the level each gets and why. Also the plan's
// trip through the environment contract, and instrumentFile() with a `none` file.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fromEnvironment,
  toEnvironment,
  DEFAULT_SETTINGS,
  type RecorderSettings,
  type RegisteredFile,
} from '../../../runtime/format';
import { tryInstrument } from '../../../runtime/instrument';
import { InstrumentCache } from '../../../runtime/loader/cache';
import { createFileFilter } from '../../../runtime/loader/globs';
import { instrumentFile, type LoaderContext } from '../../../runtime/loader/instrumentFile';
import { createLevelChooser, describeReason } from '../../../runtime/loader/planner';
import { Control } from '../../../runtime/recorder/layout';
import type { DrainMessage } from '../../../runtime/recorder/drainWorker';
import {
  buildLevelPlan,
  describePlan,
  escapeGlob,
  headerLevel,
  parseLevelAssignment,
  recorderSettings,
  recordingRoot,
  type PlanOptions,
} from '../../../debug-adapter/recording';

const ROOT = '/work/app';

function chooser(options: PlanOptions) {
  const settings = recorderSettings({ root: ROOT, ...options });
  const choose = createLevelChooser(settings);
  return (path: string) => {
    const planned = choose(`${ROOT}/${path}`);
    return `${planned.level} (${describeReason(planned)})`;
  };
}

describe('which level each file gets, and why', () => {
  it("without focus, every file gets the one level (today's behaviour)", () => {
    expect(chooser({})('src/a.js')).toBe('full (default)');
    expect(chooser({ level: 'calls' })('src/a.js')).toBe('calls (default)');
    expect(buildLevelPlan({ level: 'calls' })).toBeUndefined();
  });

  it('focus globs are full; the rest calls by default, or the level asked for', () => {
    const choose = chooser({ focus: ['src/parser/**'] });
    expect(choose('src/parser/expr.js')).toBe('full (focus src/parser/**)');
    expect(choose('src/parser/deep/tokens.js')).toBe('full (focus src/parser/**)');
    expect(choose('src/cli.js')).toBe('calls (default)');
    expect(chooser({ focus: ['src/parser/**'], level: 'none' })('src/cli.js')).toBe('none (default)');
  });

  it('an empty focus list still plans: only what the user is looking at is full', () => {
    const choose = chooser({
      focus: [],
      focusFiles: [
        { path: `${ROOT}/src/b.js`, reason: 'breakpoint' },
        { path: `${ROOT}/src/log.js`, reason: 'logpoint' },
        { path: `${ROOT}/src/open.js`, reason: 'active editor' },
      ],
    });
    expect(choose('src/b.js')).toBe('full (breakpoint)');
    expect(choose('src/log.js')).toBe('full (logpoint)');
    expect(choose('src/open.js')).toBe('full (active editor)');
    expect(choose('src/other.js')).toBe('calls (default)');
  });

  it('precedence: levels > breakpoint > logpoint > active editor > focus > default', () => {
    const choose = chooser({
      focus: ['src/**'],
      levels: { 'src/vendor/**': 'none' },
      focusFiles: [
        { path: `${ROOT}/src/vendor/patched.js`, reason: 'breakpoint' },
        { path: `${ROOT}/src/both.js`, reason: 'active editor' },
        { path: `${ROOT}/src/both.js`, reason: 'breakpoint' },
      ],
    });
    expect(choose('src/vendor/patched.js')).toBe('none (levels src/vendor/**)'); // an explicit override wins
    expect(choose('src/both.js')).toBe('full (breakpoint)');
    expect(choose('src/x.js')).toBe('full (focus src/**)');
    expect(choose('test/x.js')).toBe('calls (default)');
  });

  it('a breakpoint file whose path holds glob characters matches only itself', () => {
    const weird = `${ROOT}/src/[id]/{a,b}*.js`;
    const choose = createLevelChooser(
      recorderSettings({ root: ROOT, focus: [], focusFiles: [{ path: weird, reason: 'breakpoint' }] }),
    );
    expect(choose(weird)).toMatchObject({ level: 'full', reason: 'breakpoint' });
    expect(choose(`${ROOT}/src/i/a.js`)).toMatchObject({ level: 'calls', reason: 'default' });
    expect(escapeGlob('/a/[x]/b?.js')).toBe('/a/[[]x]/b[?].js');
  });

  it("the trace header's single level follows the plan's default (none reads as calls)", () => {
    expect(headerLevel({})).toBe('full');
    expect(headerLevel({ focus: [] })).toBe('calls');
    expect(headerLevel({ focus: [], level: 'full' })).toBe('full');
    expect(headerLevel({ level: 'none' })).toBe('calls');
  });

  it('the plan as the Debug Console shows it: a line per rule, then the default', () => {
    const plan = buildLevelPlan({ focus: ['lib/**'], focusFiles: [{ path: '/w/[a].js', reason: 'breakpoint' }] })!;
    expect(describePlan(plan)).toEqual([
      'full   /w/[a].js  (breakpoint)',
      'full   lib/**  (focus)',
      'calls  every other recorded file  (default)',
    ]);
  });

  it('--file-level GLOB=LEVEL', () => {
    expect(parseLevelAssignment('lib/**=none')).toEqual({ glob: 'lib/**', level: 'none' });
    expect(parseLevelAssignment('a=b=calls')).toEqual({ glob: 'a=b', level: 'calls' });
    expect(parseLevelAssignment('lib/**=fast')).toBeUndefined();
    expect(parseLevelAssignment('=full')).toBeUndefined();
  });

  it("the default root: the working directory, or the program's folder when it lies outside (CLI, live and deferred launches alike)", () => {
    expect(recordingRoot('/work/app/src/main.js', '/work/app')).toBe('/work/app');
    expect(recordingRoot('/tmp/script.js', '/work/app')).toBe('/tmp');
    expect(recordingRoot('/work/application/main.js', '/work/app')).toBe('/work/application');
    expect(recordingRoot('/work/app', '/work/app')).toBe('/work');
  });

  it("a tool installed in a node_modules folder elsewhere records the working directory's code, symlinked bins too", () => {
    // Before, its own folder: excluded as node_modules, so a test runner recorded nothing of the suite.
    expect(recordingRoot('/usr/lib/node_modules/mocha/bin/mocha.js', '/work/app')).toBe('/work/app');
    expect(recordingRoot('/work/tools/node_modules/.bin/mocha', '/work/app')).toBe('/work/app');
    const scratch = mkdtempSync(join(tmpdir(), 'rewind-root-'));
    try {
      const tool = join(scratch, 'lib', 'node_modules', 'runner', 'bin');
      mkdirSync(tool, { recursive: true });
      writeFileSync(join(tool, 'run.js'), '');
      mkdirSync(join(scratch, 'bin'));
      symlinkSync(join(tool, 'run.js'), join(scratch, 'bin', 'runner'));
      expect(recordingRoot(join(scratch, 'bin', 'runner'), '/work/app')).toBe('/work/app');
      // A script outside the working directory, not an installed tool: its own folder, as before.
      expect(recordingRoot(join(scratch, 'bin', 'other.js'), '/work/app')).toBe(join(scratch, 'bin'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('choosing at load time, after the program replaced builtins', () => {
  it('the planner and the file filter call no Array or RegExp method the program may have replaced', () => {
    const choose = createLevelChooser(recorderSettings({ root: ROOT, focus: ['src/**'] }));
    const filter = createFileFilter({ include: [], exclude: ['**/node_modules/**'], root: ROOT });
    const saved = { find: Array.prototype.find, some: Array.prototype.some, test: RegExp.prototype.test };
    const trap = () => {
      throw new Error('a replaced builtin was called');
    };
    Object.assign(Array.prototype, { find: trap, some: trap });
    RegExp.prototype.test = trap;
    try {
      expect(choose(`${ROOT}/src/a.js`)).toMatchObject({ level: 'full', reason: 'focus' });
      expect(filter(`${ROOT}/src/a.js`)).toBe(true);
      expect(filter(`${ROOT}/node_modules/x/a.js`)).toBe(false);
    } finally {
      Object.assign(Array.prototype, { find: saved.find, some: saved.some });
      RegExp.prototype.test = saved.test;
    }
  });
});

describe('the plan in the environment contract', () => {
  const base: RecorderSettings = { ...DEFAULT_SETTINGS, sessionId: 's', root: ROOT, outFile: '/tmp/t.rwd' };

  it('round-trips, and is absent when there is none', () => {
    const plan = buildLevelPlan({ focus: ['a/**'], levels: { 'b/**': 'none' } });
    expect(fromEnvironment(toEnvironment({ ...base, plan }))?.plan).toEqual(plan);
    expect(fromEnvironment(toEnvironment(base))?.plan).toBeUndefined();
  });

  it('a malformed plan is dropped (one level for all) rather than failing the program', () => {
    const env = toEnvironment(base);
    for (const text of [
      '{',
      '{"defaultLevel":"fast","rules":[]}',
      '{"defaultLevel":"none","rules":[{"glob":1,"level":"full","reason":"focus"}]}',
    ]) {
      expect(fromEnvironment({ ...env, REWIND_PLAN: text })?.plan).toBeUndefined();
    }
  });
});

describe('instrumentFile() with a plan', () => {
  function loader(
    settings: LoaderContext['settings'],
  ): LoaderContext & { messages: DrainMessage[]; instrumentedLevels: string[] } {
    const messages: DrainMessage[] = [];
    const instrumentedLevels: string[] = [];
    const control = new Int32Array(new SharedArrayBuffer(64));
    control[Control.PROBE_COUNTER] = 1;
    return {
      messages,
      instrumentedLevels,
      settings,
      control,
      filter: createFileFilter({ include: [], exclude: [], root: ROOT }),
      cache: new InstrumentCache(''),
      probeFlags: new Uint8Array(64),
      post: (message) => messages.push(message),
      instrument: (code, options) => {
        instrumentedLevels.push(`${options.filename}:${options.level}`);
        return tryInstrument(code, options);
      },
      instrumented: 0,
    };
  }
  const plan = buildLevelPlan({ focus: ['focus.js'], level: 'none' });

  it('instruments each file at its planned level and registers a `none` file without probes or ids', () => {
    const context = loader({ level: 'calls', redact: true, plan, root: ROOT });
    expect(instrumentFile(context, 'x()', `${ROOT}/focus.js`, 'commonjs')).toContain('x()');
    expect(instrumentFile(context, 'y()', `${ROOT}/other.js`, 'commonjs')).toBeUndefined();
    expect(context.instrumentedLevels).toEqual([`${ROOT}/focus.js:full`]);
    const files = context.messages.flatMap((message) =>
      message.type === 'file' && !message.packed
        ? [JSON.parse(Buffer.from(message.json).toString()) as RegisteredFile]
        : [],
    );
    expect(
      files.map(({ path, level, reason, probeBase, probes }) => ({
        path,
        level,
        reason,
        probeBase,
        probes: probes.length,
      })),
    ).toEqual([
      { path: `${ROOT}/focus.js`, level: 'full', reason: 'focus focus.js', probeBase: 1, probes: expect.any(Number) },
      { path: `${ROOT}/other.js`, level: 'none', reason: 'default', probeBase: 0, probes: 0 },
    ]);
    // The `none` file took no probe ids: the counter moved by the focused file's probes only.
    // (Its table is binary, format 3.11: the FILE says the count, PACKED_PROBES records hold the probes.)
    const focusedProbes = files[0].packedProbes?.probeCount ?? 0;
    expect(focusedProbes).toBeGreaterThan(0);
    expect(context.control[Control.PROBE_COUNTER]).toBe(1 + focusedProbes);
  });

  it('TypeScript must be transformed: `none` becomes `calls` there', () => {
    const context = loader({ level: 'calls', redact: true, plan, root: ROOT });
    instrumentFile(context, 'let a: number = 1', `${ROOT}/types.ts`, 'commonjs');
    expect(context.instrumentedLevels).toEqual([`${ROOT}/types.ts:calls`]);
    const file = context.messages.find((message) => message.type === 'file');
    expect(file?.type === 'file' && JSON.parse(Buffer.from(file.json).toString())).toMatchObject({
      level: 'calls',
      reason: 'default; none → calls: TypeScript is always transformed',
    });
  });
});
