// The session's small parts on their own: framing of malformed input, output coalescing and caps
// (DAP-15), client line/column bases, envFile parsing, skipFiles/outFiles globs, source maps.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FrameReader } from '../../../debug-adapter/session/framing';
import { parseEnvFile, planLaunch } from '../../../debug-adapter/session/launchConfig';
import { OutputThrottle, type OutputCategory } from '../../../debug-adapter/session/outputThrottle';
import { ClientPositions } from '../../../debug-adapter/session/positions';
import { SessionContext } from '../../../debug-adapter/session/context';
import { PROGRESS_MIN_BYTES, PROGRESS_UPDATE_MS, ProgressReporter } from '../../../debug-adapter/session/progress';
import { globListMatcher } from '../../../debug-adapter/sourceMaps/glob';
import { SourceMapper } from '../../../debug-adapter/sourceMaps/sourceMapper';
import { fixture, lineOf } from './support/fixtures';

function frames(...parts: string[]): Buffer {
  return Buffer.from(parts.map((json) => `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`).join(''));
}

describe('FrameReader', () => {
  it('reads messages split anywhere and reports bad ones without losing the next', () => {
    const messages: unknown[] = [];
    const problems: string[] = [];
    const reader = new FrameReader({
      message: (value) => messages.push(value),
      malformed: (problem) => problems.push(problem),
    });
    const bytes = Buffer.concat([
      frames('{"a":1}', '{oops', '{"b":"é"}'),
      Buffer.from('Content-Length: x\r\n\r\n'),
      frames('{"c":3}'),
    ]);
    for (let index = 0; index < bytes.length; index += 3) reader.push(bytes.subarray(index, index + 3));
    expect(messages).toEqual([{ a: 1 }, { b: 'é' }, { c: 3 }]);
    expect(problems).toHaveLength(2);
  });

  it('drops an endless header instead of growing without bound', () => {
    const problems: string[] = [];
    const reader = new FrameReader({ message: () => undefined, malformed: (problem) => problems.push(problem) });
    reader.push(Buffer.alloc(9000, 'x'));
    expect(problems).toEqual(['header too long']);
  });
});

describe('ProgressReporter', () => {
  function reporter(supportsProgressReporting: boolean) {
    const events: Array<{ event: string; body: { percentage?: number } }> = [];
    const context = new SessionContext((event) => events.push(event as never));
    context.client = { supportsProgressReporting };
    let nowMs = 0;
    return {
      events,
      progress: new ProgressReporter(context, () => nowMs),
      advance: (ms: number) => {
        nowMs += ms;
      },
    };
  }

  it('starts for a large recording, updates at most every interval by bytes, and ends', () => {
    const { events, progress, advance } = reporter(true);
    const total = 10 * PROGRESS_MIN_BYTES;
    for (let done = 0; done < total; done += total / 1000) {
      progress.report(done, total, 'indexing');
      advance(PROGRESS_UPDATE_MS / 100);
    }
    progress.report(total, total, 'indexed');
    expect(events[0]).toMatchObject({ event: 'progressStart', body: { percentage: 0 } });
    expect(events.at(-1)?.event).toBe('progressEnd');
    const updates = events.filter((event) => event.event === 'progressUpdate');
    // 1000 reports over 10 intervals: about one update per interval, never one per report.
    expect(updates.length).toBeGreaterThan(5);
    expect(updates.length).toBeLessThanOrEqual(10);
    expect(
      updates.every((update, index) => index === 0 || update.body.percentage! > updates[index - 1].body.percentage!),
    ).toBe(true);
  });

  it('shows nothing for a small recording or a client without progress support', () => {
    for (const [supports, total] of [
      [true, PROGRESS_MIN_BYTES / 2],
      [false, PROGRESS_MIN_BYTES * 4],
    ] as const) {
      const { events, progress } = reporter(supports);
      progress.report(0, total, 'indexing');
      progress.report(total / 2, total, 'indexing');
      progress.report(total, total, 'indexed');
      expect(events).toEqual([]);
    }
  });
});

