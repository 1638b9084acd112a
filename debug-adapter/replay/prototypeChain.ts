// Where a property that is not an object's own comes from: its recorded prototype chain at the
// moment (each prototype's own state, as objects.ts rebuilds it), ending in a builtin prototype
// (looked up in this process's realm: the builtins' members are the language's) or null. Says
// "not known" rather than "absent" wherever the chain was not recorded. Never runs a getter.
import { INTRINSIC_PROTOTYPES, ObjectType, intrinsicPrototypeObjects, type DecodedValue } from '../../runtime/format';
import type { ObjectState, PrototypeLink } from './objects';

/** The answer for one key. `holder` names the prototype it was found on ("Point.prototype"). */
export type Inherited =
  | { kind: 'value'; value: DecodedValue; holder: string }
  | { kind: 'accessor'; holder: string }
  | { kind: 'absent' }
  | { kind: 'unknown'; reason: string };

/** Longer chains than this are not walked (a chain is finite; this bounds a corrupt trace's). */
const MAX_CHAIN_LENGTH = 256;

const realmIntrinsics = intrinsicPrototypeObjects();

/** What a builtin prototype is called in answers. */
export function builtinName(index: number): string {
  return INTRINSIC_PROTOTYPES[index] ?? `builtin prototype #${index}`;
}

/** A recorded prototype's name in answers: its own constructor's ("Point.prototype") or its id. */
function objectName(state: ObjectState, objectAt: (objectId: number) => ObjectState): string {
  return constructorPrototypeName(state, objectAt) ?? `the prototype (object #${state.objectId})`;
}

/** "Point.prototype" for an object whose own data `constructor` is a function named Point, else undefined. */
export function constructorPrototypeName(
  state: ObjectState,
  objectAt: (objectId: number) => ObjectState,
): string | undefined {
  const constructor = state.properties.get('constructor');
  if (constructor?.kind === 'data' && constructor.value?.type === 'object') {
    const method = objectAt(constructor.value.id);
    if (method.type === ObjectType.FUNCTION && method.extra?.type === 'string' && method.extra.value)
      return `${method.extra.value}.prototype`;
  }
  return undefined;
}

/**
 * The inherited property `key` (objects.ts keyText) of an object whose own properties lack it.
 * `objectAt` gives a recorded object's state at the same moment.
 */
export function inheritedProperty(
  state: ObjectState,
  key: string,
  objectAt: (objectId: number) => ObjectState,
): Inherited {
  let link: PrototypeLink = state.prototype;
  /** The prototype whose own prototype `link` is (undefined: the object's). */
  let below: ObjectState | undefined;
  for (let hops = 0; hops < MAX_CHAIN_LENGTH; hops++) {
    switch (link.kind) {
      case 'null':
        return { kind: 'absent' };
      case 'unknown':
        return {
          kind: 'unknown',
          reason: `${below ? `the prototype of ${objectName(below, objectAt)}` : 'its prototype'} was not recorded`,
        };
      case 'builtin':
        return builtinProperty(link.index, key);
      case 'object': {
        const prototype = objectAt(link.id);
        if (!prototype.known)
          return { kind: 'unknown', reason: `its prototype (object #${link.id}) was not recorded at this moment` };
        const own = ownProperty(prototype, key);
        if (own) return { ...own, holder: objectName(prototype, objectAt) };
        if (prototype.uncaptured > 0)
          return { kind: 'unknown', reason: `${objectName(prototype, objectAt)} was recorded only in part` };
        below = prototype;
        link = prototype.prototype;
        break;
      }
    }
  }
  return { kind: 'unknown', reason: 'its prototype chain is longer than the replay follows' };
}

/** A prototype's own property, as the evaluator reads own properties (data value or accessor). */
function ownProperty(
  state: ObjectState,
  key: string,
): { kind: 'value'; value: DecodedValue } | { kind: 'accessor' } | undefined {
  const property = state.properties.get(key);
  if (property) {
    return property.kind === 'data'
      ? { kind: 'value', value: property.value ?? { type: 'undefined' } }
      : { kind: 'accessor' };
  }
  const recordedApart =
    (state.type === ObjectType.ERROR && key === 'message') || (state.type === ObjectType.FUNCTION && key === 'name');
  return recordedApart && state.extra ? { kind: 'value', value: state.extra } : undefined;
}

/**
 * A builtin prototype's member, from this realm's builtin of that name: a function is not
 * recorded (its type is known), a data value of a primitive is given, an accessor is not run.
 * A key that is a symbol of the recording (keyText "@@symbol:…") cannot be matched: not known.
 */
function builtinProperty(index: number, key: string): Inherited {
  let holder: object | null | undefined = realmIntrinsics[index];
  if (!holder) return { kind: 'unknown', reason: `its prototype (${builtinName(index)}) is not known to this version` };
  if (key.startsWith('@@')) return { kind: 'unknown', reason: `it may be inherited from ${builtinName(index)}` };
  for (let hops = 0; holder && hops < MAX_CHAIN_LENGTH; hops++) {
    const descriptor = Reflect.getOwnPropertyDescriptor(holder, key);
    if (descriptor) {
      const name = builtinHolderName(holder, index);
      if (!('value' in descriptor)) return { kind: 'accessor', holder: name };
      return { kind: 'value', value: builtinValue(descriptor.value), holder: name };
    }
    holder = Reflect.getPrototypeOf(holder);
  }
  return { kind: 'absent' };
}

function builtinHolderName(holder: object, startIndex: number): string {
  const index = realmIntrinsics.indexOf(holder);
  return builtinName(index >= 0 ? index : startIndex);
}

/** A builtin member as a recorded-looking value: primitives as they are, objects by type only. */
function builtinValue(value: unknown): DecodedValue {
  switch (typeof value) {
    case 'undefined':
      return { type: 'undefined' };
    case 'number':
      return { type: 'number', value };
    case 'boolean':
      return { type: 'boolean', value };
    case 'string':
      return { type: 'string', value, length: value.length, truncated: false };
    default:
      return value === null ? { type: 'null' } : { type: 'notCaptured', typeofName: typeof value };
  }
}
