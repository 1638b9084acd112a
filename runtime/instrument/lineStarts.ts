// Keeps a statement that starts its line where the user wrote it, column for column: V8 reports
// positions in the instrumented text, and some reads of them reach the program with no source map
// between (node:test's `getCallerLocation()` names each test's line and column in its report). What
// the walk inserts before such a statement (its STEP, a write's opening, a class's wrap) goes instead
// right after the previous statement, or just inside the block's `{`, before the line break. Only
// whitespace and comments lie between, so no token moves; a `;` first ends a previous statement that
// relied on the line break (ASI). Knows statement lists and magic-string's sides; not the probes.
import type * as ESTree from 'estree';
import MagicString from 'magic-string';

type Positioned = ESTree.Node & { start: number; end: number };

/** Where what is inserted before a line-starting statement goes: statement start → that offset. */
export type LineStarts = Map<number, number>;

/** Whether only spaces and tabs, after a line break at or after `from`, precede `start`. */
function startsItsLine(code: string, from: number, start: number): boolean {
  let at = start - 1;
  while (at >= from && (code[at] === ' ' || code[at] === '\t')) at--;
  return at >= from && (code[at] === '\n' || code[at] === '\r' || code[at] === '\u2028' || code[at] === '\u2029');
}

function isDirective(node: ESTree.Node): boolean {
  return node.type === 'ExpressionStatement' && typeof (node as ESTree.Directive).directive === 'string';
}

/** Which statements start their line, in one file's text (TypeScript already blanked to JavaScript). */
export class LineStartFinder {
  /**
   * @param enterAt the module's ENTER offset: nothing at or before it moves (the module's head, a
   *   streamed file's held start).
   * @param editedAt ascending offsets where text is inserted before the walk (TypeScript's lowering,
   *   in blanked decorators or declarations): a statement with one between it and the previous, or at
   *   either end, is left where it is, since what is moved would pass that text.
   */
  constructor(
    private readonly code: string,
    private readonly enterAt: number,
    private readonly editedAt: readonly number[],
  ) {}

  /** Registers `statement`, whose list's previous statement ends at `previousEnd`, if it starts its line. */
  statement(statement: ESTree.Node, previousEnd: number, into: LineStarts): void {
    const { start } = statement as Positioned;
    if (previousEnd <= this.enterAt || isDirective(statement) || !startsItsLine(this.code, previousEnd, start)) return;
    if (this.editedBetween(previousEnd, start)) return;
    into.set(start, previousEnd);
  }

  /** Registers a program's own line-starting statements (those of nested lists as the walk reaches them). */
  program(program: ESTree.Program, into: LineStarts): void {
    const body = program.body;
    for (let i = 1; i < body.length; i++) this.statement(body[i], (body[i - 1] as Positioned).end, into);
  }

  private editedBetween(from: number, to: number): boolean {
    const offsets = this.editedAt;
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (offsets[middle] < from) low = middle + 1;
      else high = middle;
    }
    return low < offsets.length && offsets[low] <= to;
  }
}

/**
 * MagicString whose left-side insertions at a registered statement start are collected and, at
 * `settle()`, put at the offset they move to, after all that is inserted there on the left (what ends
 * the previous statement, a function's ENTER after the `{`), in the order inserted.
 */
export class LineKeepingEdits extends MagicString {
  private readonly moved = new Map<number, string[]>();
  /** Offsets where anything was inserted or moved from (statements.ts registers no line start there). */
  private readonly touchedAt = new Set<number>();
  /** Where ranges were moved to (none inside a slice: leaves are neither async nor generators). */
  private readonly moveTargets = new Set<number>();

  constructor(
    code: string,
    private readonly lineStarts: LineStarts,
  ) {
    super(code);
  }

  touched(offset: number): boolean {
    return this.touchedAt.has(offset);
  }

  override appendLeft(index: number, content: string): this {
    this.touchedAt.add(index);
    if (!this.lineStarts.has(index)) return super.appendLeft(index, content);
    this.texts(index).push(content);
    return this;
  }

  override prependLeft(index: number, content: string): this {
    this.touchedAt.add(index);
    if (!this.lineStarts.has(index)) return super.prependLeft(index, content);
    this.texts(index).unshift(content);
    return this;
  }

  /** Puts the collected text in place; once, after the last insertion and before the text is read. */
  settle(): void {
    for (const [start, texts] of this.moved) {
      const text = texts.join('');
      // On the left, so that a range moved there (a line-starting `await`: async.ts) comes after it.
      if (text) super.appendLeft(this.lineStarts.get(start) as number, `;${text}`);
    }
    this.moved.clear();
  }

  override prependRight(index: number, content: string): this {
    this.touchedAt.add(index);
    return super.prependRight(index, content);
  }

  override move(start: number, end: number, index: number): this {
    this.touchedAt.add(start);
    this.moveTargets.add(index);
    return super.move(start, end, index);
  }

  /** The text of start..end as it will be once settled (leafShape.ts copies a leaf's while the walk goes on). */
  override slice(start = 0, end = this.original.length): string {
    const cuts: Array<[number, string]> = [];
    for (const [statementStart, texts] of this.moved) {
      const movedTo = this.lineStarts.get(statementStart) as number;
      const text = texts.join('');
      // As settle() will put it: nothing where nothing was inserted.
      if (movedTo > start && movedTo <= end && text) cuts.push([movedTo, `;${text}`]);
    }
    for (const target of this.moveTargets)
      if (target > start && target <= end) throw new Error('instrumenter: a slice over a moved range');
    if (cuts.length === 0) return super.slice(start, end);
    cuts.sort((a, b) => a[0] - b[0]);
    let text = '';
    let from = start;
    for (const [at, moved] of cuts) {
      text += super.slice(from, at) + moved;
      from = at;
    }
    return text + super.slice(from, end);
  }

  private texts(start: number): string[] {
    let texts = this.moved.get(start);
    if (!texts) this.moved.set(start, (texts = []));
    return texts;
  }
}
