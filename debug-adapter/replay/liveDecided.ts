// Hits a live program's recorder already decided (issue 13 item 1): while the program ran with a
// breakpoint's filter, every hit it let pass had a false condition, so replay need not evaluate
// those again (600 000 evaluations would stall the stop). Per breakpoint and thread, the spans of
// steps between a resume and the next hold; the held step itself is always evaluated. Knows steps
// of a thread's history; not filters, the recorder or DAP.
import type { ThreadHistory } from '../trace/history';
import type { Breakpoint } from './breakpoints';

interface Span {
  from: number;
  /** Exclusive; undefined while the program runs (then: up to the thread's newest step). */
  to: number | undefined;
}

interface ThreadSpans {
  /** A rebuilt index (history dropped) renumbers activations: the spans are for this one only. */
  index: ThreadHistory;
  spans: Span[];
}

export class LiveDecided {
  private readonly byBreakpoint = new WeakMap<Breakpoint, Map<number, ThreadSpans>>();

  /** The held thread resumes with `bp`'s filter in its recorder: its hits from here are decided. */
  resumed(bp: Breakpoint, threadId: number, index: ThreadHistory): void {
    let threads = this.byBreakpoint.get(bp);
    if (!threads) this.byBreakpoint.set(bp, (threads = new Map()));
    let entry = threads.get(threadId);
    if (!entry || entry.index !== index) threads.set(threadId, (entry = { index, spans: [] }));
    const open = entry.spans.at(-1);
    // Held since: its newest step is where it stopped, the one hit the recorder let through.
    if (open && open.to === undefined) open.to = Math.max(open.from, index.endStep - 1);
    entry.spans.push({ from: index.endStep, to: undefined });
  }

  /** True when the recorder already found `bp`'s condition false at this hit. */
  knownFalse(bp: Breakpoint, threadId: number, index: ThreadHistory, stepIndex: number): boolean {
    const entry = this.byBreakpoint.get(bp)?.get(threadId);
    if (!entry || entry.index !== index) return false;
    const spans = entry.spans;
    let low = 0;
    let high = spans.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (spans[middle].from <= stepIndex) low = middle + 1;
      else high = middle - 1;
    }
    const span = spans[high];
    return span !== undefined && stepIndex < (span.to ?? index.endStep - 1);
  }
}
