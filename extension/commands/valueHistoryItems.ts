// The rows of "Show Value History" (issue 15 §4): one per write the adapter listed, in time order —
// the value written, its step and the statement's file:line — and the title over them. Pure (no
// vscode import) so it is unit-tested; the quick pick and the seek are valueHistory.ts.
import * as path from 'node:path';
import type { ValueHistoryBody } from '../../protocol/requests';

export interface HistoryItem {
  label: string;
  description: string;
  step: number;
}

/** `folder` (a workspace folder path, if any) shortens paths inside it. */
export function historyItems(body: ValueHistoryBody, folder: string | undefined): HistoryItem[] {
  return body.writes.map((write) => {
    const file =
      write.source.path === undefined
        ? '<unknown>'
        : folder && write.source.path.startsWith(folder + path.sep)
          ? path.relative(folder, write.source.path)
          : path.basename(write.source.path);
    return { label: write.value, description: `step ${write.step} · ${file}:${write.source.line1}`, step: write.step };
  });
}

export function historyTitle(name: string, body: ValueHistoryBody): string {
  const count = body.total === 1 ? '1 write' : `${body.total} writes`;
  const shown = body.writes.length < body.total ? ` (first ${body.writes.length} shown)` : '';
  return `Value history of ${name}: ${count}${shown} — pick one to travel there`;
}
