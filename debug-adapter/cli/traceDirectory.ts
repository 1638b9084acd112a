// Where `rewind record` puts a trace when no --out is given (SEC-10): a per-user 0700 directory
// outside any workspace, `<tmpdir>/rewind-<uid>/`, refused if someone else owns it or it is a link.
// Knows nothing of trace contents.
import { privateTraceFolder } from '../recording/liveTraceFile';
import { CliError } from './errors';

export function privateTraceDirectory(): string {
  const { directory, problem } = privateTraceFolder();
  if (problem) throw new CliError(`${problem}; pass --out FILE`);
  return directory;
}