describe('OutputThrottle (DAP-15)', () => {
  it('coalesces chunks per category, caps each flush at a line end and announces what it dropped', () => {
    vi.useFakeTimers();
    const emitted: Array<[OutputCategory, string]> = [];
    const throttle = new OutputThrottle({
      flushIntervalMs: 50,
      maxBytesPerFlush: 100,
      tailBytes: 0,
      emit: (category, text) => emitted.push([category, text]),
    });
    for (let index = 0; index < 50; index++) throttle.write('stdout', 'abcde');
    throttle.write('stderr', 'late');
    expect(emitted).toHaveLength(0);
    vi.advanceTimersByTime(60);
    expect(emitted[0]).toEqual(['stdout', 'abcde'.repeat(20)]);
    expect(emitted[1][0]).toBe('important');
    expect(emitted[1][1]).toContain('154 characters were not shown');
    throttle.write('stdout', 'next');
    throttle.flush();
    expect(emitted[2]).toEqual(['stdout', 'next']);
    vi.useRealTimers();
  });

  it('a flood of 200k lines shows its head and its last lines, whole, with the gap counted (issue 10 item 11)', () => {
    const emitted: Array<[OutputCategory, string]> = [];
    const throttle = new OutputThrottle({
      flushIntervalMs: 50,
      maxBytesPerFlush: 64 * 1024,
      emit: (category, text) => emitted.push([category, text]),
    });
    // Written in odd-sized chunks, so no chunk boundary falls on a line end.
    const all = Array.from({ length: 200_000 }, (_, index) => `line ${index}\n`).join('');
    for (let at = 0; at < all.length; at += 777) throttle.write('stdout', all.slice(at, at + 777));
    throttle.flush();
    const note = emitted.findIndex(([category]) => category === 'important');
    expect(note).toBeGreaterThan(0);
    const head = emitted
      .slice(0, note)
      .map(([, text]) => text)
      .join('');
    const tail = emitted
      .slice(note + 1)
      .map(([, text]) => text)
      .join('');
    expect(head.startsWith('line 0\n')).toBe(true);
    expect(head.endsWith('\n')).toBe(true); // never cut mid-line
    expect(tail.endsWith('line 199999\n')).toBe(true); // the program's last line shows
    expect(tail).toMatch(/^line \d+\n/); // the tail starts at a line start
    expect(head.length).toBeLessThanOrEqual(64 * 1024);
    expect(tail.length).toBeLessThanOrEqual(16 * 1024);
    const headLines = head.split('\n').length - 1;
    const tailLines = tail.split('\n').length - 1;
    const missing = 200_000 - headLines - tailLines;
    expect(emitted[note][1]).toContain(
      `${missing} lines (${all.length - head.length - tail.length} characters) were not shown`,
    );
    // what is shown is exactly the head and the tail of what was written
    expect(all.startsWith(head) && all.endsWith(tail)).toBe(true);
  });

  it('chunks that say where they were printed stay messages of their own, up to a budget per flush', () => {
    const emitted: Array<[OutputCategory, string, number | undefined]> = [];
    const throttle = new OutputThrottle<number>({
      flushIntervalMs: 50,
      maxBytesPerFlush: 1000,
      maxPlacedPerFlush: 2,
      emit: (category, text, where) => emitted.push([category, text, where]),
    });
    throttle.write('stdout', 'a\n', 1);
    throttle.write('stdout', 'b\n', 2);
    throttle.write('stdout', 'c\n', 3);
    throttle.write('stdout', 'd\n');
    throttle.flush();
    // The third placed chunk is over the budget: it merges with its placeless neighbour.
    expect(emitted).toEqual([
      ['stdout', 'a\n', 1],
      ['stdout', 'b\n', 2],
      ['stdout', 'c\nd\n', undefined],
    ]);
  });

  it('one endless line without a line end still shows its end', () => {
    const emitted: Array<[OutputCategory, string]> = [];
    const throttle = new OutputThrottle({
      flushIntervalMs: 50,
      maxBytesPerFlush: 100,
      emit: (category, text) => emitted.push([category, text]),
    });
    for (let index = 0; index < 100; index++) throttle.write('stderr', `${index % 10}`.repeat(10));
    throttle.flush();
    expect(emitted[0][1]).toHaveLength(100);
    expect(emitted[1][1]).toContain('875 characters were not shown');
    expect(emitted[2]).toEqual(['stderr', `${'7'.repeat(5)}${'8'.repeat(10)}${'9'.repeat(10)}`]);
  });
});

