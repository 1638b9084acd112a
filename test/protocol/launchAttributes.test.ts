// The launch-attribute table (protocol/launchAttributes.ts) is the one declaration every side
// derives from: package.json's schema and settings are its generated output (npm run build) and match
// it field for field, the extension and
// the adapter reject the same bad values with the same words, the CLI's options use its value sets
// and checks, every recorder attribute reaches the recorder's settings, and the defaults package.json
// offers are the recorder's own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planLaunch, recordingOptionsOf, type ProgramPlan } from '../../debug-adapter/session/launchConfig';
import { launchProperties, settingProperties } from '../../protocol/manifestSchema';
import { recorderSettings, WORDS_PER_EVENT } from '../../debug-adapter/recording/settings';
import { RECORD_OPTIONS } from '../../debug-adapter/cli/record';
import { USAGE } from '../../debug-adapter/cli/usage';
import { validateLaunch } from '../../extension/config/validate';
import { checkSettings } from '../../extension/config/defaults';
import { assertNever, DEFAULT_SETTINGS } from '../../runtime/format';
import {
  LAUNCH_ATTRIBUTES,
  LAUNCH_ATTRIBUTE_NAMES,
  RECORDER_ATTRIBUTES,
  SETTING_ATTRIBUTES,
  type LaunchAttribute,
  type LaunchAttributeName,
} from '../../protocol/launchAttributes';

interface JsonSchema {
  type?: string;
  enum?: string[];
  minimum?: number;
  default?: unknown;
  description?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
}
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const launchSchema: Record<string, JsonSchema> = manifest.contributes.debuggers.find(
  (d: { type: string }) => d.type === 'rewind',
).configurationAttributes.launch.properties;
const settingsSchema: Record<string, JsonSchema> = manifest.contributes.configuration.properties;
/** Settings of the editor itself, not of a launch. */
const EDITOR_SETTINGS = ['rewind.timeline.openOnSessionStart', 'rewind.timeline.location'];

const attribute = (name: LaunchAttributeName): LaunchAttribute => LAUNCH_ATTRIBUTES[name];
const userAttributes = LAUNCH_ATTRIBUTE_NAMES.filter((name) => !attribute(name).internal);

/** A value of the wrong JSON type for the attribute: what a typo in launch.json sends. */
function wrongValue(spec: LaunchAttribute): unknown {
  return { string: 42, boolean: 'yes', integer: 'many', array: 'x', object: 'x' }[spec.type];
}

/** What package.json should say about the value's shape (descriptions and defaults aside). */
function expectedShape(spec: LaunchAttribute): JsonSchema {
  const shape: JsonSchema = { type: spec.type };
  if (spec.type === 'string' && spec.values) shape.enum = [...spec.values];
  if (spec.type === 'integer' && spec.minimum !== undefined) shape.minimum = spec.minimum;
  return shape;
}

describe('package.json declares the table', () => {
  it('is the generated schema and settings: `npm run build` writes them from the table', () => {
    // A hand edit of package.json, or a table entry committed without a build, fails here.
    expect(launchSchema).toEqual(launchProperties());
    const generated = settingProperties();
    expect(Object.fromEntries(Object.keys(generated).map((key) => [key, settingsSchema[key]]))).toEqual(generated);
  });

  it('every user attribute is described, and each of its values and fields', () => {
    for (const name of userAttributes) {
      const spec = attribute(name);
      expect(spec.description, name).toBeTruthy();
      if (spec.valueDescriptions) expect(spec.valueDescriptions.length, name).toBe(spec.values?.length);
      if (spec.settingValueDescriptions) expect(spec.settingValueDescriptions.length, name).toBe(spec.values?.length);
      for (const field of spec.fields ?? []) expect(spec.fieldDescriptions?.[field], `${name}.${field}`).toBeTruthy();
      if (spec.setting && !spec.fields) expect(spec.settingDescription, `rewind.${spec.setting}`).toBeTruthy();
    }
  });

  it('every user attribute and no other, each with its shape, description and offered default', () => {
    expect(Object.keys(launchSchema).sort()).toEqual([...userAttributes].sort());
    for (const name of userAttributes) {
      const spec = attribute(name);
      const schema = launchSchema[name];
      expect(schema, name).toMatchObject(expectedShape(spec));
      expect(schema.description, name).toBeTruthy();
      expect(schema.default, name).toEqual(spec.default);
      if (spec.type === 'array') expect(schema.items, name).toEqual({ type: 'string' });
      if (spec.type === 'object' && spec.values)
        expect(schema.additionalProperties, name).toEqual({ type: 'string', enum: [...spec.values] });
      if (spec.fields) {
        expect(schema.additionalProperties, name).toBe(false);
        expect(Object.keys(schema.properties ?? {}), name).toEqual([...spec.fields]);
        for (const field of spec.fields)
          expect(schema.properties?.[field], `${name}.${field}`).toMatchObject({
            type: 'integer',
            minimum: spec.minimum,
          });
      }
    }
  });

  it('every rewind.* setting fills an attribute of the same shape (or belongs to the editor)', () => {
    const declared: string[] = [];
    for (const { name, setting } of SETTING_ATTRIBUTES) {
      const spec = attribute(name);
      if (spec.fields) {
        for (const field of spec.fields) {
          const key = `rewind.${setting}.${field}`;
          declared.push(key);
          expect(settingsSchema[key], key).toMatchObject({
            type: 'integer',
            minimum: spec.minimum,
            default: (spec.default as Record<string, number>)[field],
          });
        }
      } else {
        declared.push(`rewind.${setting}`);
        expect(settingsSchema[`rewind.${setting}`], setting).toMatchObject(expectedShape(spec));
      }
    }
    expect(Object.keys(settingsSchema).sort()).toEqual([...declared, ...EDITOR_SETTINGS].sort());
  });

  it("the defaults it offers for recorder attributes are the recorder's own", () => {
    expect(LAUNCH_ATTRIBUTES.bufferEvents.default * WORDS_PER_EVENT).toBe(DEFAULT_SETTINGS.bufferWords);
    expect(LAUNCH_ATTRIBUTES.overflow.default).toBe(DEFAULT_SETTINGS.overflow);
    expect(LAUNCH_ATTRIBUTES.flightRecorderMiB.default * 2 ** 20).toBe(DEFAULT_SETTINGS.flightRecorderBytes);
    expect(LAUNCH_ATTRIBUTES.level.default).toBe(DEFAULT_SETTINGS.level);
    const { maxStringLength, maxCollectionEntries, maxDepth } = DEFAULT_SETTINGS;
    expect(LAUNCH_ATTRIBUTES.capture.default).toEqual({ maxStringLength, maxCollectionEntries, maxDepth });
  });
});

