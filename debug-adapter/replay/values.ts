// Display text for recorded values (a one-line preview, like js-debug's): primitives exactly,
// strings quoted and marked when truncated, objects by their reconstructed state. Pure formatting:
// never evaluates or invokes anything. Knows nothing of references or DAP.
import { ObjectType, assertNever, type DecodedValue } from '../../runtime/format';
import { isArrayLike, itemAt, type ObjectState } from './objects';

export type ObjectLookup = (objectId: number) => ObjectState;

const PREVIEW_ENTRIES = 5;
const PREVIEW_STRING = 60;

export interface Described {
  text: string;
  type: string;
  truncated: boolean;
  /** For objects: the id, so the caller can make the row expandable. */
  objectId?: number;
}

export function describe(value: DecodedValue, objects: ObjectLookup): Described {
  switch (value.type) {
    case 'undefined':
    case 'null':
      return { text: value.type, type: value.type, truncated: false };
    case 'hole':
      return { text: '<empty>', type: 'undefined', truncated: false };
    case 'boolean':
      return { text: String(value.value), type: 'boolean', truncated: false };
    case 'number':
      return { text: Object.is(value.value, -0) ? '-0' : String(value.value), type: 'number', truncated: false };
    case 'bigint':
      return { text: `${value.text}n`, type: 'bigint', truncated: false };
    case 'symbol':
      return { text: `Symbol(${value.description ?? ''})`, type: 'symbol', truncated: false };
    case 'string':
      return { text: quote(value.value, value.truncated, value.length), type: 'string', truncated: value.truncated };
    case 'notCaptured':
      return { text: `<${value.typeofName}: not recorded>`, type: value.typeofName, truncated: true };
    case 'object': {
      const state = objects(value.id);
      // A state that may be stale says so before the value: it is not shown as fact.
      const text = `${state.staleReason ? '(possibly stale) ' : ''}${objectPreview(state, objects, 0)}`;
      return {
        text,
        type: state.known ? state.className : 'object',
        truncated: state.uncaptured > 0,
        objectId: value.id,
      };
    }
    default:
      return assertNever(value, 'value type');
  }
}

function quote(text: string, truncated: boolean, length: number): string {
  const body = JSON.stringify(text).slice(1, -1).replace(/'/g, "\\'");
  return truncated ? `'${body}…' (truncated: ${length} chars)` : `'${body}'`;
}

/** A short form for values inside previews. */
function shortForm(value: DecodedValue | undefined, objects: ObjectLookup, depth: number): string {
  if (value === undefined) return '…';
  if (value.type === 'string')
    return quote(
      value.value.length > PREVIEW_STRING ? value.value.slice(0, PREVIEW_STRING) : value.value,
      value.truncated || value.value.length > PREVIEW_STRING,
      value.length,
    );
  if (value.type !== 'object') return describe(value, objects).text;
  const state = objects(value.id);
  return depth >= 1 ? shortName(state) : objectPreview(state, objects, depth + 1);
}

function shortName(state: ObjectState): string {
  if (!state.known) return 'Object';
  if (isArrayLike(state.type)) return `${state.className}(${state.length})`;
  if (state.type === ObjectType.MAP || state.type === ObjectType.SET) return `${state.className}(${size(state)})`;
  if (state.type === ObjectType.FUNCTION || state.type === ObjectType.CLASS)
    return `ƒ ${extraText(state) || 'anonymous'}`;
  return state.className;
}

function size(state: ObjectState): number {
  const captured = state.type === ObjectType.MAP ? state.mapEntries.length : state.setValues.length;
  return captured + state.uncaptured;
}

function extraText(state: ObjectState): string {
  const extra = state.extra;
  if (!extra) return '';
  if (extra.type === 'string') return extra.value;
  if (extra.type === 'number') return String(extra.value);
  return '';
}

function objectPreview(state: ObjectState, objects: ObjectLookup, depth: number): string {
  if (!state.known) return `Object #${state.objectId} (not recorded at this moment)`;
  const more = (shown: number, total: number) => (total > shown ? ', …' : '');
  switch (state.type) {
    case ObjectType.ARRAY:
    case ObjectType.TYPED_ARRAY:
    case ObjectType.ARGUMENTS: {
      const shown = state.items
        .slice(0, PREVIEW_ENTRIES)
        .map((_item, index) => shortForm(itemAt(state, index), objects, depth));
      return `${state.className}(${state.length}) [${shown.join(', ')}${more(shown.length, state.length)}]`;
    }
    case ObjectType.MAP: {
      const shown = state.mapEntries
        .slice(0, PREVIEW_ENTRIES)
        .map(([key, value]) => `${shortForm(key, objects, depth)} => ${shortForm(value, objects, depth)}`);
      return `${state.className}(${size(state)}) {${shown.join(', ')}${more(shown.length, size(state))}}`;
    }
    case ObjectType.SET: {
      const shown = state.setValues.slice(0, PREVIEW_ENTRIES).map((value) => shortForm(value, objects, depth));
      return `${state.className}(${size(state)}) {${shown.join(', ')}${more(shown.length, size(state))}}`;
    }
    case ObjectType.FUNCTION:
    case ObjectType.CLASS:
      return `ƒ ${extraText(state) || 'anonymous'}()`;
    case ObjectType.ERROR:
      return `${state.className}: ${extraText(state)}`;
    case ObjectType.DATE:
      return `Date(${extraText(state)})`;
    case ObjectType.REGEXP:
      return extraText(state);
    case ObjectType.PROXY:
      return 'Proxy (not inspected)';
    case ObjectType.PROMISE:
      return 'Promise';
    default: {
      const entries = [...state.properties.values()].filter((property) => property.enumerable);
      const shown = entries
        .slice(0, PREVIEW_ENTRIES)
        .map(
          (property) =>
            `${propertyName(property.key)}: ${property.kind === 'data' ? shortForm(property.value, objects, depth) : `(${property.kind})`}`,
        );
      const prefix = state.className === 'Object' ? '' : `${state.className} `;
      return `${prefix}{${shown.join(', ')}${more(shown.length, entries.length + Math.max(0, state.uncaptured))}}`;
    }
  }
}

export function propertyName(key: DecodedValue): string {
  if (key.type === 'string') return key.value;
  if (key.type === 'symbol') return `[Symbol(${key.description ?? ''})]`;
  if (key.type === 'number') return String(key.value);
  return `[${key.type}]`;
}
