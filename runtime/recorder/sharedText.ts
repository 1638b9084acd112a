// A text the drain worker publishes for other threads of its process to read (live breakpoint
// filters, pending breakpoints): UTF-16 code units in shared memory behind a seqlock (an odd
// generation while it is being written; a reader that sees the generation move reads again later).
// Knows only the area's layout; not what the text means.
import { Atomics, B } from './builtins';

const HEADER_WORDS = 2;
const TEXT_CHARS = 1 << 19;
export const TEXT_AREA_BYTES = HEADER_WORDS * 4 + TEXT_CHARS * 2;

// Captured as the recorder loads, before any program code (INS-25).
const Uint16 = Uint16Array;

export interface TextArea {
  /** [generation, length in code units] */
  header: Int32Array<ArrayBufferLike>;
  chars: Uint16Array<ArrayBufferLike>;
}

/** The area at `byteOffset` of a buffer, or undefined when the buffer is too small to hold one. */
export function textArea(buffer: ArrayBufferLike, byteOffset: number): TextArea | undefined {
  if (buffer.byteLength < byteOffset + TEXT_AREA_BYTES) return undefined;
  return {
    header: new B.Int32Array(buffer, byteOffset, HEADER_WORDS),
    chars: new Uint16(buffer, byteOffset + HEADER_WORDS * 4, TEXT_CHARS),
  };
}

/** The writer's side; false (and an empty text published) when the text does not fit. */
export function publishText(area: TextArea, text: string): boolean {
  const fits = text.length <= area.chars.length;
  const generation = Atomics.load(area.header, 0);
  Atomics.store(area.header, 0, generation + 1);
  const length = fits ? text.length : 0;
  for (let index = 0; index < length; index++) area.chars[index] = text.charCodeAt(index);
  Atomics.store(area.header, 1, length);
  Atomics.store(area.header, 0, generation + 2);
  return fits;
}

export function textGeneration(area: TextArea): number {
  return Atomics.load(area.header, 0);
}

/** The text of `generation` (from textGeneration), or undefined when it is being rewritten. */
export function readText(area: TextArea, generation: number): string | undefined {
  if ((generation & 1) !== 0) return undefined;
  const length = Atomics.load(area.header, 1);
  let text = '';
  for (let at = 0; at < length; at += 4096)
    text += B.apply(B.StringFromCharCode, undefined, area.chars.subarray(at, B.MathMin(length, at + 4096)) as never);
  return Atomics.load(area.header, 0) === generation ? text : undefined;
}
