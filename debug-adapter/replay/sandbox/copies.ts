// Read-only copies of recorded values, made inside a sandbox realm: objects as they were at the
// moment (frozen; Maps and Sets locked) on copies of their recorded prototype chains (the realm's
// own builtin prototypes, with the program's recorded members on them), the program's functions
// as stubs that refuse to run, and everything the recording does not know (a getter, an element
// or a string past what was captured, an object not recorded, a prototype not recorded) as a
// property that throws when read, so an answer is never a guess. Knows nothing of vm scripts or
// of how results are shown.
import {
  INTRINSIC_PROTOTYPES,
  ObjectType,
  assertNever,
  wellKnownSymbolName,
  type DecodedValue,
} from '../../../runtime/format';
import { HOLE_ITEM, UNCAPTURED_ITEM, type ObjectState } from '../objects';
import type { DeletedMember } from '../builtinDeletions';
import type { ChainLookup } from '../prototypeChain';
import type { Realm } from './realm';

/** Values copied (and refusing accessors made) per evaluation: past it the value is "too large". */
const MAX_COPIED_VALUES = 100_000;

export const CHANGE_REFUSED =
  'a recording cannot be changed (an expression works on read-only copies of the recorded values)';

/** A value the recording does not hold: where it would be read, the copy throws this message. */
class Unknown {
  constructor(readonly message: string) {}
}

class TooLarge extends Error {}

export class Copier {
  private readonly objects = new Map<number, object>();
  private readonly symbols = new Map<number, symbol>();
  private copied = 0;

  constructor(
    private readonly realm: Realm,
    private readonly chain: ChainLookup,
  ) {
    this.installProgramMembers();
  }

  /**
   * The program's recorded members of builtin prototypes (a polyfill's `Array.prototype.last`, a
   * replaced method) onto the realm's: its functions refuse to run there like any of the program's.
   * Ones first recorded after this moment, by code the recording does not see, may or may not be
   * there yet: reading them refuses.
   */
  private installProgramMembers(): void {
    for (let index = 0; index < INTRINSIC_PROTOTYPES.length; index++) {
      const members = this.chain.builtinPrototype(index);
      const prototype = this.realm.prototypes[index];
      if (!members || !prototype) continue;
      if (!members.recordedLater) {
        this.members(members.state, prototype);
        this.deletions(members.deleted, prototype, INTRINSIC_PROTOTYPES[index]);
        continue;
      }
      for (const property of members.state.properties.values())
        this.realm.helpers.refusingAccessor(
          prototype,
          this.propertyKey(property.key),
          `code the recording does not see added "${String(this.propertyKey(property.key))}" to ${INTRINSIC_PROTOTYPES[index]}; whether before this moment is not known`,
          property.enumerable,
        );
    }
  }

  /** The builtin members the program deleted, gone from the realm's prototype too (or refusing, when not known). */
  private deletions(deleted: ReadonlyMap<string, DeletedMember>, prototype: object, name: string): void {
    for (const { key, gone } of deleted.values()) {
      const realmKey = this.propertyKey(key);
      if (gone) Reflect.deleteProperty(prototype, realmKey);
      else
        this.realm.helpers.refusingAccessor(
          prototype,
          realmKey,
          `the program deleted "${String(realmKey)}" from ${name}, and whether it was put back since is not known`,
          false,
        );
    }
  }

  private propertyKey(key: DecodedValue): PropertyKey {
    if (key.type === 'symbol') return this.symbol(key);
    return key.type === 'string' ? key.value : String((key as { value?: unknown }).value);
  }

  /** Defines `name` on the realm's global as the copy of `value` (a refusing accessor if unknown). */
  defineGlobal(name: string, value: DecodedValue): void {
    this.define(this.realm.global, name, value, true);
  }

  /** The copy of `value`, or throws when the recording does not hold it. */
  copyValue(value: DecodedValue, what: string): unknown {
    const copy = this.copyTopLevel(value);
    if (copy instanceof Unknown) throw new Error(`${what}: ${copy.message}`);
    return copy;
  }

  private copyTopLevel(value: DecodedValue): unknown {
    try {
      return this.copy(value);
    } catch (error) {
      if (error instanceof TooLarge) return new Unknown('it is too large to copy for an evaluation');
      throw error;
    }
  }

  private define(target: object, key: PropertyKey, value: DecodedValue, enumerable: boolean): void {
    const copy = target === this.realm.global ? this.copyTopLevel(value) : this.copy(value);
    if (copy instanceof Unknown) this.realm.helpers.refusingAccessor(target, key, copy.message, enumerable);
    else Object.defineProperty(target, key, { value: copy, enumerable, writable: false, configurable: false });
  }

