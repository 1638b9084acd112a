// Where each step's event lies in the thread's words, stored sparsely (one offset every
// 2^SPARSE_SHIFT steps; the rest found by walking events) — 0.25 bytes per step instead of 4.
// A step is a STEP event, or — once the thread has `calls`-level steps — an event the injected test
// says is one. Knows only event lengths (eventEnd), nothing of frames or values.
import { EventKind, KIND_MASK, eventEnd } from '../../runtime/format';
import { Column, upperBound } from './columns';
import type { WindowStep } from './stepBase';
import type { WordStore } from './words';

const SPARSE_SHIFT = 4;
const SPARSE_MASK = (1 << SPARSE_SHIFT) - 1;

export class StepOffsets {
  private readonly sparse = new Column();
  length = 0;
  /** The last answer, so walking step by step (line granularity, scans) costs one event walk per step. */
  private cachedStep = -1;
  private cachedOffset = -1;
  /** Set once a step is not a STEP event: only then do walks pay for the injected test. */
  hasCallSteps = false;

  constructor(
    private readonly words: WordStore,
    private readonly isCallStep: (header: number, offset: number) => boolean,
  ) {}

  push(offset: number): number {
    if ((this.length & SPARSE_MASK) === 0) this.sparse.push(offset);
    return this.length++;
  }

  get(stepIndex: WindowStep): number {
    if (stepIndex === this.cachedStep) return this.cachedOffset;
    let step = stepIndex & ~SPARSE_MASK;
    let offset = this.sparse.get(stepIndex >>> SPARSE_SHIFT);
    if (this.cachedStep >= step && this.cachedStep < stepIndex) {
      step = this.cachedStep;
      offset = this.cachedOffset;
    }
    for (; step < stepIndex; step++) offset = this.nextStep(offset);
    this.cachedStep = stepIndex;
    this.cachedOffset = offset;
    return offset;
  }

  /** The offset of the step event after the one at `offset`. */
  private nextStep(offset: number): number {
    const words = this.words;
    let at = offset;
    let header: number;
    do {
      words.locate(at);
      at += eventEnd(words.words, words.local) - words.local;
      words.locate(at);
      header = words.words[words.local];
    } while ((header & KIND_MASK) !== EventKind.STEP && !(this.hasCallSteps && this.isCallStep(header, at)));
    return at;
  }

  /** The last step whose STEP event is at or before `offset`, or -1. */
  stepAtOrBefore(offset: number): WindowStep {
    const block = upperBound(this.sparse.length, offset, (index) => this.sparse.get(index)) - 1;
    if (block < 0) return -1;
    let step = block << SPARSE_SHIFT;
    const last = Math.min(this.length - 1, step + SPARSE_MASK);
    while (step < last && this.get(step + 1) <= offset) step++;
    return step;
  }

  get sizeBytes(): number {
    return this.sparse.sizeBytes;
  }
}
