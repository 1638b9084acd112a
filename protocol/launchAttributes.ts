// The launch attributes of a Rewind debug configuration, declared once: each one's JSON-schema
// shape, allowed values, check, offered default, descriptions, the `rewind.*` setting that fills
// it, the `rewind record` option for it and whether it reaches the recorder. The extension's
// validator, the adapter's launch planner, the CLI's options and package.json's launch schema and
// settings (generated at build, protocol/manifestSchema.ts) all derive from this table. Pure data
// and checks: imports nothing of Rewind's but ./checks.
import {
  boolean,
  environment,
  integerAtLeast,
  mapOf,
  nonEmptyString,
  objectOf,
  oneOf,
  stringArray,
  quoteAll,
  type Check,
} from './checks';

const LEVELS = ['full', 'calls', 'none'] as const;
export type Level = (typeof LEVELS)[number];

const OVERFLOW_STRATEGIES = ['block', 'drop-newest', 'overwrite-oldest', 'flight'] as const;
export type OverflowStrategy = (typeof OVERFLOW_STRATEGIES)[number];

/** Only the Debug Console for now: the terminals need a runInTerminal path the adapter lacks. */
const CONSOLES = ['internalConsole'] as const;

export const CAPTURE_LIMITS = ['maxStringLength', 'maxCollectionEntries', 'maxDepth'] as const;
export type CaptureLimit = (typeof CAPTURE_LIMITS)[number];
export type CaptureLimits = Partial<Record<CaptureLimit, number>>;

/** File extensions Rewind can record: JavaScript and TypeScript, CommonJS and ESM, with JSX. */
export const PROGRAM_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

/** Smallest ring the recorder keeps (4096 words at 4 words an event): a smaller request is a mistake, not a wish. */
export const MIN_BUFFER_EVENTS = 1024;

/** The `launch` request's arguments, as the adapter receives them (after the extension filled defaults). */
export interface LaunchArguments {
  program?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  envFile?: string;
  runtimeExecutable?: string;
  runtimeArgs?: string[];
  stopOnEntry?: boolean;
  skipFiles?: string[];
  outFiles?: string[];
  console?: 'internalConsole';
  include?: string[];
  exclude?: string[];
  /** The level of files no focus rule names ('none': they run unrecorded). */
  level?: Level;
  /** Focused recording: globs recorded at `full` (plus files with breakpoints and the active editor's). */
  focus?: string[];
  /** Per-glob levels, over everything else. */
  levels?: Record<string, Level>;
  overflow?: OverflowStrategy;
  bufferEvents?: number;
  /** overflow 'flight': the most trace the flight recorder keeps (the newest history), in MiB. */
  flightRecorderMiB?: number;
  capture?: CaptureLimits;
  /** Open a saved recording instead of running a program. */
  trace?: string;
  /** Rewind's own notes (instrumentation cache, recorder statistics) in the Debug Console; off by default. */
  verbose?: boolean;
  /**
   * A program recorded live stops at breakpoints, pause and steps while it runs (default true);
   * false records it to its end first, then replays (nothing stops the program).
   */
  live?: boolean;
  /**
   * The most recorded history the debugger keeps in memory per thread, in MiB (default 512): past
   * it, the oldest history is dropped (live and when opening a recording) and stepping says where history starts.
   */
  historyWindowMiB?: number;
  /** Filled by the extension: the active editor's file, recorded at `full` when focused. */
  activeEditorFile?: string;
  /** Set by VS Code for "Run Without Debugging". */
  noDebug?: boolean;
  /**
   * Deferred recording: the program runs uninstrumented (about 1x) while only what it reads from
   * nondeterministic sources is logged; the full trace is made later by re-executing it with the log.
   */
  deferred?: boolean;
  /**
   * A deferred recording (`trace` naming one, or `deferred: true`) is re-executed only up to this
   * many ms of its run: a partial expansion, whose Debug Console note says where it stops.
   */
  expandUntilMs?: number;
  /**
   * Regenerable leaf calls (issue 9 §2, experimental, default off): a call of a function that only
   * computes with numbers and booleans from its arguments is recorded as one event, and its steps
   * are re-run when the recording is opened. Not in live sessions.
   */
  leafCalls?: boolean;
  /**
   * Object snapshots by shape (format 3.12; default on). false: every snapshot is an ordinary
   * SNAPSHOT. Internal: for comparing recordings (tests, benchmarks), not a user setting.
   */
  objectShapes?: boolean;
}

