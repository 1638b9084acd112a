// Whether a deferred run is inside a logged file-system operation that Node implements with other
// public fs functions (fs.rm over lstat, readdir, unlink; fs.cp over fs.promises; writeFileSync over
// openSync): those inner calls are the outer one's own, and must not be logged, since a re-execution
// is fed the outer operation's outcome and never makes them. The deferred run's log tap asks here
// (an inner read runs unlogged; an inner async read's ticket is 0). A synchronous operation's inner
// calls are those made while it runs (a depth). An asynchronous compound one (rm, rmdir, cp) makes
// them from its own callbacks while the program runs on: they are told apart by Node's rimraf or cp
// (or rm's options check) on the stack below them, only while such an operation is in flight. (A
// depth held for the whole flight left the program's own reads in other callbacks unlogged
// meanwhile, and their re-execution, fed the operation at once, diverged: npm's removal of old log
// files.) On the stack, not as the first caller: a library may have patched the function in between
// (npm's graceful-fs wraps fs.lstat, so the lstat of its rm was logged; fed the rm at once, the
// re-execution waited for an lstat it never made, ran out of work and ended early). Knows depths and
// callers, nothing else.
import { B } from './builtins';
import { calledFromAny } from './callerFile';

/** The Node files whose functions make a compound operation's inner calls (utils: rm's options check, an lstat). */
const COMPOUND_FILES = new B.Set(['node:internal/fs/rimraf', 'node:internal/fs/cp/cp', 'node:internal/fs/utils']);

let depth = 0;
/** Asynchronous compound operations started and not yet completed. */
let compoundsInFlight = 0;

export function enterLoggedOperation(): void {
  depth++;
}

export function leaveLoggedOperation(): void {
  depth--;
}

/** An asynchronous compound operation (rm, rmdir, cp) started: until it ends, its inner calls come. */
export function startCompound(): void {
  compoundsInFlight++;
}

export function endCompound(): void {
  compoundsInFlight--;
}

/** True while a logged operation's own calls run: they are performed, not logged. */
export function insideLoggedOperation(): boolean {
  if (depth > 0) return true;
  return compoundsInFlight > 0 && calledFromAny(COMPOUND_FILES);
}