  private count(): void {
    if (++this.copied > MAX_COPIED_VALUES) throw new TooLarge();
  }

  private copy(value: DecodedValue): unknown {
    this.count();
    switch (value.type) {
      case 'undefined':
      case 'hole':
        return undefined;
      case 'null':
        return null;
      case 'boolean':
      case 'number':
        return value.value;
      case 'bigint':
        return BigInt(value.text);
      case 'string':
        return value.truncated
          ? new Unknown(`only the first ${value.value.length} of its ${value.length} characters were recorded`)
          : value.value;
      case 'symbol':
        return this.symbol(value);
      case 'notCaptured':
        return new Unknown(`the value was not recorded (${value.typeofName})`);
      case 'object':
        return this.object(value.id);
      default:
        return assertNever(value, 'value type');
    }
  }

  private symbol(value: Extract<DecodedValue, { type: 'symbol' }>): symbol {
    let copy = this.symbols.get(value.id);
    if (!copy) {
      const wellKnown = wellKnownSymbolName(value.id, value.description, value.registered);
      copy = value.registered
        ? this.realm.intrinsics.Symbol.for(value.description ?? '')
        : wellKnown !== undefined
          ? (this.realm.intrinsics.Symbol as unknown as Record<string, symbol>)[wellKnown]
          : this.realm.intrinsics.Symbol(value.description);
      this.symbols.set(value.id, copy);
    }
    return copy;
  }

  private object(objectId: number): unknown {
    const done = this.objects.get(objectId);
    if (done) return done;
    const state = this.chain.object(objectId);
    if (!state.known) return new Unknown('the object was not recorded at this moment');
    const { helpers, intrinsics } = this.realm;
    switch (state.type) {
      case ObjectType.FUNCTION:
      case ObjectType.CLASS: {
        const name = state.extra?.type === 'string' && state.extra.value ? state.extra.value : 'anonymous';
        return this.remember(
          objectId,
          helpers.stub(
            name,
            `calling ${name} would run the program's code, which a recording cannot do (built-ins and functions written in the expression run, on copies of the recorded values)`,
          ) as object,
        );
      }
      case ObjectType.PROXY:
        return new Unknown('a Proxy is never inspected');
      case ObjectType.ARRAY:
      case ObjectType.ARGUMENTS:
        return this.array(state);
      case ObjectType.TYPED_ARRAY:
        return this.typedArray(state);
      case ObjectType.MAP:
      case ObjectType.SET: {
        if (state.uncaptured > 0)
          return new Unknown(`${state.className} was recorded in part (${state.uncaptured} entries not recorded)`);
        const collection = this.remember(
          objectId,
          state.type === ObjectType.MAP ? new intrinsics.Map() : new intrinsics.Set(),
        );
        // Map keys and Set values cannot be accessors: one the recording lacks makes the whole collection unknown.
        const entries =
          state.type === ObjectType.MAP ? state.mapEntries : state.setValues.map((entry) => [entry, entry] as const);
        for (const [key, entry] of entries) {
          const keyCopy = this.copy(key);
          const entryCopy = this.copy(entry);
          if (keyCopy instanceof Unknown || entryCopy instanceof Unknown) {
            this.objects.delete(objectId);
            return new Unknown(
              `an entry of ${state.className} was not recorded (${(keyCopy instanceof Unknown ? keyCopy : (entryCopy as Unknown)).message})`,
            );
          }
          if (collection instanceof intrinsics.Map) collection.set(keyCopy, entryCopy);
          else (collection as Set<unknown>).add(keyCopy);
        }
        this.adoptPrototype(state, collection);
        helpers.lockCollection(collection, CHANGE_REFUSED);
        return collection;
      }
      case ObjectType.DATE: {
        if (state.extra?.type !== 'number') return new Unknown('the date was not recorded');
        return this.finish(state, this.remember(objectId, new intrinsics.Date(state.extra.value)));
      }
      case ObjectType.REGEXP: {
        const text = state.extra?.type === 'string' ? state.extra.value : '';
        const match = /^\/([\s\S]*)\/([a-z]*)$/.exec(text);
        if (!match) return new Unknown('the regular expression was not recorded');
        return this.finish(state, this.remember(objectId, new intrinsics.RegExp(match[1], match[2])));
      }
      case ObjectType.ERROR: {
        const error = this.remember(
          objectId,
          new intrinsics.Error(state.extra?.type === 'string' ? state.extra.value : ''),
        );
        // The realm's own stack would describe the sandbox, not the program.
        if (!state.properties.has('stack'))
          helpers.refusingAccessor(error, 'stack', 'the stack is not a recorded property', false);
        if (state.className !== 'Error' && !state.properties.has('name'))
          Object.defineProperty(error, 'name', { value: state.className });
        return this.finish(state, error);
      }
      default: {
        if (state.uncaptured > 0)
          return new Unknown(`it was recorded in part (${state.uncaptured} properties not recorded)`);
        // Its prototype is set once it is remembered: a prototype's member may name this very object.
        return this.finish(
          state,
          this.remember(objectId, intrinsics.Object.create(intrinsics.Object.prototype) as object),
        );
      }
    }
  }

