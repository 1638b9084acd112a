// A large file's instrumented text and source map, written out as the walk settles offsets
// (instrument.ts picks it above STREAMED_OUTPUT_MIN_CHARS): the walk only inserts text at offsets,
// so all before an offset the walk has passed is final and leaves the builder as text and encoded
// mappings. magic-string keeps a chunk object per edit and the map's segments to the end (hundreds
// of MB for 1,000,000 probes). Same code and map as magic-string's `hires: 'boundary'` for the same
// insertions. Knows offsets, text and source-map encoding, not what is inserted or why.
import type { LineStarts } from './lineStarts';

/**
 * Text inserted at one offset: `left` (appendLeft/prependLeft), then `right` (prependRight), then the source's
 * character.
 */
interface Slot {
  left: string;
  right: string;
  /** What was inserted before a line-starting statement whose previous statement ends here (lineStarts.ts). */
  moved?: string;
  /** Source from..to (one line) moved here: written after `moved`, with `from`'s `right` and `to`'s `left`. */
  carried?: { from: number; to: number };
  /** This slot starts a range moved elsewhere, up to `skipTo`: nothing of it is written here. */
  skipTo?: number;
  /** `left` went with a range moved elsewhere, which it ends. */
  leftCarried?: boolean;
}

/** Thrown when an insertion lands where the output is already written: the caller redoes the file with magic-string. */
export class StreamedOutputError extends Error {}

const BASE64_CODES = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) =>
  c.charCodeAt(0),
);
const COMMA = 44;
const SEMICOLON = 59;
const SOURCE_ZERO = 65; // 'A'
/** Encoded mappings are written here, then kept as strings of this many characters. */
const SCRATCH_CHARS = 1 << 16;
/** Output text is kept as flat strings of about this many characters. */
const PIECE_CHARS = 1 << 16;

