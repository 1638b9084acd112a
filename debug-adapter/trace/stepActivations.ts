// Which activation runs each step, in about 1.2 bytes per step instead of four. Activations are
// numbered in the order they start, so a step's activation is usually the latest one started at or
// before it, or close below it: such a step stores that distance (its residual) in a byte. A
// long-running caller (a loop that calls) is far below the latest activation, but only a few such
// callers run in any block of 2^BLOCK_SHIFT steps: each block keeps a short table of them ("far"
// activations) and their steps store a slot number in the same byte. What fits neither goes to a
// per-page exception list, and a page with too many exceptions is widened to absolute Int32 values.
// The latest activation is found from the activations' start steps (ascending by construction),
// narrowed by a per-block checkpoint. Knows nothing of frames, depths or events.
import { Column, IntList, lowerBound, upperBound } from './columns';
import type { WindowStep } from './stepBase';

const PAGE_SHIFT = 16;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;
const BLOCK_SHIFT = 6;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;
/** Far-activation slots per block: byte codes FIRST_FAR..0xff. */
const FAR_SLOTS = 16;
const FIRST_FAR = 0x100 - FAR_SLOTS;
/** A byte that means "look in the page's exceptions"; codes below it are residuals. */
const ESCAPE = FIRST_FAR - 1;
/** Past this many exceptions (8 bytes each) a page costs less as absolute Int32 values. */
const WIDEN_AFTER = (PAGE_SIZE * 3) >>> 3;

interface Page {
  residuals: Uint8Array | undefined;
  /** Absolute activations, once the page is widened. */
  wide: Int32Array | undefined;
  exceptionSteps: IntList | undefined;
  exceptionActivations: IntList | undefined;
}

export class StepActivations {
  private readonly pages: Page[] = [];
  /** Per block: the activations started before its first step. */
  private readonly checkpoints = new Column();
  /** Per block: where its far activations start in farActivations. */
  private readonly farStart = new Column();
  private readonly farActivations = new Column();
  length = 0;

  /** `actStartStep`: each activation's first step index, non-decreasing in activation order. */
  constructor(private readonly actStartStep: Column) {}

  /** Records the running activation of the next step; activations started so far are in actStartStep. */
  push(activation: number): number {
    const step = this.length;
    const started = this.actStartStep.length;
    if ((step & BLOCK_MASK) === 0) {
      this.checkpoints.push(started);
      this.farStart.push(this.farActivations.length);
    }
    const pageIndex = step >>> PAGE_SHIFT;
    if (pageIndex === this.pages.length) {
      this.pages.push({
        residuals: new Uint8Array(PAGE_SIZE),
        wide: undefined,
        exceptionSteps: undefined,
        exceptionActivations: undefined,
      });
    }
    const page = this.pages[pageIndex];
    const local = step & PAGE_MASK;
    const residual = started - 1 - activation;
    if (page.wide) page.wide[local] = activation;
    else if (residual >= 0 && residual < ESCAPE) page.residuals![local] = residual;
    else {
      const farSlot = this.farSlot(activation);
      if (farSlot >= 0) page.residuals![local] = FIRST_FAR + farSlot;
      else {
        page.residuals![local] = ESCAPE;
        (page.exceptionSteps ??= new IntList()).push(local);
        (page.exceptionActivations ??= new IntList()).push(activation);
      }
    }
    this.length = step + 1;
    if (page.exceptionSteps && page.exceptionSteps.length > WIDEN_AFTER) this.widen(pageIndex);
    return step;
  }

  get(stepIndex: WindowStep): number {
    if (stepIndex < 0 || stepIndex >= this.length) return 0;
    const page = this.pages[stepIndex >>> PAGE_SHIFT];
    const local = stepIndex & PAGE_MASK;
    if (page.wide) return page.wide[local];
    const code = page.residuals![local];
    if (code < ESCAPE) return this.latestStartedAt(stepIndex) - code;
    if (code === ESCAPE) return exception(page, local);
    return this.farActivations.get(this.farStart.get(stepIndex >>> BLOCK_SHIFT) + code - FIRST_FAR);
  }

  /** The slot of a far activation in the current (last) block's table, added if there is room; else -1. */
  private farSlot(activation: number): number {
    const first = this.farStart.get(this.farStart.length - 1);
    const far = this.farActivations;
    for (let slot = first; slot < far.length; slot++) if (far.get(slot) === activation) return slot - first;
    if (far.length - first === FAR_SLOTS) return -1;
    far.push(activation);
    return far.length - 1 - first;
  }

  /** The last activation whose start step is ≤ stepIndex: searched among those its block's checkpoints bound. */
  private latestStartedAt(stepIndex: number): number {
    const block = stepIndex >>> BLOCK_SHIFT;
    const starts = this.actStartStep;
    const first = this.checkpoints.get(block);
    const end = block + 1 < this.checkpoints.length ? this.checkpoints.get(block + 1) : starts.length;
    return first + upperBound(end - first, stepIndex, (index) => starts.get(first + index)) - 1;
  }

  private widen(pageIndex: number): void {
    const page = this.pages[pageIndex];
    const wide = new Int32Array(PAGE_SIZE);
    const first = pageIndex << PAGE_SHIFT;
    const end = Math.min(this.length - first, PAGE_SIZE);
    for (let local = 0; local < end; local++) wide[local] = this.get(first + local);
    page.wide = wide;
    page.residuals = undefined;
    page.exceptionSteps = undefined;
    page.exceptionActivations = undefined;
  }

  get sizeBytes(): number {
    let bytes = this.checkpoints.sizeBytes + this.farStart.sizeBytes + this.farActivations.sizeBytes;
    for (const page of this.pages) {
      bytes += page.wide ? page.wide.byteLength : page.residuals!.byteLength;
      bytes += (page.exceptionSteps?.sizeBytes ?? 0) + (page.exceptionActivations?.sizeBytes ?? 0);
    }
    return bytes;
  }

  /** Trims exception lists once the recording is final. */
  compact(): void {
    for (const page of this.pages) {
      page.exceptionSteps?.compact();
      page.exceptionActivations?.compact();
    }
  }
}

function exception(page: Page, local: number): number {
  const steps = page.exceptionSteps!;
  return page.exceptionActivations!.get(lowerBound(steps.length, local, (index) => steps.get(index)));
}