describe('the extension and the adapter check every attribute alike', () => {
  it.each(LAUNCH_ATTRIBUTE_NAMES)('%s: a wrong value is refused by both, in the same words', (name) => {
    const bad = wrongValue(attribute(name));
    const expected = `"${name}" must be ${attribute(name).check(bad)}`;
    const extension = validateLaunch(
      { type: 'rewind', request: 'launch', name: 'n', program: '/ws/a.js', [name]: bad },
      { workspaceFolders: ['/ws'], exists: () => true },
    );
    expect(extension.ok ? [] : extension.problems).toContain(`${expected}; it is ${JSON.stringify(bad)}.`);
    expect(() => planLaunch({ program: '/ws/a.js', [name]: bad })).toThrow(`launch: ${expected}`);
  });

  it('bufferEvents: below 1024 is refused everywhere (the extension said ≥ 1024, the adapter and CLI ≥ 1)', () => {
    expect(() => planLaunch({ program: '/ws/a.js', bufferEvents: 1 })).toThrow(
      'launch: "bufferEvents" must be an integer ≥ 1024',
    );
    expect(checkSettings({ bufferEvents: 1 })).toEqual([
      'Setting "rewind.bufferEvents" must be an integer ≥ 1024; it is 1.',
    ]);
    expect(planLaunch({ program: '/ws/a.js', bufferEvents: 1024 })).toMatchObject({ bufferEvents: 1024 });
  });
});

describe('every recorder attribute reaches the recorder', () => {
  const base = (): ProgramPlan => {
    const plan = planLaunch({ program: '/ws/a.js', cwd: '/ws' });
    if (plan.kind !== 'program') throw new Error('expected a program plan');
    return plan;
  };
  const settingsOf = (plan: ProgramPlan) =>
    recorderSettings({ root: '/ws', sessionId: 's', ...recordingOptionsOf(plan) });
  /**
   * A value other than the offered default that the attribute's own check accepts, derived from its
   * entry (so a new recorder attribute needs no line here): the first allowed value that is not the
   * default, a boolean's other value, an integer above its minimum, one glob.
   */
  const nonDefaultOf = (name: LaunchAttributeName): unknown => {
    const spec = attribute(name);
    const integer = (spec.minimum ?? 0) + 3;
    const choice = spec.values?.find((value) => value !== spec.default) ?? spec.values?.[0];
    switch (spec.type) {
      case 'boolean':
        return spec.default !== true;
      case 'integer':
        return integer;
      case 'string':
        return choice ?? 'derived';
      case 'array':
        return ['derived/**'];
      case 'object':
        return spec.fields
          ? Object.fromEntries(spec.fields.map((field) => [field, integer]))
          : { 'derived/**': choice ?? 'derived' };
      default:
        return assertNever(spec.type, 'attribute type');
    }
  };

  it.each(RECORDER_ATTRIBUTES.map(({ name }) => name))('%s changes what the recorder is told', (name) => {
    const value = nonDefaultOf(name);
    expect(attribute(name).check(value), `${name}: ${JSON.stringify(value)} (derived from its entry)`).toBeUndefined();
    if (name === 'leafCalls') {
      // Refused for a launched program (launchConfig.ts): `rewind record --leaf-calls` passes it on.
      expect(() => planLaunch({ program: '/ws/a.js', cwd: '/ws', leafCalls: true })).toThrow(/leafCalls/);
      const cli = (extra: object) => recorderSettings({ root: '/ws', sessionId: 's', ...extra });
      expect(cli({ leafCalls: true })).not.toEqual(cli({}));
      return;
    }
    const plan = planLaunch({ program: '/ws/a.js', cwd: '/ws', [name]: value });
    if (plan.kind !== 'program') throw new Error('expected a program plan');
    expect(settingsOf(plan)).not.toEqual(settingsOf(base()));
  });
});

describe("the CLI uses the table's value sets, checks and names", () => {
  it('every attribute with a CLI option is an option of rewind record, listed in the help', () => {
    for (const name of LAUNCH_ATTRIBUTE_NAMES) {
      const option = attribute(name).cliOption;
      if (option === undefined) continue;
      expect(RECORD_OPTIONS[option], option).toBeDefined();
      expect(USAGE, option).toContain(`--${option}`);
      const values = attribute(name).values;
      if (attribute(name).type === 'string' && values) expect(RECORD_OPTIONS[option].choices, option).toEqual(values);
    }
  });
});