/** magic-string's word characters for `hires: 'boundary'`: a run of them maps once, at its start. */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Source-map v3 mappings for one source, encoded as segments arrive (VLQ, deltas). The body of a
 * file is written before its head, whose last line its first line continues (columns shifted by
 * the head's width) and from whose last segment its first deltas would count: so a body's writer
 * holds its segments raw (`holdFirstLine`) up to the end of the first line that has one.
 */
class MappingWriter {
  /** Sealed text: flat strings (a string built by += is a tree of every small string in it, several times its size). */
  private readonly pieces: string[] = [];
  private readonly scratch = new Uint8Array(SCRATCH_CHARS);
  private used = 0;
  private needsComma = false;
  private previousColumn = 0;
  private previousLine = 0;
  private previousSourceColumn = 0;
  /** While holding: [line, generated column, source line, source column]… and the lines begun so far. */
  private holding: boolean;
  private readonly held: number[] = [];
  private heldLines = 0;

  constructor(holdFirstLine: boolean) {
    this.holding = holdFirstLine;
  }

  segment(column: number, sourceLine: number, sourceColumn: number): void {
    if (this.holding) this.held.push(this.heldLines, column, sourceLine, sourceColumn);
    else this.encode(column, sourceLine, sourceColumn);
  }

  newline(): void {
    if (this.holding) {
      if (this.held.length === 0) {
        this.heldLines++;
        return;
      }
      // What follows counts its deltas from the last held segment.
      this.holding = false;
      this.previousLine = this.held[this.held.length - 2];
      this.previousSourceColumn = this.held[this.held.length - 1];
    }
    if (this.used >= SCRATCH_CHARS - 1) this.seal();
    this.scratch[this.used++] = SEMICOLON;
    this.needsComma = false;
    this.previousColumn = 0;
  }

  /**
   * Another writer's held segments and lines, its first line continuing this one's last `columnShift` columns right.
   */
  appendHeld(other: MappingWriter, columnShift: number): void {
    let line = 0;
    for (let at = 0; at < other.held.length; at += 4) {
      for (; line < other.held[at]; line++) this.newline();
      this.encode(other.held[at + 1] + (line === 0 ? columnShift : 0), other.held[at + 2], other.held[at + 3]);
    }
    for (; line < other.heldLines; line++) this.newline();
  }

  finish(): string {
    this.seal();
    return this.pieces.join('');
  }

  private encode(column: number, sourceLine: number, sourceColumn: number): void {
    // At most 1 + 4 × 7 characters.
    if (this.used >= SCRATCH_CHARS - 32) this.seal();
    if (this.needsComma) this.scratch[this.used++] = COMMA;
    this.needsComma = true;
    this.vlq(column - this.previousColumn);
    this.scratch[this.used++] = SOURCE_ZERO; // one source: its index's delta is 0 after the first segment
    this.vlq(sourceLine - this.previousLine);
    this.vlq(sourceColumn - this.previousSourceColumn);
    this.previousColumn = column;
    this.previousLine = sourceLine;
    this.previousSourceColumn = sourceColumn;
  }

  private vlq(value: number): void {
    let rest = value < 0 ? (-value << 1) | 1 : value << 1;
    do {
      let digit = rest & 31;
      rest >>>= 5;
      if (rest > 0) digit |= 32;
      this.scratch[this.used++] = BASE64_CODES[digit];
    } while (rest > 0);
  }

  private seal(): void {
    if (this.used === 0) return;
    const codes: string[] = [];
    // apply() takes the typed array as it is (a spread would iterate it); 4096 arguments at a time.
    for (let at = 0; at < this.used; at += 4096)
      codes.push(String.fromCharCode.apply(null, this.scratch.subarray(at, Math.min(this.used, at + 4096)) as never));
    this.pieces.push(codes.join(''));
    this.used = 0;
  }
}

/** Output text and its mappings from one offset of the source on (the head from 0, the body from its hold). */
class OutputWriter {
  readonly mappings: MappingWriter;
  private readonly pieces: string[] = [];
  /** Strings not yet joined into a flat piece, and their length. */
  private readonly parts: string[] = [];
  private partChars = 0;
  private column = 0;
  private inWord = false;

  constructor(
    private readonly source: string,
    private sourceLine: number,
    private sourceColumn: number,
    holdFirstLine: boolean,
  ) {
    this.mappings = new MappingWriter(holdFirstLine);
  }

  /** The 0-based source line of the next character copied. */
  get line0(): number {
    return this.sourceLine;
  }

  /** The generated column where the next text goes (the head's width on its last line). */
  get generatedColumn(): number {
    return this.column;
  }

  /**
   * Source characters from..to, unedited: a segment at each word start and each other character (magic-string's
   * boundary mode).
   */
  copy(from: number, to: number): void {
    if (from >= to) return;
    const source = this.source;
    for (let at = from; at < to; at++) {
      const code = source.charCodeAt(at);
      if (code === 10) {
        this.sourceLine++;
        this.sourceColumn = 0;
        this.column = 0;
        this.inWord = false;
        this.mappings.newline();
        continue;
      }
      const word = isWordCode(code);
      if (!word || !this.inWord) this.mappings.segment(this.column, this.sourceLine, this.sourceColumn);
      this.inWord = word;
      this.sourceColumn++;
      this.column++;
    }
    this.write(source.slice(from, to));
  }

  /**
   * Source characters from..to, one line, written here out of their order (magic-string's `move`): mapped to where
   * they are, `column0` their column; they are a chunk of their own.
   */
  copyMoved(from: number, to: number, line0: number, column0: number): void {
    const line = this.sourceLine;
    const column = this.sourceColumn;
    this.sourceLine = line0;
    this.sourceColumn = column0;
    this.inWord = false;
    this.copy(from, to);
    this.sourceLine = line;
    this.sourceColumn = column;
    this.inWord = false;
  }

  /** Source characters from..to, one line, not written here (moved elsewhere). */
  skip(from: number, to: number): void {
    this.sourceColumn += to - from;
  }

  /** An offset where text was inserted: magic-string starts a chunk there (a word restarts). */
  boundary(): void {
    this.inWord = false;
  }

  /** Inserted text: it moves the generated position and maps nothing. */
  insert(text: string): void {
    if (!text) return;
    const last = text.lastIndexOf('\n');
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.mappings.newline();
    this.column = last < 0 ? this.column + text.length : text.length - last - 1;
    this.write(text);
  }

  text(): string {
    this.seal();
    return this.pieces.join('');
  }

  private write(text: string): void {
    this.parts.push(text);
    this.partChars += text.length;
    if (this.partChars >= PIECE_CHARS) this.seal();
  }

  private seal(): void {
    if (this.parts.length) this.pieces.push(this.parts.join(''));
    this.parts.length = 0;
    this.partChars = 0;
  }
}

/**
 * The MagicString subset the walk uses. Offsets up to `hold` (where the module's ENTER goes, and
 * later its aliases) stay open to the end; beyond it, `settle(offset)` writes out everything
 * before `offset`, after which an insertion there is an error (StreamedOutputError).
 */
export class StreamedOutput {
  private readonly slots = new Map<number, Slot>();
  private readonly body: OutputWriter;
  /** Source offset up to which the body is written (its text; insertions at it are still open). */
  private written: number;

  constructor(
    private readonly source: string,
    private readonly hold: number,
    /** Filled as the walk reaches each statement, before anything is inserted in it. */
    readonly lineStarts: LineStarts = new Map(),
  ) {
    let line = 0;
    let lineStart = 0;
    for (let at = source.indexOf('\n'); at !== -1 && at < hold; at = source.indexOf('\n', at + 1)) {
      line++;
      lineStart = at + 1;
    }
    this.body = new OutputWriter(source, line, hold - lineStart, true);
    this.written = hold;
  }

  appendLeft(offset: number, text: string): this {
    const movedTo = this.lineStarts.get(offset);
    if (movedTo !== undefined) {
      if (!text) return this; // magic-string's side (lineStarts.ts) splits nothing for it either
      const slot = this.slot(movedTo);
      slot.moved = (slot.moved ?? '') + text;
    } else this.slot(offset).left += text;
    return this;
  }

  prependLeft(offset: number, text: string): this {
    const movedTo = this.lineStarts.get(offset);
    if (movedTo !== undefined) {
      if (!text) return this;
      const slot = this.slot(movedTo);
      slot.moved = text + (slot.moved ?? '');
    } else {
      const slot = this.slot(offset);
      slot.left = text + slot.left;
    }
    return this;
  }

  prependRight(offset: number, text: string): this {
    const slot = this.slot(offset);
    slot.right = text + slot.right;
    return this;
  }

  /**
   * The source from..to, on one line, written at `index` before it (magic-string's move), after what is inserted
   * on the left there; what is inserted on the right at `from` and on the left at `to` goes with it.
   */
  move(from: number, to: number, index: number): this {
    if (index <= this.hold || index >= from || /[\n\r\u2028\u2029]/.test(this.source.slice(from, to)))
      throw new StreamedOutputError(`a move of ${from}..${to} to ${index} this output cannot write`);
    this.slot(index).carried = { from, to };
    this.slot(from).skipTo = to;
    this.slot(to).leftCarried = true;
    return this;
  }

  /** Whether anything was inserted at `offset` and not yet written out. */
  touched(offset: number): boolean {
    return this.slots.has(offset);
  }

  /** Nothing will be inserted before `offset` any more (beyond the hold): write it out. */
  settle(offset: number): void {
    if (offset <= this.written) return;
    const offsets: number[] = [];
    for (const at of this.slots.keys()) if (at > this.hold && at < offset) offsets.push(at);
    offsets.sort((a, b) => a - b);
    for (const at of offsets) {
      if (at < this.written) throw new StreamedOutputError(`an insertion at ${at}, inside a range moved elsewhere`);
      this.body.copy(this.written, at);
      this.written = this.emit(this.body, at);
    }
    this.body.copy(this.written, offset);
    this.written = offset;
  }

  /** The whole text and its mappings. */
  finish(): { code: string; mappings: string } {
    const end = this.source.length;
    this.settle(end);
    if (end > this.hold && this.slots.has(end)) this.emit(this.body, end);
    // The body started a word at the hold: right only where a chunk starts (the ENTER is there, or the file does).
    if (this.hold > 0 && end > this.hold && !this.slots.has(this.hold))
      throw new StreamedOutputError('nothing inserted where the module starts');
    const head = new OutputWriter(this.source, 0, 0, false);
    const offsets = [...this.slots.keys()].filter((at) => at <= this.hold).sort((a, b) => a - b);
    let from = 0;
    for (const at of offsets) {
      head.copy(from, at);
      this.emit(head, at);
      from = at;
    }
    head.copy(from, this.hold);
    const bodyMappings = this.body.mappings;
    head.mappings.appendHeld(bodyMappings, head.generatedColumn);
    return {
      code: head.text() + this.body.text(),
      mappings: head.mappings.finish() + bodyMappings.finish(),
    };
  }

  /** Writes what was inserted at `offset`; returns the source offset written up to (past a range moved away). */
  private emit(writer: OutputWriter, offset: number): number {
    const slot = this.slots.get(offset) as Slot;
    this.slots.delete(offset);
    writer.boundary();
    if (slot.skipTo !== undefined) {
      writer.skip(offset, slot.skipTo);
      return slot.skipTo;
    }
    if (!slot.leftCarried) writer.insert(slot.left);
    if (slot.moved) writer.insert(`;${slot.moved}`);
    if (slot.carried) {
      const { from, to } = slot.carried;
      writer.insert(this.slots.get(from)?.right ?? '');
      // The writer is at `offset`, before `from`: count the lines between.
      let line0 = writer.line0;
      for (let at = this.source.indexOf('\n', offset); at !== -1 && at < from; at = this.source.indexOf('\n', at + 1))
        line0++;
      writer.copyMoved(from, to, line0, from - (this.source.lastIndexOf('\n', from - 1) + 1));
      writer.insert(this.slots.get(to)?.left ?? '');
    }
    writer.insert(slot.right);
    return offset;
  }

  private slot(offset: number): Slot {
    if (offset < 0 || offset > this.source.length) throw new RangeError(`offset ${offset} is out of bounds`);
    if (offset > this.hold && offset < this.written)
      throw new StreamedOutputError(`an insertion at ${offset}, before ${this.written} already written`);
    let slot = this.slots.get(offset);
    if (!slot) this.slots.set(offset, (slot = { left: '', right: '' }));
    return slot;
  }
}
