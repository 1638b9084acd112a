// A SHAPED_SNAPSHOT (format 3.12) read with its SHAPE: the thread offsets of the shape's class name,
// prototype and keys and of the event's values, for objects.ts to build the state a SNAPSHOT would
// give. Shapes are parsed once each (a few hundred per recording, read by every object of theirs).
// Knows the two layouts (runtime/format/shapeLayout.ts) and the thread's shape table; not object state.
import { readShape, readShapedSnapshot } from '../../runtime/format';
import type { Recorded } from './recorded';

/** Offsets in the thread's words (not record-local). */
export interface ShapedRead {
  typeAndFlags: number;
  prototypeAt: number;
  classNameAt: number;
  keyAt: number[];
  valueAt: number[];
}

interface ParsedShape {
  typeAndFlags: number;
  prototypeAt: number;
  classNameAt: number;
  keyAt: number[];
}

export class ShapedSnapshots {
  private readonly parsed = new Map<number, ParsedShape>();

  constructor(private readonly recorded: Recorded) {}

  /**
   * The SHAPED_SNAPSHOT at `offset` with its shape, or undefined when the shape is not known before
   * it (lost with its batch, or before the kept window) or does not have as many properties as
   * the event has values.
   */
  at(offset: number): ShapedRead | undefined {
    const thread = this.recorded.thread;
    const words = thread.words;
    words.locate(offset);
    const base = offset - words.local;
    const event = readShapedSnapshot(words.words, words.local);
    const shapeOffset = thread.shapeOffset(event.shapeId);
    if (shapeOffset < 0 || shapeOffset > offset) return undefined;
    const shape = this.shape(shapeOffset);
    if (shape.keyAt.length !== event.valueAt.length) return undefined;
    return { ...shape, valueAt: event.valueAt.map((at) => at + base) };
  }

  private shape(offset: number): ParsedShape {
    let shape = this.parsed.get(offset);
    if (shape) return shape;
    const words = this.recorded.thread.words;
    words.locate(offset);
    const base = offset - words.local;
    const layout = readShape(words.words, words.local);
    shape = {
      typeAndFlags: layout.typeAndFlags,
      prototypeAt: layout.prototypeAt + base,
      classNameAt: layout.classNameAt + base,
      keyAt: layout.keyAt.map((at) => at + base),
    };
    this.parsed.set(offset, shape);
    return shape;
  }
}
