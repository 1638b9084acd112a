// The few things pointer and keyboard handlers may ask of the timeline. Handlers see only this
// interface, so they can be read (and replaced) without knowing the app's internals.
import type { Viewport } from '../layout';

export type ScrubPhase = 'move' | 'end';

export interface TimelineControls {
  totalSteps(): number;
  view(): Viewport;
  setView(view: Viewport): void;
  /** The step the cursor shows (the drag position while scrubbing). */
  cursorStep(): number;
  /** Dragging the cursor: throttled seeks while moving, the exact step on 'end'. */
  scrub(step: number, phase: ScrubPhase): void;
  /** One seek (keyboard, search result, console message); scrolls the view to it if needed. */
  jumpTo(step: number): void;
  hover(clientX: number, clientY: number, xPx: number, yPx: number): void;
  unhover(): void;
}