export interface LaunchAttribute {
  /** The JSON-schema type package.json declares. */
  type: 'string' | 'boolean' | 'integer' | 'array' | 'object';
  /** The closed value set: of the value itself (a string), or of each entry (an object). */
  values?: readonly string[];
  /** An object's only fields (package.json `properties`, `additionalProperties: false`). */
  fields?: readonly string[];
  /** Smallest integer: of the value, or of each field. */
  minimum?: number;
  check: Check;
  /** The default package.json offers (a snippet for launch.json; the adapter's defaults are its own). */
  default?: unknown;
  /** `rewind.<setting>` (for an object, `rewind.<setting>.<field>`) fills the attribute a configuration leaves out. */
  setting?: string;
  /**
   * The `rewind record` option for the same thing: its kind follows `type` (array: repeatable,
   * boolean: a flag), a string's choices are `values`, an integer is checked by `check`.
   */
  cliOption?: string;
  /** The option's value in `rewind --help` (default: `values` joined by '|', or N for an integer). */
  cliArgument?: string;
  /** The option's lines in `rewind --help`, after the option itself. */
  cliHelp?: readonly string[];
  /**
   * The attribute reaches the recorder options under its own name ('value'), or each of its fields
   * does ('fields'). One that debug-adapter/recording/settings.ts does not convert reaches the
   * recorder as given, in RecorderSettings.attributes (runtime/format/environment.ts).
   */
  recorder?: 'value' | 'fields';
  /** Filled by the extension or VS Code, never written by a user: absent from package.json. */
  internal?: true;
  /**
   * What launch.json IntelliSense says about it (package.json `description`, generated from this
   * table by `npm run build`: protocol/manifestSchema.ts). Every attribute but an internal one has one.
   */
  description?: string;
  /** package.json `enumDescriptions`: one line per entry of `values`, in order. */
  valueDescriptions?: readonly string[];
  /** An object's `fields`, each described (its `rewind.<setting>.<field>` says "Default: " and the same). */
  fieldDescriptions?: Readonly<Record<string, string>>;
  /** The `rewind.<setting>`'s own description, and its values' where they differ from the launch's. */
  settingDescription?: string;
  settingValueDescriptions?: readonly string[];
  /** `resource`: the setting may differ per workspace folder (VS Code's default scope otherwise). */
  settingScope?: 'resource';
}

const captureLimit = integerAtLeast(1);
const consoleKind: Check = (value) =>
  oneOf(CONSOLES)(value) === undefined
    ? undefined
    : '"internalConsole" (the integrated and external terminals are not supported yet)';

