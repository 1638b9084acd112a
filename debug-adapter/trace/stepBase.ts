// The two numberings of a thread's steps, kept apart by type. Absolute: from the recording's start,
// what the history interface (history.ts) takes and answers. Window: from the first step the index
// holds (ThreadIndex.firstStep is that step's absolute number), the index's own. Tagged, not
// branded: a plain number is either (steps are counted and compared everywhere), but a value typed
// as one is not the other, so a step that crosses the seam unconverted does not compile.
export type AbsoluteStep = number & { readonly __stepBase?: 'absolute' };
export type WindowStep = number & { readonly __stepBase?: 'window' };
