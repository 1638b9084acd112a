// The catch map a live session's recorder reads to decide, at a throw, whether the exception will
// be uncaught (issue 13 item 1; runtime/recorder/liveUncaught.ts): per instrumented file, its
// functions and its try-with-catch blocks, in original positions. The adapter builds it from the
// probe tables (debug-adapter/replay/liveUncaught.ts). Pure: the shape only.

export interface CatchMapFile {
  /** Absolute path, as Node's stack text names the file. */
  path: string;
  /** An ES module: its top-level code is evaluated in a promise (a throw there is not decided live). */
  module?: boolean;
  /** Functions: [startLine1, startColumn0, endLine1, endColumn0, 1 when async (or a generator)]. */
  fns: number[][];
  /**
   * Try blocks with a catch: [startLine1, startColumn0, endLine1, endColumn0 (the catch's start), index in fns or -1].
   */
  tries: number[][];
}
