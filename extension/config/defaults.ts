// Fills the defaults of a Rewind launch configuration before VS Code substitutes ${variables}:
// an empty configuration (F5 with no launch.json) becomes "record the current file", a missing
// program becomes the active file, and `rewind.*` settings the user set fill attributes the
// configuration leaves out. Plain objects in, plain objects out: no vscode, no file system.
import { isPlainObject } from '../../protocol/checks';
import {
  CAPTURE_LIMITS,
  LAUNCH_ATTRIBUTES,
  SETTING_ATTRIBUTES,
  type CaptureLimit,
  type LaunchAttribute,
  type LaunchAttributeName,
} from '../../protocol/launchAttributes';

export type LaunchConfig = Record<string, unknown>;

/** Settings the user set explicitly, by attribute; unset ones are absent so the adapter's own defaults apply. */
export type RewindSettings = Partial<Record<Exclude<LaunchAttributeName, 'capture'>, unknown>> & {
  capture?: Partial<Record<CaptureLimit, unknown>>;
};

export interface DefaultsContext {
  /**
   * Absolute path of the active (else last active) editor's saved file, if any (any language: validation judges it).
   */
  activeFile?: string;
  settings: RewindSettings;
}

export const CURRENT_FILE_NAME = 'Rewind: current file';
const FILE_VARIABLE = '${file}';
/** Whole-value settings; `capture`'s limits are merged one by one (mergeCapture). */
const COPIED_SETTINGS = SETTING_ATTRIBUTES.flatMap(({ name, setting }) =>
  name === 'capture' ? [] : [{ name: name as Exclude<LaunchAttributeName, 'capture'>, setting }],
);

export function fillDefaults(input: LaunchConfig, context: DefaultsContext): LaunchConfig {
  const config: LaunchConfig = { ...input };
  if (config.type === undefined && config.request === undefined && config.name === undefined) {
    Object.assign(config, { type: 'rewind', request: 'launch', name: CURRENT_FILE_NAME });
  }
  // `${file}` too: VS Code resolves it from the focused editor only, and fails when the timeline has focus.
  if (
    (config.program === undefined || config.program === FILE_VARIABLE) &&
    config.trace === undefined &&
    context.activeFile !== undefined
  ) {
    config.program = context.activeFile;
  }
  if (config.console === undefined) config.console = 'internalConsole';
  // Focused recording records the file the user is looking at in full (the adapter's planner).
  if (
    (config.focus !== undefined || config.levels !== undefined) &&
    config.activeEditorFile === undefined &&
    context.activeFile !== undefined
  ) {
    config.activeEditorFile = context.activeFile;
  }
  for (const { name } of COPIED_SETTINGS) {
    if (config[name] === undefined && context.settings[name] !== undefined) config[name] = context.settings[name];
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
  const report = (name: string, check: LaunchAttribute['check'], value: unknown): void => {
    const expected = value === undefined ? undefined : check(value);
    if (expected !== undefined)
      problems.push(`Setting "rewind.${name}" must be ${expected}; it is ${JSON.stringify(value)}.`);
  };
  for (const { name, setting } of COPIED_SETTINGS) report(setting, LAUNCH_ATTRIBUTES[name].check, settings[name]);
  for (const limit of CAPTURE_LIMITS) {
    report(`capture.${limit}`, (v) => LAUNCH_ATTRIBUTES.capture.check({ [limit]: v }), settings.capture?.[limit]);
  }
  return problems;
}
