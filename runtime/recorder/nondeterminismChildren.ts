// Deferred recording's synchronous child processes: child_process.spawnSync, execSync and
// execFileSync. A deferred run starts each child for real and logs how it ended (spawnSync's result
// object, execSync's return value or thrown error, and the chunk execSync passed on to the
// program's stderr). Its re-execution, possibly days later, must not start it again (a `git` that
// now answers otherwise, an `rm -rf`, a deploy): it returns or throws the logged outcome and passes
// on the same stderr chunk, like nondeterminismWrites.ts's fed writes. All three are wrapped, since
// Node's execSync and execFileSync call their module's own spawnSync, not the exported one. The
// asynchronous forms make a PROCESSWRAP, which nondeterminismUnsupported.ts refuses.
// Knows these functions and what they give back, not the log's encoding (nondeterminismChildValues.ts).
import childProcess from 'node:child_process';
import { ndSourceId, type NdSource } from '../format/deferred';
import { B } from './builtins';
import { decodeChildValue, encodeChildValue } from './nondeterminismChildValues';
import { enterLoggedOperation, leaveLoggedOperation } from './nondeterminismNesting';
import type { Tap } from './nondeterminismTap';
import { replaceFunction, type AnyFunction } from './nondeterminismWrap';
import { observeStderr } from './output';
import { applyHidingOwnFrames } from './ownFrames';
import { shapedLike } from './standIn';

/** Captured at load: execSync writes to the real process's stderr, whatever the program names `process`. */
const realProcess = process;

/** The wrapped functions: key, source, and whether Node passes the child's piped stderr on to the program's. */
const SYNC_FORMS: ReadonlyArray<readonly [string, NdSource, boolean]> = [
  ['spawnSync', 'child_process.spawnSync', false],
  ['execSync', 'child_process.execSync', true],
  ['execFileSync', 'child_process.execFileSync', true],
];

/**
 * Frames of ours between the program's call and Node's function (the stand-in, its body, performed,
 * tap.read, the operation, applyHidingOwnFrames): hidden from the stack of an error Node makes.
 */
const OWN_FRAMES = 6;

/** One logged outcome (JSON): returned `r` or thrown `t`; `w`, the chunk passed on to stderr, if one was. */
interface LoggedOutcome {
  r?: unknown;
  t?: unknown;
  w?: unknown;
}

export function wrapChildren(tap: Tap, reexecuting: boolean): void {
  for (let index = 0; index < SYNC_FORMS.length; index++) {
    const [key, name, passesStderrOn] = SYNC_FORMS[index];
    const source = ndSourceId(name);
    replaceFunction(childProcess, key, (real) =>
      shapedLike(real, (self, args) =>
        reexecuting ? fed(tap, source, real) : performed(tap, source, real, self, args, passesStderrOn),
      ),
    );
  }
}

/** A deferred run's call: the child runs; its outcome is logged and given to the program as it came. */
function performed(
  tap: Tap,
  source: number,
  real: AnyFunction,
  self: unknown,
  args: unknown[],
  passesStderrOn: boolean,
): unknown {
  let threw = false;
  let outcome: unknown;
  const operation = (): LoggedOutcome => {
    let passedOn = false;
    let chunk: unknown;
    const previous = passesStderrOn
      ? observeStderr((written) => {
          if (passedOn) return; // Node writes once: a second write is the program's own stderr.write's
          passedOn = true;
          chunk = written;
        })
      : undefined;
    // What Node calls of wrapped functions meanwhile (fs, ...) is this operation's own.
    enterLoggedOperation();
    try {
      outcome = applyHidingOwnFrames(real, self, args, OWN_FRAMES);
    } catch (error) {
      threw = true;
      outcome = error;
    } finally {
      leaveLoggedOperation();
      if (passesStderrOn) observeStderr(previous);
    }
    const logged: LoggedOutcome = threw ? { t: encodeChildValue(outcome) } : { r: encodeChildValue(outcome) };
    if (passedOn) logged.w = encodeChildValue(chunk);
    return logged;
  };
  tap.read(source, 'json', operation, undefined, []);
  if (threw) throw outcome;
  return outcome;
}

/** A re-execution's call: no child; the logged stderr chunk is passed on, the logged outcome returned or thrown. */
function fed(tap: Tap, source: number, real: AnyFunction): unknown {
  const logged = tap.read(source, 'json', real, undefined, []) as LoggedOutcome;
  if (B.hasOwn(logged, 'w')) realProcess.stderr.write(decodeChildValue(logged.w) as string);
  if (B.hasOwn(logged, 't')) throw decodeChildValue(logged.t);
  return decodeChildValue(logged.r);
}
