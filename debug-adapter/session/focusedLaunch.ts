// Focused recording at launch: where the user is looking decides what is recorded at `full`, and
// the client sends its breakpoints only after `initialized` — possibly after `launch`. So a focused
// launch answers at once and starts the program when configurationDone says the breakpoints are
// all in (or after a bounded wait), with the files holding breakpoints, logpoints and the active
// editor as focus; then prints the plan once to the Debug Console. Knows no replay.
import * as path from 'node:path';
import { buildLevelPlan, describePlan, type FocusFile } from '../recording';
import type { SessionContext } from './context';
import type { ProgramPlan } from './launchConfig';

/** A client that never sends configurationDone still gets its program run, this much later. */
const CONFIGURATION_WAIT_MS = 5000;

/** Waits for the configuration phase to end (bounded); false when the session ended meanwhile. */
export async function awaitConfiguration(context: SessionContext): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CONFIGURATION_WAIT_MS);
  });
  await Promise.race([context.configurationDone.wait(), timeout]);
  clearTimeout(timer);
  return !context.ending && !context.openAbort.signal.aborted;
}

/** The plan with the files the user is looking at now: breakpoint files, logpoint files, the active editor's. */
export function withFocusFiles(plan: ProgramPlan, context: SessionContext): ProgramPlan {
  const focusFiles: FocusFile[] = context.breakpoints.filesWithBreakpoints().map(({ clientPath, logpointsOnly }) => ({
    path: path.resolve(plan.cwd, clientPath),
    reason: logpointsOnly ? 'logpoint' : 'breakpoint',
  }));
  if (plan.activeEditorFile)
    focusFiles.push({ path: path.resolve(plan.cwd, plan.activeEditorFile), reason: 'active editor' });
  return { ...plan, focusFiles };
}

/** The plan's lines for the Debug Console, once, before the program's own output. */
export function announcePlan(plan: ProgramPlan, context: SessionContext): void {
  const levelPlan = buildLevelPlan(plan);
  if (!levelPlan) return;
  const lines = describePlan(levelPlan)
    .map((line) => `[rewind]   ${line}\n`)
    .join('');
  context.output.write('console', `[rewind] focused recording — level, files, why:\n${lines}`);
}
