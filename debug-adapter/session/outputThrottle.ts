// Keeps a program's output flood from freezing the editor (DAP-15, issue 10 item 11): chunks are
// coalesced per category and flushed at most every `flushIntervalMs`. Each flush shows the head of
// what arrived (up to `maxBytesPerFlush`, cut at a line end) and its tail (the last `tailBytes`,
// whole lines), with one note between them saying how many lines and characters were left out —
// so the program's last lines always show. Memory is bounded by the two budgets. A chunk may carry
// an opaque `where` (the place that printed it): such chunks stay separate messages, up to
// `maxPlacedPerFlush` a flush (a flood of one-line messages must not become a flood of events);
// past that they merge, placeless. Knows nothing of DAP messages beyond "category + text".

export type OutputCategory = 'stdout' | 'stderr' | 'console' | 'important';

export interface OutputThrottleOptions<Where> {
  flushIntervalMs: number;
  maxBytesPerFlush: number;
  /** Characters of the flood's end kept for each flush; default a quarter of maxBytesPerFlush. */
  tailBytes?: number;
  /**
   * Chunks with a `where` emitted as messages of their own per flush; default 40 (at most 800 linked messages a second
   * in a flood).
   */
  maxPlacedPerFlush?: number;
  emit(category: OutputCategory, text: string, where?: Where): void;
}

export const DEFAULT_OUTPUT_LIMITS = { flushIntervalMs: 50, maxBytesPerFlush: 64 * 1024 } as const;
const DEFAULT_MAX_PLACED_PER_FLUSH = 40;

interface Piece<Where> {
  category: OutputCategory;
  text: string;
  where?: Where;
}

export class OutputThrottle<Where = never> {
  private head: Array<Piece<Where>> = [];
  private headBytes = 0;
  /** Set once the head is full: everything after goes to the tail until the next flush. */
  private headClosed = false;
  /** The newest text past the head; pieces before `tailStart` are gone (counted as dropped). */
  private tail: Array<Piece<Where>> = [];
  private tailStart = 0;
  private tailBytes = 0;
  private droppedChars = 0;
  private droppedLines = 0;
  /** The last character dropped so far: a newline means the tail starts at a line start. */
  private lastDroppedChar = '\n';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutputThrottleOptions<Where>) {}

  private get tailBudget(): number {
    return this.options.tailBytes ?? Math.floor(this.options.maxBytesPerFlush / 4);
  }

  write(category: OutputCategory, text: string, where?: Where): void {
    if (text.length === 0) return;
    let rest = text;
    if (!this.headClosed) {
      const room = this.options.maxBytesPerFlush - this.headBytes;
      if (rest.length <= room) {
        this.appendHead(category, rest, where);
        rest = '';
      } else {
        // Cut at the last line end that fits, so the console never shows half a line before the note.
        const cut = rest.lastIndexOf('\n', room - 1) + 1;
        const kept = cut > 0 ? cut : this.headBytes === 0 ? room : 0;
        if (kept > 0) this.appendHead(category, rest.slice(0, kept), where);
        rest = rest.slice(kept);
        this.headClosed = true;
      }
    }
    if (rest.length > 0) this.appendTail(category, rest, where);
    this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs);
  }

  /** Writes everything pending now (before `exited`, a stop, or disconnect). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let placed = this.options.maxPlacedPerFlush ?? DEFAULT_MAX_PLACED_PER_FLUSH;
    const budgeted = (pieces: Array<Piece<Where>>) => {
      const kept = pieces.map((piece) =>
        piece.where !== undefined && placed-- > 0 ? piece : { ...piece, where: undefined },
      );
      return merged(kept);
    };
    const head = budgeted(this.head);
    const tail = budgeted(this.wholeLineTail());
    const droppedChars = this.droppedChars;
    const droppedLines = this.droppedLines;
    this.reset();
    for (const { category, text, where } of head) this.options.emit(category, text, where);
    if (droppedChars > 0) {
      const lines =
        droppedLines > 0 ? `${droppedLines} lines (${droppedChars} characters)` : `${droppedChars} characters`;
      this.options.emit(
        'important',
        `[rewind] output flood: ${lines} were not shown here; the last lines follow; the recording keeps them all (Rewind timeline console).\n`,
      );
    }
    for (const { category, text, where } of tail) this.options.emit(category, text, where);
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

  private appendHead(category: OutputCategory, text: string, where: Where | undefined): void {
    const last = this.head[this.head.length - 1];
    if (last && mergeable(last, { category, text, where })) last.text += text;
    else this.head.push({ category, text, where });
    this.headBytes += text.length;
  }

  private appendTail(category: OutputCategory, text: string, where: Where | undefined): void {
    const budget = this.tailBudget;
    // A chunk longer than the whole budget keeps only its end (but at least a whole last line when one fits).
    if (text.length > budget) {
      this.drop(text.slice(0, text.length - budget));
      text = text.slice(text.length - budget);
    }
    this.tail.push({ category, text, where });
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
  private wholeLineTail(): Array<Piece<Where>> {
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
    return pieces;
  }

  private drop(text: string): void {
    if (text.length === 0) return;
    this.droppedChars += text.length;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.droppedLines++;
    this.lastDroppedChar = text[text.length - 1];
  }
}

/** Two chunks are one message when neither says where it was printed and their category agrees. */
function mergeable<Where>(a: Piece<Where>, b: Piece<Where>): boolean {
  return a.category === b.category && a.where === undefined && b.where === undefined;
}

/** Adjacent mergeable pieces joined (copies: the caller's pieces are left as they were). */
function merged<Where>(pieces: Array<Piece<Where>>): Array<Piece<Where>> {
  const result: Array<Piece<Where>> = [];
  for (const piece of pieces) {
    const last = result[result.length - 1];
    if (last && mergeable(last, piece)) last.text += piece.text;
    else result.push({ ...piece });
  }
  return result;
}
