// A per-user directory in a shared place (the temp folder) that only this user can have written:
// created 0700, then refused if it is a link, not a directory, someone else's, or open to group or
// others — whoever created the name first would otherwise choose what we read or overwrite (SEC).
// Shared by the trace directory and the instrumentation cache; knows nothing of what they hold.
import { capturedFs } from './capturedNode';

const { chmodSync, lstatSync, mkdirSync } = capturedFs;

export interface OwnedDirectoryOptions {
  /** Narrow an own directory's mode to 0700 instead of refusing it (nothing in it is ever read back). */
  tightenMode?: boolean;
}

export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/** Creates `directory` if missing; returns why it must not be used, or undefined when it is ours alone. */
export function ownedDirectoryProblem(directory: string, options: OwnedDirectoryOptions = {}): string | undefined {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      return `${directory} cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  const stat = lstatSync(directory);
  const uid = currentUid();
  if (stat.isSymbolicLink()) return `${directory} is a symbolic link`;
  if (!stat.isDirectory()) return `${directory} is not a directory`;
  if (uid !== undefined && stat.uid !== uid) return `${directory} is owned by uid ${stat.uid}, not by you (uid ${uid})`;
  // Windows reports no meaningful group/other bits: its ACLs are the user's profile's.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    if (!options.tightenMode)
      return `${directory} is accessible to group or others (mode ${(stat.mode & 0o777).toString(8)})`;
    chmodSync(directory, 0o700);
  }
  return undefined;
}