  private array(state: ObjectState): unknown {
    const copy = this.remember(state.objectId, new this.realm.intrinsics.Array(state.length));
    for (let index = 0; index < state.length; index++) {
      const item = index < state.items.length ? state.items[index] : UNCAPTURED_ITEM;
      if (item === HOLE_ITEM) continue;
      if (item === UNCAPTURED_ITEM) {
        this.count();
        this.realm.helpers.refusingAccessor(
          copy,
          String(index),
          `element ${index} was not recorded (the array was captured in part)`,
          true,
        );
      } else {
        this.define(copy, String(index), state.decode(item), true);
      }
    }
    return this.finish(state, copy);
  }

  private typedArray(state: ObjectState): unknown {
    const Constructor = this.realm.intrinsics[state.className] as
      (new (length: number) => Record<number, unknown>) | undefined;
    if (!Constructor || state.items.length < state.length || state.items.includes(UNCAPTURED_ITEM))
      return new Unknown(`${state.className} was recorded in part`);
    const copy = this.remember(state.objectId, new Constructor(state.length));
    state.items.forEach((item, index) => {
      this.count();
      const value = state.decode(item);
      copy[index] = value.type === 'number' ? value.value : value.type === 'bigint' ? BigInt(value.text) : 0;
    });
    // A typed array's elements cannot be frozen: a change would only touch this copy.
    return copy;
  }

  /** Own recorded properties (getters refuse) on the copy of its recorded prototype, then frozen. */
  private finish<T extends object>(state: ObjectState, copy: T): T {
    this.members(state, copy);
    this.adoptPrototype(state, copy);
    return Object.freeze(copy);
  }

  /**
   * The copy's prototype as recorded: null, the realm's builtin, or the copy of a recorded object
   * (a class's prototype: its methods are stubs that refuse). One that cannot be copied refuses
   * every read. Unrecorded (an older trace): a class instance's is realm.ts classPrototype, as
   * before prototypes were recorded; other copies keep their type's realm builtin.
   */
  private adoptPrototype(state: ObjectState, copy: object): void {
    const link = state.prototype;
    let prototype: object | null | undefined;
    if (link.kind === 'null') prototype = null;
    else if (link.kind === 'builtin') prototype = this.realm.prototypes[link.index];
    else if (link.kind === 'object') {
      const recorded = this.object(link.id);
      prototype =
        recorded instanceof Unknown
          ? this.realm.helpers.unknownPrototype(`its prototype cannot be read: ${recorded.message}`)
          : (recorded as object);
    }
    if (prototype === undefined && link.kind !== 'unknown')
      prototype = this.realm.helpers.unknownPrototype('its prototype is not known to this version');
    if (prototype === undefined && state.type === ObjectType.OBJECT && state.className !== 'Object')
      prototype = this.realm.helpers.classPrototype(state.className);
    if (prototype !== undefined && Object.getPrototypeOf(copy) !== prototype) Object.setPrototypeOf(copy, prototype);
  }

  /** The recorded own properties of `state` onto `target` (getters refuse). */
  private members(state: ObjectState, target: object): void {
    const copy = target;
    for (const property of state.properties.values()) {
      const key = this.propertyKey(property.key);
      if (isArrayIndexOrLength(copy, key)) continue;
      if (property.kind === 'data')
        this.define(copy, key, property.value ?? { type: 'undefined' }, property.enumerable);
      else
        this.realm.helpers.refusingAccessor(
          copy,
          key,
          `reading "${String(key)}" would run the program's ${property.kind}`,
          property.enumerable,
        );
    }
  }

  private remember<T extends object>(objectId: number, copy: T): T {
    this.objects.set(objectId, copy);
    return copy;
  }
}

function isArrayIndexOrLength(copy: object, key: PropertyKey): boolean {
  return Array.isArray(copy) && typeof key === 'string' && (key === 'length' || /^\d+$/.test(key));
}
