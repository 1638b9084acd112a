// An evaluation's answer, brought out of the sandbox realm as recorded-looking values: primitives as
// they are, objects as synthetic object states (negative ids) that the presenter expands like
// recorded ones. Reads only own property descriptors and builtin internal slots, so no getter,
// Proxy trap or toString the expression created ever runs here (outside the time limit).
// Knows nothing of vm scripts or of recordings.
import { types } from 'node:util';
import { INTRINSIC_PROTOTYPES, ObjectType, type DecodedValue } from '../../../runtime/format';
import {
  HOLE_ITEM,
  UNCAPTURED_ITEM,
  emptyState,
  type ObjectState,
  type PropertyState,
  type PrototypeLink,
} from '../objects';

/** Entries shown per array/Map/Set/object of a result, and objects per result: the rest is "not shown". */
const MAX_ENTRIES = 1000;
const MAX_OBJECTS = 2000;
const MAX_STRING_CHARS = 100_000;

export class ResultObjects {
  readonly states = new Map<number, ObjectState>();
  private readonly ids = new Map<object, number>();
  private readonly symbolIds = new Map<symbol, number>();
  private nextId = -1;

  toDecoded(value: unknown): DecodedValue {
    switch (typeof value) {
      case 'undefined':
        return { type: 'undefined' };
      case 'boolean':
        return { type: 'boolean', value };
      case 'number':
        return { type: 'number', value };
      case 'bigint':
        return { type: 'bigint', text: value.toString() };
      case 'string':
        return {
          type: 'string',
          value: value.slice(0, MAX_STRING_CHARS),
          length: value.length,
          truncated: value.length > MAX_STRING_CHARS,
        };
      case 'symbol':
        return this.symbol(value);
      default:
        return value === null ? { type: 'null' } : this.object(value as object);
    }
  }

  private symbol(value: symbol): DecodedValue {
    let id = this.symbolIds.get(value);
    if (id === undefined) this.symbolIds.set(value, (id = this.nextId--));
    return { type: 'symbol', id, description: value.description, registered: Symbol.keyFor(value) !== undefined };
  }

  private object(value: object): DecodedValue {
    const known = this.ids.get(value);
    if (known !== undefined) return { type: 'object', id: known };
    if (this.states.size >= MAX_OBJECTS) return { type: 'notCaptured', typeofName: typeof value };
    const id = this.nextId--;
    this.ids.set(value, id);
    const state: ObjectState = emptyState(id, (offset) => decoded[offset], {
      known: true,
      type: ObjectType.OBJECT,
      // Made by the expression now, not read from the trace: never stale.
      snapshotOffset: Number.MAX_SAFE_INTEGER,
    });
    const decoded: DecodedValue[] = [];
    this.states.set(id, state);
    if (types.isProxy(value)) {
      state.type = ObjectType.PROXY;
      state.className = 'Proxy';
      return { type: 'object', id };
    }
    state.className = constructorName(value);
    state.prototype = builtinPrototype(value);
    if (typeof value === 'function') {
      state.type = ObjectType.FUNCTION;
      const name = Object.getOwnPropertyDescriptor(value, 'name');
      state.extra = this.toDecoded(name && 'value' in name ? String(name.value) : '');
      return { type: 'object', id };
    }
    if (Array.isArray(value) || types.isTypedArray(value)) {
      state.type = Array.isArray(value) ? ObjectType.ARRAY : ObjectType.TYPED_ARRAY;
      state.length = Array.isArray(value)
        ? value.length
        : types.isTypedArray(value)
          ? (Reflect.get(Object.getPrototypeOf(Uint8Array.prototype) as object, 'length', value) as number)
          : 0;
      for (let index = 0; index < Math.min(state.length, MAX_ENTRIES); index++) {
        const descriptor = Object.getOwnPropertyDescriptor(value, index);
        if (!descriptor) state.items.push(HOLE_ITEM);
        else if (!('value' in descriptor)) state.items.push(UNCAPTURED_ITEM);
        else state.items.push(decoded.push(this.toDecoded(descriptor.value)) - 1);
      }
      this.properties(value, state, (key) => typeof key === 'string' && (key === 'length' || /^\d+$/.test(key)));
      return { type: 'object', id };
    }
    if (types.isMap(value)) {
      state.type = ObjectType.MAP;
      let count = 0;
      for (const [key, entry] of Map.prototype.entries.call(value) as IterableIterator<[unknown, unknown]>) {
        if (count++ >= MAX_ENTRIES) {
          state.uncaptured++;
          continue;
        }
        state.mapEntries.push([this.toDecoded(key), this.toDecoded(entry)]);
      }
    } else if (types.isSet(value)) {
      state.type = ObjectType.SET;
      let count = 0;
      for (const entry of Set.prototype.values.call(value) as IterableIterator<unknown>) {
        if (count++ >= MAX_ENTRIES) {
          state.uncaptured++;
          continue;
        }
        state.setValues.push(this.toDecoded(entry));
      }
    } else if (types.isDate(value)) {
      state.type = ObjectType.DATE;
      state.extra = { type: 'number', value: Date.prototype.getTime.call(value) };
    } else if (types.isRegExp(value)) {
      state.type = ObjectType.REGEXP;
      state.extra = this.toDecoded(
        `/${String(Reflect.get(RegExp.prototype, 'source', value))}/${String(Reflect.get(RegExp.prototype, 'flags', value))}`,
      );
    } else if (types.isNativeError(value)) {
      state.type = ObjectType.ERROR;
      const message = Object.getOwnPropertyDescriptor(value, 'message');
      state.extra = this.toDecoded(message && 'value' in message ? String(message.value) : '');
    } else if (types.isPromise(value)) {
      state.type = ObjectType.PROMISE;
    }
    this.properties(value, state, () => false);
    return { type: 'object', id };
  }

