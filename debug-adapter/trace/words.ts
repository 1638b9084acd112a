// The raw event words of one thread, kept as the EVENTS payloads arrived (no copy when aligned)
// and addressed by one global word offset, so indexes store a single Int32 per event. Knows
// nothing of what the words mean.
import { upperBound } from './columns';

export class WordStore {
  private readonly chunks: Int32Array[] = [];
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
    this.chunks.push(words);
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

  get sizeBytes(): number {
    let bytes = 0;
    for (const chunk of this.chunks) bytes += chunk.byteLength;
    return bytes;
  }
}
