// How a recorded program's event loop ends (issue 14 item 1): as in a plain run, with the one
// documented difference pinned. The recorder runs no callback of its own through Node's timer list
// (its idle flush is asked for by the drain: runtime/recorder/idleFlush.ts), but Node's Worker
// start, which no recorder can avoid, leaves closing handles that turn the loop once more at the
// end. Plain vs recorded through the real CLI, on this Node and on Node 24 (REWIND_NODE24).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'end-of-run');

describe.each(nodeBinaries())('the end of a recorded run on $label', ({ path: nodeBinary }) => {
  it("'beforeExit' comes once, with no resource of the recorder's left, as in a plain run", () => {
    const run = runPlainAndRecorded(nodeBinary, join(FIXTURES, 'before-exit.js'));
    try {
      // Plain, stdout's own pipe is the one resource left (Node keeps it); recorded, the same one.
      expect(run.plain.stdout).toMatch(/^total 499500\nbeforeExit 1, resources \[.*\]\nexit after 1 beforeExit\n$/);
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      expect(run.recorded.stderr).toBe(run.plain.stderr);
      expect(run.recorded.status).toBe(0);
    } finally {
      run.cleanup();
    }
  });

  it("documented difference: an unref'd timer already due at the program's end fires once recorded", () => {
    const run = runPlainAndRecorded(nodeBinary, join(FIXTURES, 'unref-due-timer.js'));
    try {
      expect(run.plain.stdout).toBe('end\n');
      // README, Fidelity: Node's Worker start closes the ports it transfers; the closing handles
      // turn the loop once more after the program's last line. If this starts to match the plain
      // run, remove the difference from the README.
      expect(run.recorded.stdout).toBe('end\nunref timer fired\n');
      expect(run.recorded.status).toBe(run.plain.status);
    } finally {
      run.cleanup();
    }
  });
});
