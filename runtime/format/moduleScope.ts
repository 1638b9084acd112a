// Module scope — the bindings no function's frame owns — as each place that names a scope writes
// it. One meaning, three encodings, because each sits beside numbers that already took the natural
// one; declared together so no reader meets a bare 0, -1 or -2 and wonders which it is.
import type { FrameId } from './hotPath';

export const ModuleScope = {
  /** In a WRITE's scope word (events.ts scopeWord): recorder frame ids start at 1, -1 is "unknown". */
  frameId: 0 satisfies FrameId,
  /**
   * As the function probe owning a binding (ProbeInfo.scopeFunctionProbe, a live filter's owners):
   * probe ids start at 0.
   */
  functionProbe: -1,
  /** As the adapter's scope key (trace/history.ts ScopeKey), beside frame indexes ≥ 0 and -1 "no frame". */
  scopeKey: -2,
} as const;
