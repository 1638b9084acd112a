// Fills the defaults of a Rewind launch configuration before VS Code substitutes ${variables}:
// an empty configuration (F5 with no launch.json) becomes "record the current file", a missing
// program becomes the active file, and `rewind.*` settings the user set fill attributes the
// configuration leaves out. Plain objects in, plain objects out: no vscode, no file system.
import { ATTRIBUTE_CHECKS, isPlainObject, type Check } from './checks';
import { CAPTURE_LIMITS, type CaptureLimit } from './attributes';

export type LaunchConfig = Record<string, unknown>;

/** Settings the user set explicitly; unset ones are absent so the adapter's own defaults apply. */
export interface RewindSettings {
  level?: unknown;
  include?: unknown;
  exclude?: unknown;
  overflow?: unknown;
  bufferEvents?: unknown;
  capture?: Partial<Record<CaptureLimit, unknown>>;
}

export interface DefaultsContext {
  /** Absolute path of the active (else last active) editor's saved file, if any (any language: validation judges it). */
  activeFile?: string;
  settings: RewindSettings;
}

export const CURRENT_FILE_NAME = 'Rewind: current file';
const FILE_VARIABLE = '${file}';
const COPIED_SETTINGS = ['level', 'include', 'exclude', 'overflow', 'bufferEvents'] as const;

export function fillDefaults(input: LaunchConfig, context: DefaultsContext): LaunchConfig {
  const config: LaunchConfig = { ...input };
  if (config.type === undefined && config.request === undefined && config.name === undefined) {
    Object.assign(config, { type: 'rewind', request: 'launch', name: CURRENT_FILE_NAME });
  }
  // `${file}` too: VS Code resolves it from the focused editor only, and fails when the timeline has focus.
  if ((config.program === undefined || config.program === FILE_VARIABLE) && config.trace === undefined && context.activeFile !== undefined) {
    config.program = context.activeFile;
  }
  if (config.console === undefined) config.console = 'internalConsole';
  // Focused recording records the file the user is looking at in full (the adapter's planner).
  if ((config.focus !== undefined || config.levels !== undefined) && config.activeEditorFile === undefined && context.activeFile !== undefined) {
    config.activeEditorFile = context.activeFile;
  }
  for (const key of COPIED_SETTINGS) {
    if (config[key] === undefined && context.settings[key] !== undefined) config[key] = context.settings[key];
  }
  const capture = mergeCapture(config.capture, context.settings.capture ?? {});
  if (capture !== undefined) config.capture = capture;
  return config;
}

/** Per-limit merge: a launch config that sets one limit still gets the others from settings. */
function mergeCapture(fromConfig: unknown, fromSettings: RewindSettings['capture'] & object): unknown {
  if (fromConfig !== undefined && !isPlainObject(fromConfig)) return fromConfig; // validation reports it
  const merged: Record<string, unknown> = { ...fromSettings, ...(fromConfig ?? {}) };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return Object.keys(merged).length === 0 ? undefined : merged;
}

/** Problems with the settings themselves, each naming the setting, so the user knows where to look. */
export function checkSettings(settings: RewindSettings): string[] {
  const problems: string[] = [];
  const report = (name: string, check: Check, value: unknown): void => {
    const expected = value === undefined ? undefined : check(value);
    if (expected !== undefined) problems.push(`Setting "rewind.${name}" must be ${expected}; it is ${JSON.stringify(value)}.`);
  };
  for (const key of COPIED_SETTINGS) report(key, ATTRIBUTE_CHECKS[key], settings[key]);
  for (const limit of CAPTURE_LIMITS) {
    report(`capture.${limit}`, (v) => ATTRIBUTE_CHECKS.capture({ [limit]: v }), settings.capture?.[limit]);
  }
  return problems;
}
