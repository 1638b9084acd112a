// Starting the user's program for a launch, whatever records it (a live session, a deferred run):
// the paths checked first so a missing one is named, the bootloader found, the program started
// into the collector with piped output, and a spawn failure said as a launch error. Knows nothing
// of what the recording does with the program once it runs.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { RecorderSettings } from '../../runtime/format';
import { launchIntoCollector, type LaunchedProgram, type TraceCollector } from '../recording';
import { DapError, DapErrorId } from './errors';
import type { ProgramPlan } from './launchConfig';

/**
 * The program started into `collector` (which learns its exit, so a death by signal ends the trace
 * with reason 'signal'). Throws a launch error naming a missing program or working directory:
 * spawn would report either as the runtime's ENOENT ("cannot start /usr/bin/node").
 */
export function launchPlannedProgram(
  collector: TraceCollector,
  plan: ProgramPlan,
  settings: RecorderSettings,
): LaunchedProgram {
  const missing = missingPath(plan);
  if (missing) throw new DapError(`launch: ${missing}`, DapErrorId.LAUNCH_FAILED);
  return launchIntoCollector(collector, {
    program: plan.program,
    args: plan.args,
    cwd: plan.cwd,
    env: plan.env,
    runtimeExecutable: plan.runtimeExecutable,
    runtimeArgs: plan.runtimeArgs,
    settings,
    bootloaderPath: bootloaderPath(),
    stdio: 'pipe',
  });
}

/** The launch error for a program the runtime could not start. */
export function spawnFailure(plan: ProgramPlan, spawnError: string): DapError {
  return new DapError(
    `launch: cannot start ${JSON.stringify(plan.runtimeExecutable)}: ${spawnError}`,
    DapErrorId.LAUNCH_FAILED,
  );
}

/** dist/bootloader.js beside this bundle (dist/debugAdapter.js, dist/cli.js, dist/extension.js). */
export function bootloaderPath(): string {
  const candidates = [path.join(__dirname, 'bootloader.js'), path.resolve(__dirname, '../../dist/bootloader.js')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new DapError(
      `launch: the recorder's bootloader is missing (looked for ${candidates.join(', ')}); run npm run build`,
      DapErrorId.LAUNCH_FAILED,
    );
  return found;
}

/** The first path the launch needs that does not exist, said the way the user wrote it. */
function missingPath(plan: ProgramPlan): string | undefined {
  if (!existsSync(plan.cwd))
    return `the working directory ${JSON.stringify(plan.cwd)} does not exist${plan.cwd === path.dirname(plan.program) ? ` (it is the folder of "program" ${JSON.stringify(plan.program)})` : ''}`;
  if (!existsSync(plan.program)) return `the program ${JSON.stringify(plan.program)} does not exist`;
  return undefined;
}
