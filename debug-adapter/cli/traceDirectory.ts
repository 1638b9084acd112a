// Where `rewind record` puts a trace when no --out is given (SEC-10): a per-user 0700 directory
// outside any workspace, `<tmpdir>/rewind-<uid>/`, refused if someone else owns it or it is a link.
// Knows nothing of trace contents.
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { currentUid, ownedDirectoryProblem } from '../../runtime/ownedDirectory';
import { CliError } from './errors';

export function privateTraceDirectory(): string {
  const directory = join(tmpdir(), `rewind-${currentUid() ?? userInfo().username}`);
  // A shared tmpdir lets anyone create this name first: never write traces into theirs.
  const problem = ownedDirectoryProblem(directory, { tightenMode: true });
  if (problem) throw new CliError(`${problem}; pass --out FILE`);
  return directory;
}