/** Every launch attribute; `satisfies` keeps the table and LaunchArguments in step. */
export const LAUNCH_ATTRIBUTES = {
  program: {
    description:
      'Absolute path of the JavaScript or TypeScript program to record and debug (.js .mjs .cjs .jsx .ts .mts .cts .tsx). Defaults to the active editor\'s file. Not used with "trace".',
    type: 'string',
    check: nonEmptyString,
    default: '${file}',
  },
  args: {
    description: 'Command-line arguments passed to the program.',
    type: 'array',
    check: stringArray,
    default: [],
  },
  cwd: {
    description:
      'Working directory of the program. Defaults to the workspace folder of the program (or its directory when it is outside every folder).',
    type: 'string',
    check: nonEmptyString,
    default: '${workspaceFolder}',
  },
  env: {
    description: "Environment variables added to the program's environment; null removes a variable.",
    type: 'object',
    check: environment,
    default: {},
  },
  envFile: {
    description: 'Absolute path to a file of KEY=VALUE lines added to the environment (values in "env" win).',
    type: 'string',
    check: nonEmptyString,
    default: '${workspaceFolder}/.env',
  },
  runtimeExecutable: {
    description: 'The Node.js executable that runs the program (a path, or a name looked up on PATH). Default: "node".',
    type: 'string',
    check: nonEmptyString,
    default: 'node',
  },
  runtimeArgs: {
    description: 'Arguments passed to the runtime executable before the program (e.g. "--enable-source-maps").',
    type: 'array',
    check: stringArray,
    default: [],
    cliOption: 'node-arg',
    cliArgument: 'ARG',
    cliHelp: [
      'an option for node itself, e.g. --node-arg=--max-old-space-size=4096',
      '(repeatable; the launch attribute runtimeArgs)',
    ],
  },
  stopOnEntry: {
    description: 'Stop at the first recorded step instead of the first breakpoint hit.',
    type: 'boolean',
    check: boolean,
    default: false,
  },
  skipFiles: {
    description:
      'Glob patterns of files whose steps are skipped when stepping (they are still recorded if included). "<node_internals>/**" names Node\'s own modules.',
    type: 'array',
    check: stringArray,
    default: ['<node_internals>/**'],
  },
  outFiles: {
    description:
      'Glob patterns locating generated JavaScript with source maps, so breakpoints set in TypeScript sources bind and frames show TypeScript positions.',
    type: 'array',
    check: stringArray,
    default: ['${workspaceFolder}/**/*.js', '!**/node_modules/**'],
  },
  console: {
    description: 'Where the program\'s output goes. Only "internalConsole" is supported for now.',
    valueDescriptions: [
      "The program's output goes to the Debug Console as it is printed. (The integrated and external terminals are not supported yet.)",
    ],
    type: 'string',
    values: CONSOLES,
    check: consoleKind,
    default: 'internalConsole',
  },
  include: {
    description: "Glob patterns of files to record (instrument). Default: the workspace's own code.",
    settingDescription:
      'Default glob patterns of files to record, for launch configurations that do not set "include". Empty: the workspace\'s own code.',
    settingScope: 'resource',
    type: 'array',
    check: stringArray,
    setting: 'include',
    cliOption: 'include',
    cliArgument: 'GLOB',
    cliHelp: ['files to record (repeatable; default: under cwd)'],
    recorder: 'value',
  },
  exclude: {
    description: 'Glob patterns of files never recorded. Default: everything under node_modules.',
    settingDescription:
      'Default glob patterns of files never recorded, for launch configurations that do not set "exclude". Empty: everything under node_modules.',
    settingScope: 'resource',
    type: 'array',
    check: stringArray,
    setting: 'exclude',
    cliOption: 'exclude',
    cliArgument: 'GLOB',
    cliHelp: ['files never recorded (repeatable; default: node_modules)'],
    recorder: 'value',
  },
  level: {
    description:
      'How much to record. With "focus" or "levels", the level of every file they do not name (default then: "calls").',
    valueDescriptions: [
      'Every statement, variable write and object mutation is recorded (step back through every line).',
      'Only function calls, returns and throws are recorded: faster, coarser history.',
      'Nothing inside the file is recorded (it runs untouched); useful with "focus" for code you are not looking at.',
    ],
    settingDescription: 'Default recording level for Rewind launch configurations that do not set "level".',
    settingValueDescriptions: [
      'Every statement, variable write and object mutation is recorded (step back through every line).',
      'Only function calls, returns and throws are recorded: faster, coarser history.',
      'Nothing inside a file is recorded (with "focus" in a launch configuration: every file outside the focus).',
    ],
    type: 'string',
    values: LEVELS,
    check: oneOf(LEVELS),
    default: 'full',
    setting: 'level',
    cliOption: 'level',
    cliHelp: [
      'what to record (default: full; with --focus, the',
      'level of files outside the focus: default calls;',
      'none = the file runs unrecorded)',
    ],
    recorder: 'value',
  },
  focus: {
    description:
      'Focused recording: glob patterns of files recorded at "full"; files with breakpoints or logpoints and the active editor\'s file are too, every other file gets "level" (default "calls"). An empty list focuses on breakpoints and the active editor only. The plan is printed to the Debug Console.',
    type: 'array',
    check: stringArray,
    default: [],
    cliOption: 'focus',
    cliArgument: 'GLOB',
    cliHelp: ['record matching files at full, the rest at --level', '(repeatable; focused recording)'],
    recorder: 'value',
  },
  levels: {
    description:
      'Per-glob recording levels, e.g. { "src/vendor/**": "none" }; they override "focus", breakpoints and "level" (focused recording).',
    type: 'object',
    values: LEVELS,
    check: mapOf(oneOf(LEVELS), `globs to ${quoteAll(LEVELS)}`),
    cliOption: 'file-level',
    cliArgument: 'GLOB=LEVEL',
    cliHelp: ['this level for matching files, over any focus', '(repeatable)'],
    recorder: 'value',
  },
  overflow: {
    description: 'What the recorder does when its event buffer is full.',
    valueDescriptions: [
      'Lossless: the program waits while the recorder drains a full buffer.',
      'When the buffer is full, new events are dropped (counted and shown as gaps).',
      'When the buffer is full, the oldest undrained events are overwritten (counted and shown as gaps).',
      'Flight recorder: keeps only the last flightRecorderMiB of history on disk and in memory; the oldest goes (counted, and replay says where the kept history starts).',
    ],
    settingDescription: "Default overflow strategy of the recorder's buffer.",
    settingValueDescriptions: [
      'Lossless: the program waits while the recorder drains a full buffer.',
      'When the buffer is full, new events are dropped (counted and shown as gaps).',
      'When the buffer is full, the oldest undrained events are overwritten (counted and shown as gaps).',
      'Flight recorder: keeps only the last rewind.flightRecorderMiB of history on disk and in memory.',
    ],
    type: 'string',
    values: OVERFLOW_STRATEGIES,
    check: oneOf(OVERFLOW_STRATEGIES),
    default: 'block',
    setting: 'overflow',
    cliOption: 'overflow',
    cliHelp: [
      'when the event buffer is full (default: block);',
      'flight keeps only the newest history (a flight recorder)',
    ],
    recorder: 'value',
  },
  bufferEvents: {
    description: "Capacity of the recorder's ring buffer, in events (rounded up to a power of two).",
    settingDescription: 'Default ring-buffer capacity in events.',
    type: 'integer',
    minimum: MIN_BUFFER_EVENTS,
    check: integerAtLeast(MIN_BUFFER_EVENTS),
    default: 1_048_576,
    setting: 'bufferEvents',
    cliOption: 'buffer-events',
    cliHelp: ['event buffer capacity, at least 1024 (rounded up to', 'a power of two)'],
    recorder: 'value',
  },
  flightRecorderMiB: {
    description:
      'With overflow "flight": the most trace the flight recorder keeps, in MiB (the last events; older history is dropped).',
    settingDescription: 'Default size of the flight recorder\'s kept history in MiB (overflow "flight").',
    type: 'integer',
    minimum: 1,
    check: integerAtLeast(1),
    default: 64,
    setting: 'flightRecorderMiB',
    cliOption: 'flight-recorder-mib',
    cliHelp: ['with --overflow flight: the history kept, in MiB', '(default 64); older events are dropped and counted'],
    recorder: 'value',
  },
  capture: {
    description: 'Limits on how much of each value is recorded.',
    fieldDescriptions: {
      maxStringLength:
        'Longest string recorded in full; longer strings are truncated and shown as truncated (their true length is kept).',
      maxCollectionEntries: 'Most entries recorded per array, Map, Set or object snapshot; the true size is kept.',
      maxDepth: 'How deep nested objects are snapshotted when first seen.',
    },
    type: 'object',
    fields: CAPTURE_LIMITS,
    minimum: 1,
    check: objectOf(CAPTURE_LIMITS, captureLimit, 'integer fields ≥ 1'),
    default: { maxStringLength: 1024, maxCollectionEntries: 100, maxDepth: 3 },
    setting: 'capture',
    recorder: 'fields',
  },
  trace: {
    description:
      'Open a saved recording (a trace file written by "Rewind: Save Recording As…" or `rewind record`) instead of running a program.',
    type: 'string',
    check: nonEmptyString,
    default: '${workspaceFolder}/recording.rwd',
  },
  verbose: {
    description:
      'Show Rewind\'s own notes (instrumentation cache hits, recorder statistics) in the Debug Console, as js-debug\'s "trace" does. (Rewind\'s "trace" attribute names a saved recording.)',
    type: 'boolean',
    check: boolean,
    default: false,
  },
  live: {
    description:
      'Breakpoints, Pause and the steps stop the running program (its whole past stays one Step Back away); false records the program to its end first, then replays it (the default with "overflow": "flight").',
    type: 'boolean',
    check: boolean,
    default: true,
  },
  historyWindowMiB: {
    description:
      'The most recorded history the debugger keeps in memory per thread, in MiB: past it, the oldest history is dropped (a long live run, a huge recording) and stepping and the timeline say where history starts.',
    type: 'integer',
    minimum: 1,
    check: integerAtLeast(1),
    default: 512,
  },
  deferred: {
    description:
      'Deferred recording: the program runs uninstrumented (about as fast as plain Node) while only what it reads is logged: clocks, random sources, the environment, files, stdin, DNS, signals, and what the clients of its servers, its outgoing connections, UDP sockets and child processes send it. The full trace is made when the recording is opened, by running the program again with that log fed back (Pause ends the program as Ctrl+C would and opens what it did). Programs that use TLS or HTTP/2, start worker threads or load native addons are refused at that point.',
    type: 'boolean',
    check: boolean,
    default: false,
    cliOption: 'deferred',
    cliHelp: [
      'deferred recording: run the program uninstrumented (about',
      '1x) and log only what it reads (clocks, random sources, the',
      'environment, files, stdin, dns, signals, sockets, child',
      'processes); `expand` makes the full trace',
    ],
    recorder: 'value',
  },
  expandUntilMs: {
    description:
      'A deferred recording (opened with "trace", or made with "deferred": true) is expanded only up to this many milliseconds of its run: the re-execution stops before the first callback the deferred run ran later, and the Debug Console says where the trace ends. Re-executing a long run whole costs about 20x its time; this debugs its start sooner (like `rewind expand --until-ms`).',
    type: 'integer',
    minimum: 0,
    check: integerAtLeast(0),
    default: 10000,
  },
  leafCalls: {
    description:
      'Experimental: a call of a function that only computes with numbers and booleans from its arguments and the plain data properties it reads is recorded as one event, and its steps are re-run when the recording is opened (not in live sessions).',
    type: 'boolean',
    check: boolean,
    default: false,
    cliOption: 'leaf-calls',
    cliHelp: [
      'experimental: record a call of a leaf function (numbers,',
      'data properties it reads) as one event and re-run its',
      'steps when the trace is opened',
    ],
    recorder: 'value',
  },
  activeEditorFile: { type: 'string', check: nonEmptyString, internal: true },
  noDebug: { type: 'boolean', check: boolean, internal: true },
  objectShapes: { type: 'boolean', check: boolean, internal: true, recorder: 'value' },
} as const satisfies { [K in keyof Required<LaunchArguments>]: LaunchAttribute };

