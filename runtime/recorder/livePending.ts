// Breakpoints in modules loaded after a live session started (issue 13 item 3): the adapter sends
// every line breakpoint by file with each breakpoints control line, the drain publishes them
// (sharedText.ts), and a loader — on whichever thread it runs — consults them as it registers a
// file's probes, flagging the step probes each line snaps to before any of the file's code runs
// (the adapter learns the file only later). Knows the stop table and probe infos; not the adapter.
import type { PendingBreakpoints } from '../format/liveControl';
import type { ProbeInfo } from '../format/probes';
import { B } from './builtins';
import { readText, textArea, textGeneration, type TextArea } from './sharedText';
import { PENDING_AREA_OFFSET, StopFlag } from './stopTable';

/** How far below a line a breakpoint snaps to the first line with steps (as replay/breakpointSetup.ts binds it). */
const SNAP_LINES = 50;

let area: TextArea | undefined;
let areaOf: ArrayBufferLike | undefined;
let readGeneration = -1;
let pending: PendingBreakpoints[] = B.list<PendingBreakpoints>();

/** Flags BREAK on the step probes of `filename` that pending breakpoints bind to. */
export function flagPendingBreakpoints(table: Uint8Array, filename: string, probes: ProbeInfo[], base: number): void {
  const lines = pendingLines(table, filename);
  if (lines === undefined) return;
  const stepsByLine = new B.Map() as Map<number, number[]>;
  for (let localId = 0; localId < probes.length; localId++) {
    const kind = probes[localId].kind;
    if (kind !== 'statement' && kind !== 'loopHead') continue;
    const line = probes[localId].range.start.line1;
    const onLine = (B.mapGet(stepsByLine, line) as number[] | undefined) ?? B.list<number>();
    B.listPush(onLine, localId);
    B.mapSet(stepsByLine, line, onLine);
  }
  for (let index = 0; index < lines.length; index++) {
    for (let line = lines[index]; line < lines[index] + SNAP_LINES; line++) {
      const onLine = B.mapGet(stepsByLine, line) as number[] | undefined;
      if (onLine === undefined) continue;
      for (let at = 0; at < onLine.length; at++)
        if (base + onLine[at] < PENDING_AREA_OFFSET) table[base + onLine[at]] |= StopFlag.BREAK;
      break;
    }
  }
}

/** The pending lines for `filename`, or undefined when none (read again whenever the drain republished). */
function pendingLines(table: Uint8Array, filename: string): number[] | undefined {
  if (areaOf !== table.buffer) {
    areaOf = table.buffer;
    area = textArea(table.buffer, PENDING_AREA_OFFSET);
    readGeneration = -1;
  }
  if (area === undefined) return undefined;
  const generation = textGeneration(area);
  if (generation !== readGeneration) {
    const text = readText(area, generation);
    if (text === undefined) return undefined; // being rewritten: the adapter binds the file once it learns it
    pending = text ? (B.JSONParse(text) as PendingBreakpoints[]) : B.list<PendingBreakpoints>();
    readGeneration = generation;
  }
  const path = normalised(filename);
  for (let index = 0; index < pending.length; index++)
    if (normalised(pending[index].path) === path) return pending[index].lines;
  return undefined;
}

/** Forward slashes, and a Windows drive letter in lower case (as the adapter's probe tables compare paths). */
function normalised(path: string): string {
  let slashed = '';
  for (let index = 0; index < path.length; index++) slashed += path[index] === '\\' ? '/' : path[index];
  const drive = slashed.length > 2 && slashed[1] === ':' && slashed[2] === '/';
  if (!drive) return slashed;
  const letter = B.stringCharCodeAt(slashed, 0);
  const lower = letter >= 65 && letter <= 90 ? letter + 32 : letter;
  return B.StringFromCharCode(lower) + B.stringSlice(slashed, 1);
}
