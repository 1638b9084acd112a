// package.json's launch schema (`contributes.debuggers[].configurationAttributes.launch`) and its
// `rewind.*` launch settings, generated from the launch-attribute table: VS Code reads them only
// from package.json, so `npm run build` writes them there (scripts/manifestSchema.mjs) and a test
// holds the committed file to this output. Knows JSON schema and VS Code's manifest keys; nothing
// about who checks or uses an attribute.
import {
  LAUNCH_ATTRIBUTE_NAMES,
  LAUNCH_ATTRIBUTES,
  SETTING_ATTRIBUTES,
  type LaunchAttribute,
} from './launchAttributes';

/** The part of JSON schema (and VS Code's additions to it) that package.json uses here. */
export interface ManifestSchema {
  type?: string | readonly string[];
  items?: ManifestSchema;
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
  minimum?: number;
  properties?: Record<string, ManifestSchema>;
  additionalProperties?: boolean | ManifestSchema;
  default?: unknown;
  description?: string;
  scope?: string;
}

/** Drops the keys left undefined, so the output is what JSON.stringify writes and reads back. */
function defined(schema: ManifestSchema): ManifestSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined)) as ManifestSchema;
}

/** An object attribute's fields: integers ≥ `minimum`, each with its share of the default. */
function fieldSchema(spec: LaunchAttribute, field: string, description: string | undefined): ManifestSchema {
  const fallback = (spec.default as Record<string, number> | undefined)?.[field];
  return defined({ type: 'integer', minimum: spec.minimum, default: fallback, description });
}

/** The value's shape, as the launch attribute and its setting both declare it. */
function valueShape(spec: LaunchAttribute): ManifestSchema {
  switch (spec.type) {
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return defined({ type: 'integer', minimum: spec.minimum });
    case 'string':
      return defined({ type: 'string', enum: spec.values && [...spec.values] });
    case 'array':
      return { type: 'array', items: { type: 'string' } };
    case 'object':
      // Three kinds of object: fixed integer fields (capture), a map to one of `values` (levels),
      // or a map of strings where null removes an entry (env).
      if (spec.fields) {
        const described = (field: string) => fieldSchema(spec, field, spec.fieldDescriptions?.[field]);
        return {
          type: 'object',
          properties: Object.fromEntries(spec.fields.map((field) => [field, described(field)])),
          additionalProperties: false,
        };
      }
      if (spec.values) return { type: 'object', additionalProperties: { type: 'string', enum: [...spec.values] } };
      return { type: 'object', additionalProperties: { type: ['string', 'null'] } };
    default: {
      // protocol/ imports nothing of ours, so not runtime/format's assertNever: the same check inline.
      const unhandled: never = spec.type;
      throw new Error(`unhandled attribute type: ${String(unhandled)}`);
    }
  }
}

/** `configurationAttributes.launch.properties`: every attribute a user writes, in table order. */
export function launchProperties(): Record<string, ManifestSchema> {
  const properties: Record<string, ManifestSchema> = {};
  for (const name of LAUNCH_ATTRIBUTE_NAMES) {
    const spec: LaunchAttribute = LAUNCH_ATTRIBUTES[name];
    if (spec.internal) continue;
    properties[name] = defined({
      ...valueShape(spec),
      enumDescriptions: spec.valueDescriptions && [...spec.valueDescriptions],
      description: spec.description,
      default: spec.default,
    });
  }
  return properties;
}

/** `contributes.configuration.properties` for the attributes a `rewind.*` setting fills. */
export function settingProperties(): Record<string, ManifestSchema> {
  const properties: Record<string, ManifestSchema> = {};
  for (const { name, setting } of SETTING_ATTRIBUTES) {
    const spec: LaunchAttribute = LAUNCH_ATTRIBUTES[name];
    if (spec.fields) {
      for (const field of spec.fields) {
        const description = spec.fieldDescriptions?.[field];
        properties[`rewind.${setting}.${field}`] = fieldSchema(spec, field, description && `Default: ${description}`);
      }
      continue;
    }
    const valueDescriptions = spec.settingValueDescriptions ?? spec.valueDescriptions;
    properties[`rewind.${setting}`] = defined({
      ...valueShape(spec),
      enumDescriptions: valueDescriptions && [...valueDescriptions],
      // An array setting left empty means "the launch's own default" (its description says which).
      default: spec.default ?? (spec.type === 'array' ? [] : undefined),
      description: spec.settingDescription,
      scope: spec.settingScope,
    });
  }
  return properties;
}
