// Where a property that is not an object's own comes from: its recorded prototype chain at the
// moment (each prototype's own state, as objects.ts rebuilds it), ending in a builtin prototype
// (the program's own members on it first, as recorded; then this process's realm: the builtins'
// members are the language's) or null. Says "not known" rather than "absent" wherever the chain
// was not recorded. Never runs a getter.
import {
  INTRINSIC_PROTOTYPES,
  ObjectType,
  intrinsicPrototypeObjects,
  WELL_KNOWN_SYMBOLS,
  wellKnownSymbolName,
  type DecodedValue,
} from '../../runtime/format';
import type { DeletedMember } from './builtinDeletions';
import { keyText, type ObjectState, type PrototypeLink } from './objects';

/** What a walk reads at one moment. */
export interface ChainLookup {
  /** A recorded object's state. */
  object(objectId: number): ObjectState;
  /**
   * The members the program added to or replaced on builtin prototype number `index` (its
   * BUILTIN_PROTOTYPE object). Undefined when the recording never saw the program touch it (or
   * the trace is older than 3.6).
   */
  builtinPrototype(index: number): BuiltinMembers | undefined;
}

export interface BuiltinMembers {
  state: ObjectState;
  /**
   * The moment is before its first snapshot: `state` is that snapshot's, which shows members
   * unrecorded code (a polyfill in node_modules) added at some time before it.
   */
  recordedLater: boolean;
  /** Builtin members the program deleted from it (builtinDeletions.ts), by keyText. */
  deleted: ReadonlyMap<string, DeletedMember>;
}

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
 * The inherited property `key` (objects.ts keyText) of an object whose own properties lack it,
 * read through `lookup` at the same moment.
 */
export function inheritedProperty(state: ObjectState, propertyKey: DecodedValue, lookup: ChainLookup): Inherited {
  const objectAt = lookup.object;
  const key = keyText(propertyKey);
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
        return builtinProperty(link.index, propertyKey, lookup);
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
 * A builtin prototype's member: the program's own (recorded) member on it or on a builtin further
 * up, else this realm's builtin of that name — a function is not recorded (its type is known), a
 * data value of a primitive is given, an accessor is not run. A symbol key matches a builtin's
 * only when the recording says it is that well-known symbol (format 3.6); another symbol of the
 * program's cannot be a builtin member, so only the program's members can hold it.
 */
function builtinProperty(index: number, propertyKey: DecodedValue, lookup: ChainLookup): Inherited {
  const key = keyText(propertyKey);
  let holder: object | null | undefined = realmIntrinsics[index];
  if (!holder) return { kind: 'unknown', reason: `its prototype (${builtinName(index)}) is not known to this version` };
  const realmKey = builtinKey(propertyKey);
  for (let hops = 0; holder && hops < MAX_CHAIN_LENGTH; hops++) {
    const holderIndex = realmIntrinsics.indexOf(holder);
    const name = builtinName(holderIndex >= 0 ? holderIndex : index);
    const programs = holderIndex >= 0 ? lookup.builtinPrototype(holderIndex) : undefined;
    const own = programs && ownProperty(programs.state, key);
    if (own && programs.recordedLater)
      return {
        kind: 'unknown',
        reason: `code the recording does not see added it to ${name} (the recording first saw it there later), whether before this moment is not known`,
      };
    if (own) return { ...own, holder: name };
    if (programs && programs.state.uncaptured > 0)
      return { kind: 'unknown', reason: `${name} was recorded only in part` };
    const deleted = programs?.deleted.get(key);
    if (deleted && !deleted.gone)
      return {
        kind: 'unknown',
        reason: `the program deleted it from ${name}, and whether it was put back since is not known`,
      };
    if (deleted) {
      // Gone from this builtin: the language's member further up the chain, if any, answers.
      holder = Reflect.getPrototypeOf(holder);
      continue;
    }
    if (realmKey === undefined)
      return {
        kind: 'unknown',
        reason: `the recording does not say whether this symbol is the well-known one ${name} has`,
      };
    const descriptor = realmKey === null ? undefined : Reflect.getOwnPropertyDescriptor(holder, realmKey);
    if (descriptor) {
      if (!('value' in descriptor)) return { kind: 'accessor', holder: name };
      return { kind: 'value', value: builtinValue(descriptor.value), holder: name };
    }
    holder = Reflect.getPrototypeOf(holder);
  }
  return { kind: 'absent' };
}

/**
 * A recorded key as this realm's: a string; a registered symbol (Symbol.for: the same in every
 * realm); a well-known symbol the recording names as such (format 3.6); null for a symbol no
 * builtin can have (a description no well-known symbol has); undefined for a look-alike of a
 * well-known symbol without its recorded id (a program's `Symbol('Symbol.iterator')`, or the real
 * one in a trace older than 3.6): it cannot be told.
 */
function builtinKey(key: DecodedValue): string | symbol | null | undefined {
  if (key.type === 'string') return key.value;
  if (key.type === 'number') return String(key.value);
  if (key.type !== 'symbol') return null;
  if (key.registered) return Symbol.for(key.description ?? '');
  const name = wellKnownSymbolName(key.id, key.description, key.registered);
  if (name !== undefined) return (Symbol as unknown as Record<string, symbol>)[name] ?? null;
  return WELL_KNOWN_DESCRIPTIONS.has(key.description ?? '') ? undefined : null;
}

const WELL_KNOWN_DESCRIPTIONS = new Set(WELL_KNOWN_SYMBOLS.map((name) => `Symbol.${name}`));

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