export type LaunchAttributeName = keyof typeof LAUNCH_ATTRIBUTES;
export const LAUNCH_ATTRIBUTE_NAMES = Object.keys(LAUNCH_ATTRIBUTES) as LaunchAttributeName[];

/** What is wrong with `value` for attribute `name`, worded for a message ("must be …"), or undefined. */
export function attributeProblem(name: LaunchAttributeName, value: unknown): string | undefined {
  const expected = (LAUNCH_ATTRIBUTES[name] as LaunchAttribute).check(value);
  return expected === undefined ? undefined : `"${name}" must be ${expected}`;
}

/** Attributes a `rewind.*` setting can fill, with the setting's name. */
export const SETTING_ATTRIBUTES = LAUNCH_ATTRIBUTE_NAMES.flatMap((name) => {
  const setting = (LAUNCH_ATTRIBUTES[name] as LaunchAttribute).setting;
  return setting === undefined ? [] : [{ name, setting }];
});

/** Names of the attributes that reach the recorder (`recorder` set in the table). */
export type RecorderAttributeName = {
  [K in LaunchAttributeName]: (typeof LAUNCH_ATTRIBUTES)[K] extends { recorder: string } ? K : never;
}[LaunchAttributeName];

/** Attributes that reach the recorder options, with how. */
export const RECORDER_ATTRIBUTES = LAUNCH_ATTRIBUTE_NAMES.flatMap((name) => {
  const recorder = (LAUNCH_ATTRIBUTES[name] as LaunchAttribute).recorder;
  return recorder === undefined ? [] : [{ name, recorder }];
});

/** Attributes with a `rewind record` option, in table order (the CLI's parsing and help derive from these). */
export const CLI_ATTRIBUTES = LAUNCH_ATTRIBUTE_NAMES.flatMap((name) => {
  const attribute = LAUNCH_ATTRIBUTES[name] as LaunchAttribute;
  return attribute.cliOption === undefined ? [] : [{ name, option: attribute.cliOption, attribute }];
});
