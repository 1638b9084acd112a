// Who called into Rewind's stand-in of a Node function: the file of the first stack frame that is
// neither Rewind's own (its wrappers of the function sit in between) nor a builtin's (no file: a
// callback of Array.prototype.map or Promise's executor), read from V8's raw call sites.
// For the few calls Rewind must tell apart by caller, not by arguments: Node's own loaders or fs
// internals calling the public fs functions a deferred run wraps. Takes a stack, so callers ask
// only when their cheap checks leave no other way. Knows call sites; not why they are asked for.
import { B } from './builtins';
import { rawCallSites } from './stackFormat';

/** At most this many frames are looked at: the caller lies under a few of Rewind's wrappers. */
const FRAMES_LOOKED_AT = 16;

type FileNameOf = (this: object) => unknown;

/** CallSite's getFileName and this bundle's file name, taken before the program runs. */
const own = ((): { getFileName: FileNameOf; file: unknown } | undefined => {
  const sites = rawCallSites(1);
  if (!sites || sites.length === 0) return undefined;
  const getFileName = (B.getPrototypeOf(sites[0]) as { getFileName?: FileNameOf }).getFileName;
  if (typeof getFileName !== 'function') return undefined;
  return { getFileName, file: B.apply(getFileName, sites[0], []) };
})();

/** The first frame's file name below the caller, neither Rewind's nor a builtin's, that `wanted` accepts. */
function firstFileBelow(wanted: (fileName: string) => boolean): string | undefined {
  if (!own) return undefined;
  const sites = rawCallSites(FRAMES_LOOKED_AT);
  if (!sites) return undefined;
  for (let i = 0; i < sites.length; i++) {
    const fileName = B.apply(own.getFileName, sites[i], []);
    if (typeof fileName === 'string' && fileName !== own.file && wanted(fileName)) return fileName;
  }
  return undefined;
}

/** The file name of the first frame below the caller that is not Rewind's nor a builtin's; undefined if none. */
export function callerFile(): string | undefined {
  return firstFileBelow(() => true);
}

/**
 * Whether one of `files` is on the stack below the caller (within FRAMES_LOOKED_AT frames): a call
 * made on behalf of that file's code, whatever patched function stands in between (graceful-fs
 * wraps fs.lstat, so Node's rimraf calls Rewind's stand-in through it).
 */
export function calledFromAny(files: ReadonlySet<string>): boolean {
  return firstFileBelow((fileName) => B.setHas(files, fileName)) !== undefined;
}
