// Keeps a program's output flood from freezing the editor (DAP-15, issue 10 item 11): chunks are
// coalesced per category and flushed at most every `flushIntervalMs`. Each flush shows the head of
// what arrived (up to `maxBytesPerFlush`, cut at a line end) and its tail (the last `tailBytes`,
// whole lines), with one note between them saying how many lines and characters were left out —
// so the program's last lines always show. Memory is bounded by the two budgets. Knows nothing
// of DAP messages beyond "category + text".

export type OutputCategory = 'stdout' | 'stderr' | 'console' | 'important';

export interface OutputThrottleOptions {
  flushIntervalMs: number;
  maxBytesPerFlush: number;
  /** Characters of the flood's end kept for each flush; default a quarter of maxBytesPerFlush. */
  tailBytes?: number;
  emit(category: OutputCategory, text: string): void;
}

export const DEFAULT_OUTPUT_LIMITS = { flushIntervalMs: 50, maxBytesPerFlush: 64 * 1024 } as const;

interface Piece {
  category: OutputCategory;
  text: string;
}

export class OutputThrottle {
  private head: Piece[] = [];
  private headBytes = 0;
  /** Set once the head is full: everything after goes to the tail until the next flush. */
  private headClosed = false;
  /** The newest text past the head; pieces before `tailStart` are gone (counted as dropped). */
  private tail: Piece[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private droppedChars = 0;
  private droppedLines = 0;
  /** The last character dropped so far: a newline means the tail starts at a line start. */
  private lastDroppedChar = '\n';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutputThrottleOptions) {}

  private get tailBudget(): number {
    return this.options.tailBytes ?? Math.floor(this.options.maxBytesPerFlush / 4);
  }

  write(category: OutputCategory, text: string): void {
    if (text.length === 0) return;
    let rest = text;
    if (!this.headClosed) {
      const room = this.options.maxBytesPerFlush - this.headBytes;
      if (rest.length <= room) {
        this.appendHead(category, rest);
        rest = '';
      } else {
        // Cut at the last line end that fits, so the console never shows half a line before the note.
        const cut = rest.lastIndexOf('\n', room - 1) + 1;
        const kept = cut > 0 ? cut : this.headBytes === 0 ? room : 0;
        if (kept > 0) this.appendHead(category, rest.slice(0, kept));
        rest = rest.slice(kept);
        this.headClosed = true;
      }
    }
    if (rest.length > 0) this.appendTail(category, rest);
    this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs);
  }

  /** Writes everything pending now (before `exited`, a stop, or disconnect). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const head = this.head;
    const tail = this.wholeLineTail();
    const droppedChars = this.droppedChars;
    const droppedLines = this.droppedLines;
    this.reset();
    for (const { category, text } of head) this.options.emit(category, text);
    if (droppedChars > 0) {
      const lines =
        droppedLines > 0 ? `${droppedLines} lines (${droppedChars} characters)` : `${droppedChars} characters`;
      this.options.emit(
        'important',
        `[rewind] output flood: ${lines} were not shown here; the last lines follow; the recording keeps them all (Rewind timeline console).\n`,
      );
    }
    for (const { category, text } of tail) this.options.emit(category, text);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.reset();
  }

  private reset(): void {
    this.head = [];
    this.headBytes = 0;
    this.headClosed = false;
    this.tail = [];
    this.tailStart = 0;
    this.tailBytes = 0;
    this.droppedChars = 0;
    this.droppedLines = 0;
    this.lastDroppedChar = '\n';
  }

  private appendHead(category: OutputCategory, text: string): void {
    const last = this.head[this.head.length - 1];
    if (last && last.category === category) last.text += text;
    else this.head.push({ category, text });
    this.headBytes += text.length;
  }

  private appendTail(category: OutputCategory, text: string): void {
    const budget = this.tailBudget;
    // A chunk longer than the whole budget keeps only its end (but at least a whole last line when one fits).
    if (text.length > budget) {
      this.drop(text.slice(0, text.length - budget));
      text = text.slice(text.length - budget);
    }
    this.tail.push({ category, text });
    this.tailBytes += text.length;
    while (this.tailStart < this.tail.length && this.tailBytes - this.tail[this.tailStart].text.length >= budget) {
      const gone = this.tail[this.tailStart++];
      this.tailBytes -= gone.text.length;
      this.drop(gone.text);
    }
    const over = this.tailBytes - budget;
    if (over > 0) {
      const first = this.tail[this.tailStart];
      this.drop(first.text.slice(0, over));
      first.text = first.text.slice(over);
      this.tailBytes -= over;
    }
    if (this.tailStart > 1024) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  /** The tail without a partial first line (when text was dropped before it), pieces of one category merged. */
  private wholeLineTail(): Piece[] {
    let pieces = this.tail.slice(this.tailStart).map((piece) => ({ ...piece }));
    if (this.droppedChars > 0 && this.lastDroppedChar !== '\n') {
      // Where the first whole line starts; when none does (one huge line), its end is shown as it is.
      const first = pieces.findIndex((piece) => piece.text.indexOf('\n') >= 0);
      const newline = first >= 0 ? pieces[first].text.indexOf('\n') : -1;
      if (first >= 0 && (newline + 1 < pieces[first].text.length || first + 1 < pieces.length)) {
        for (const piece of pieces.slice(0, first)) this.drop(piece.text);
        this.drop(pieces[first].text.slice(0, newline + 1));
        pieces[first].text = pieces[first].text.slice(newline + 1);
        pieces = pieces.slice(first).filter((piece) => piece.text.length > 0);
      }
    }
    const merged: Piece[] = [];
    for (const piece of pieces) {
      const last = merged[merged.length - 1];
      if (last && last.category === piece.category) last.text += piece.text;
      else merged.push(piece);
    }
    return merged;
  }

  private drop(text: string): void {
    if (text.length === 0) return;
    this.droppedChars += text.length;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.droppedLines++;
    this.lastDroppedChar = text[text.length - 1];
  }
}
