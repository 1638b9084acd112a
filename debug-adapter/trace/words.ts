// The raw event words of one thread, addressed by one global word offset, so indexes store a single
// Int32 per event. Each run of events (an EVENTS payload) is copied into pages the store owns: a
// payload that viewed the trace file or a socket chunk kept that whole buffer alive (and a file
// whose records stopped being 4-byte aligned held the file and the copies both). Pages grow by
// doubling up to PAGE_MAX_WORDS; compact() trims the last. Knows nothing of what the words mean.
import { upperBound } from './columns';

const PAGE_MIN_WORDS = 1 << 14;
const PAGE_MAX_WORDS = 1 << 22;

export class WordStore {
  /** Each run's words: a view into a page. */
  private readonly chunks: Int32Array[] = [];
  private readonly pages: Int32Array[] = [];
  /** Words used in the last page. */
  private pageUsed = 0;
  /** Global offset of each chunk's first word (ascending). */
  private readonly bases: number[] = [];
  totalWords = 0;
  /** Set by locate(): the chunk holding the located offset and the offset inside it. */
  words: Int32Array = new Int32Array(0);
  local = 0;
  private lastChunk = -1;

  /** Adds a run of whole events; returns the global offset of its first word. */
  add(words: Int32Array): number {
    const base = this.totalWords;
    let page = this.pages.at(-1);
    if (!page || page.length - this.pageUsed < words.length) {
      const grown = Math.min(PAGE_MAX_WORDS, Math.max(PAGE_MIN_WORDS, (page?.length ?? 0) * 2));
      page = new Int32Array(Math.max(grown, words.length));
      this.pages.push(page);
      this.pageUsed = 0;
    }
    page.set(words, this.pageUsed);
    this.chunks.push(page.subarray(this.pageUsed, this.pageUsed + words.length));
    this.pageUsed += words.length;
    this.bases.push(base);
    this.totalWords += words.length;
    return base;
  }

  /** The runs added so far, in order (the store re-indexes from them when it drops old history). */
  runs(): readonly Int32Array[] {
    return this.chunks;
  }

  /** Points `words`/`local` at a global offset (no allocation: the hot path of every decode). */
  locate(offset: number): void {
    let chunk = this.lastChunk;
    if (chunk < 0 || offset < this.bases[chunk] || offset >= this.bases[chunk] + this.chunks[chunk].length) {
      chunk = upperBound(this.bases.length, offset, (index) => this.bases[index]) - 1;
      this.lastChunk = chunk;
    }
    this.words = this.chunks[chunk];
    this.local = offset - this.bases[chunk];
  }

  /** The word at a global offset. */
  word(offset: number): number {
    this.locate(offset);
    return this.words[this.local];
  }

  /** Trims the last page to its used words (a finished recording gets no more). */
  compact(): void {
    const last = this.pages.at(-1);
    if (!last || this.pageUsed === last.length) return;
    const trimmed = last.slice(0, this.pageUsed);
    this.pages[this.pages.length - 1] = trimmed;
    for (let chunk = this.chunks.length - 1; chunk >= 0 && this.chunks[chunk].buffer === last.buffer; chunk--) {
      const view = this.chunks[chunk];
      this.chunks[chunk] = trimmed.subarray(view.byteOffset / 4, view.byteOffset / 4 + view.length);
    }
    this.words = new Int32Array(0);
    this.lastChunk = -1;
  }

  get sizeBytes(): number {
    let bytes = 0;
    for (const page of this.pages) bytes += page.byteLength;
    return bytes;
  }
}
