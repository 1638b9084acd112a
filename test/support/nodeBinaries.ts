// The Node binaries a plain-vs-recorded comparison runs on: this one, plus Node 24 when CI names it
// in REWIND_NODE24, and for the suites that ask, Node 22 when CI names it in REWIND_NODE22 (a name
// that points nowhere is an error, never a silent skip). Node 22 sits between the two in what the
// recorder meets (no trackPromises, a lazily loaded AsyncLocalStorage, in-thread module hooks): the
// INS corpus runs on it; the other suites stay on 20 and 24 to keep CI under its budget.
import { existsSync } from 'node:fs';

export function nodeBinaries(options: { node22?: boolean } = {}): Array<{ label: string; path: string }> {
  const binaries = [{ label: `node ${process.version}`, path: process.execPath }];
  const named = (variable: string, label: string): void => {
    const path = process.env[variable];
    if (!path) return;
    if (!existsSync(path)) throw new Error(`${variable} points at a missing file: ${path}`);
    binaries.push({ label, path });
  };
  if (options.node22) named('REWIND_NODE22', 'node 22 (REWIND_NODE22)');
  named('REWIND_NODE24', 'node 24 (REWIND_NODE24)');
  return binaries;
}
