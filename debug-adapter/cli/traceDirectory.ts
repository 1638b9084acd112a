// Where `rewind record` puts a trace when no --out is given (SEC-10): a per-user 0700 directory
// outside any workspace, `<tmpdir>/rewind-<uid>/`, refused if someone else owns it or it is a link.
// Knows nothing of trace contents.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { CliError } from './errors';

export function privateTraceDirectory(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const directory = join(tmpdir(), `rewind-${uid ?? userInfo().username}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stat = lstatSync(directory);
  // A shared tmpdir lets anyone create this name first: never write traces into theirs.
  if (!stat.isDirectory() || stat.isSymbolicLink() || (uid !== undefined && stat.uid !== uid)) {
    throw new CliError(`${directory} is not a directory owned by you; pass --out FILE`);
  }
  if ((stat.mode & 0o777) !== 0o700) chmodSync(directory, 0o700);
  return directory;
}
