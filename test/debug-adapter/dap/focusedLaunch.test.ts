// The adapter's half of focused recording without a program: the launch attributes (`focus`,
// `levels`, `level: "none"`, `activeEditorFile`), the files the user is looking at (breakpoints,
// logpoint-only files, the active editor) becoming the plan's focus, and the plan's console lines.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { SessionContext } from '../../../debug-adapter/session/context';
import { announcePlan, withFocusFiles } from '../../../debug-adapter/session/focusedLaunch';
import { makesCall } from '../../../debug-adapter/session/unrecorded';
import { planLaunch, type ProgramPlan } from '../../../debug-adapter/session/launchConfig';

function programPlan(extra: Record<string, unknown>): ProgramPlan {
  const plan = planLaunch({ program: '/ws/main.js', cwd: '/ws', ...extra });
  if (plan.kind !== 'program') throw new Error('expected a program plan');
  return plan;
}

describe('focused launch', () => {
  it('reads focus, levels and level "none", naming what is wrong', () => {
    expect(
      programPlan({
        focus: ['src/**'],
        levels: { 'vendor/**': 'none' },
        level: 'none',
        activeEditorFile: '/ws/open.js',
      }),
    ).toMatchObject({
      focus: ['src/**'],
      levels: { 'vendor/**': 'none' },
      level: 'none',
      activeEditorFile: '/ws/open.js',
    });
    expect(programPlan({})).toMatchObject({ focus: undefined, levels: undefined });
    expect(() => programPlan({ levels: { 'a/**': 'most' } })).toThrow(
      /"levels" must be an object mapping globs to "full", "calls", "none"/,
    );
    expect(() => programPlan({ levels: ['a/**'] })).toThrow(/"levels" must be an object mapping globs/);
    expect(() => programPlan({ focus: 'src/**' })).toThrow(/"focus" must be an array of strings/);
  });

  it("files with breakpoints, files with only logpoints and the active editor's file become the focus", () => {
    const events: DebugProtocol.Event[] = [];
    const context = new SessionContext((event) => events.push(event));
    context.breakpoints.setLines('/ws/b.js', [{ line: 3 }, { line: 4, logMessage: 'x' }]);
    context.breakpoints.setLines('/ws/log.js', [{ line: 1, logMessage: 'y={y}' }]);
    context.breakpoints.setLines('/ws/cleared.js', []);
    const plan = withFocusFiles(programPlan({ focus: [], activeEditorFile: '/ws/open.js' }), context);
    expect(plan.focusFiles).toEqual([
      { path: '/ws/b.js', reason: 'breakpoint' },
      { path: '/ws/log.js', reason: 'logpoint' },
      { path: '/ws/open.js', reason: 'active editor' },
    ]);

    announcePlan(plan, context);
    context.output.flush();
    const printed = events
      .filter((event) => event.event === 'output')
      .map((event) => (event.body as { output: string }).output)
      .join('');
    expect(printed).toBe(
      [
        '[rewind] focused recording — level, files, why:',
        '[rewind]   full   /ws/b.js  (breakpoint)',
        '[rewind]   full   /ws/log.js  (logpoint)',
        '[rewind]   full   /ws/open.js  (active editor)',
        '[rewind]   calls  every other recorded file  (default)',
        '',
      ].join('\n'),
    );
  });

  it('an unfocused launch prints no plan', () => {
    const events: DebugProtocol.Event[] = [];
    const context = new SessionContext((event) => events.push(event));
    announcePlan(programPlan({ level: 'calls' }), context);
    context.output.flush();
    expect(events).toEqual([]);
  });
});

describe('does a line make a call? (when Step Into found nothing to enter)', () => {
  it.each([
    ["const loud = shout('hi');", true],
    ['obj.method?.(1)', true],
    ['fns[0](x)', true],
    ['(() => 1)()', true],
    ['if (a > b) {', false],
    ['for (let i = 0; i < n; i++) {', false],
    ['while (x) x--;', false],
    ['return (a + b);', false],
    ['function f(a, b) {', false],
    ['const x = typeof (y);', false],
    ['if (ready(x)) go();', true],
  ])('%s → %s', (line, expected) => {
    expect(makesCall(line)).toBe(expected);
  });
});