  private properties(value: object, state: ObjectState, skip: (key: PropertyKey) => boolean): void {
    const keys = Reflect.ownKeys(value).filter((key) => !skip(key));
    for (const key of keys.slice(0, MAX_ENTRIES)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      const keyValue = this.toDecoded(key);
      const kind: PropertyState['kind'] =
        'value' in descriptor
          ? 'data'
          : descriptor.get && descriptor.set
            ? 'accessor'
            : descriptor.get
              ? 'getter'
              : 'setter';
      state.properties.set(
        typeof key === 'symbol' ? `@@symbol:${(keyValue as { id: number }).id}:${key.description ?? ''}` : key,
        {
          key: keyValue,
          kind,
          value: kind === 'data' ? this.toDecoded(descriptor.value) : undefined,
          enumerable: descriptor.enumerable ?? false,
        },
      );
    }
    state.uncaptured += Math.max(0, keys.length - MAX_ENTRIES);
  }
}

/**
 * The value's prototype when it is a builtin one (the sandbox realm's own: named as the trace names
 * builtins, by its constructor's name), null for none; any other is not walked (unknown).
 */
function builtinPrototype(value: object): PrototypeLink {
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null) return { kind: 'null' };
  if (types.isProxy(prototype)) return { kind: 'unknown' }; // a copied class instance's stand-in
  const index =
    typeof value === 'function' ? -1 : INTRINSIC_PROTOTYPES.indexOf(`${constructorName(value)}.prototype` as never);
  const own = Object.getOwnPropertyDescriptor(prototype, 'constructor');
  return index >= 0 && own !== undefined ? { kind: 'builtin', index } : { kind: 'unknown' };
}

/** The name of the value's constructor, read from data properties only (never a getter). */
function constructorName(value: object): string {
  if (typeof value === 'function') return 'Function';
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null || types.isProxy(prototype)) return 'Object';
  const constructor = Object.getOwnPropertyDescriptor(prototype, 'constructor');
  const fn: unknown = constructor && 'value' in constructor ? constructor.value : undefined;
  if (typeof fn !== 'function' || types.isProxy(fn)) return 'Object';
  const name = Object.getOwnPropertyDescriptor(fn, 'name');
  return name && 'value' in name && typeof name.value === 'string' && name.value ? name.value : 'Object';
}