describe('ClientPositions', () => {
  it('converts acorn positions to the client bases and back', () => {
    const positions = new ClientPositions();
    expect(positions.toClient({ line1: 3, column0: 0 })).toEqual({ line: 3, column: 1 });
    positions.configure(false, false);
    expect(positions.toClient({ line1: 3, column0: 0 })).toEqual({ line: 2, column: 0 });
    expect(positions.fromClientLine(2)).toBe(3);
    expect(positions.fromClientColumn(undefined)).toBeUndefined();
  });
});

describe('launch configuration', () => {
  it('parses envFile lines; env wins over envFile; null removes', () => {
    expect(parseEnvFile('# comment\nA=1\nexport B="two\\nlines"\nC = \'q\'\n\nbad line')).toEqual({
      A: '1',
      B: 'two\nlines',
      C: 'q',
    });
    const folder = mkdtempSync(path.join(tmpdir(), 'rewind-env-'));
    writeFileSync(path.join(folder, '.env'), 'A=file\nB=file\n');
    const plan = planLaunch({
      program: 'main.js',
      cwd: folder,
      envFile: path.join(folder, '.env'),
      env: { A: 'env', C: null },
    });
    expect(plan).toMatchObject({
      kind: 'program',
      program: path.join(folder, 'main.js'),
      env: { A: 'env', B: 'file', C: null },
    });
  });

  it('names the attribute that is wrong', () => {
    expect(() => planLaunch({})).toThrow(/"program".*or "trace"/);
    expect(() => planLaunch({ program: '/x.js', args: 'no' })).toThrow(/"args" must be an array of strings/);
    expect(() => planLaunch({ program: '/x.js', level: 'everything' })).toThrow(/"level" must be one of/);
    expect(() => planLaunch({ program: '/x.js', trace: '/t.rwd' })).toThrow(/not both/);
    expect(() => planLaunch({ program: '/x.js', expandUntilMs: 500 })).toThrow(/"expandUntilMs".*"deferred": true/);
    expect(() => planLaunch({ trace: '/t.rwd', expandUntilMs: -1 })).toThrow(/"expandUntilMs"/);
    expect(planLaunch({ program: '/x.js', deferred: true, expandUntilMs: 500 }).attributes.expandUntilMs).toBe(500);
    expect(planLaunch({ trace: '/t.rwd', stopOnEntry: true })).toMatchObject({
      kind: 'trace',
      tracePath: '/t.rwd',
      stopOnEntry: true,
    });
  });
});

describe('globs', () => {
  it('match with ** and * and honour exclusions', () => {
    const matches = globListMatcher(['/w/**/*.js', '!**/node_modules/**'], false);
    expect(matches('/w/a/b.js')).toBe(true);
    expect(matches('/w/b.js')).toBe(true);
    expect(matches('/w/node_modules/x/b.js')).toBe(false);
    expect(matches('/w/b.ts')).toBe(false);
    expect(globListMatcher([], true)('/anything')).toBe(true);
  });
});

describe('SourceMapper', () => {
  const js = fixture('compiled/out/math.js');
  const ts = fixture('compiled/src/math.ts');

  it('maps a compiled line to its .ts line and back', () => {
    const mapper = new SourceMapper({ outFiles: [fixture('compiled/out/**/*.js')] });
    mapper.addGeneratedFile(js);
    const tsLine = lineOf(ts, 'map-sum');
    const generated = mapper.toGenerated(ts, tsLine);
    expect(generated.length).toBeGreaterThan(0);
    expect(generated[0].path).toBe(js);
    // esbuild drops comments, so find the compiled line by its code.
    const jsLine =
      readFileSync(js, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('const sum =')) + 1;
    expect(generated[0].line1).toBe(jsLine);
    expect(jsLine).not.toBe(tsLine);
    expect(mapper.toOriginal(generated[0])).toMatchObject({ path: ts, line1: tsLine });
    expect(mapper.isOriginalSource(ts)).toBe(true);
  });

  it('ignores files outside outFiles', () => {
    const mapper = new SourceMapper({ outFiles: ['/elsewhere/**/*.js'] });
    mapper.addGeneratedFile(js);
    expect(mapper.hasMap(js)).toBe(false);
  });
});
