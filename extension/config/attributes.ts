// The vocabulary of a Rewind launch configuration: attribute names and their closed value sets.
// Shared by the validator and checked against package.json's JSON schema by a unit test, so the
// schema users see and the checks they hit never drift apart. Knows nothing of vscode.

export const LEVELS = ['full', 'calls', 'none'] as const;
export type Level = (typeof LEVELS)[number];

export const OVERFLOW_STRATEGIES = ['block', 'drop-newest', 'overwrite-oldest'] as const;
export type OverflowStrategy = (typeof OVERFLOW_STRATEGIES)[number];

/** Only the Debug Console for now: the terminals need a runInTerminal path the adapter lacks. */
export const CONSOLES = ['internalConsole'] as const;

export const CAPTURE_LIMITS = ['maxStringLength', 'maxCollectionEntries', 'maxDepth'] as const;
export type CaptureLimit = (typeof CAPTURE_LIMITS)[number];
export type CaptureLimits = Partial<Record<CaptureLimit, number>>;

/** File extensions Rewind can record: JavaScript and TypeScript, CommonJS and ESM, with JSX. */
export const PROGRAM_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

/** Every launch attribute Rewind defines (package.json `configurationAttributes.launch`). */
export const LAUNCH_ATTRIBUTES = [
  'program', 'args', 'cwd', 'env', 'envFile', 'runtimeExecutable', 'runtimeArgs', 'stopOnEntry',
  'skipFiles', 'outFiles', 'console', 'include', 'exclude', 'level', 'focus', 'levels', 'overflow', 'bufferEvents',
  'capture', 'trace', 'verbose', 'live',
] as const;

/** Smallest ring the recorder accepts; below it the drain batches make no sense. */
export const MIN_BUFFER_EVENTS = 1024;
