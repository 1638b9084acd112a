// The Node binaries a plain-vs-recorded comparison runs on: this one, plus Node 24 when CI names it
// in REWIND_NODE24 (a name that points nowhere is an error, never a silent skip).
import { existsSync } from 'node:fs';

export function nodeBinaries(): Array<{ label: string; path: string }> {
  const binaries = [{ label: `node ${process.version}`, path: process.execPath }];
  const node24 = process.env.REWIND_NODE24;
  if (node24) {
    if (!existsSync(node24)) throw new Error(`REWIND_NODE24 points at a missing file: ${node24}`);
    binaries.push({ label: 'node 24 (REWIND_NODE24)', path: node24 });
  }
  return binaries;
}
