// Which prototypes a snapshot must name (format 3.5): the builtin prototypes of this realm, found
// once at load (before any program code can replace a global), by number; whether an object's
// prototype is its type's default (then the snapshot's flag says it all, no event). And what the
// program changed on a builtin prototype (3.6): each one's own members as they were at load, so
// its snapshot holds the differences only. Knows nothing of ids, snapshots or the ring:
// snapshot.ts writes the PROTOTYPE and BUILTIN_PROTOTYPE events and snapshots the rest.
import { DEFAULT_PROTOTYPE_BY_TYPE, intrinsicPrototypeObjects } from '../format/intrinsics';
import { B } from './builtins';

const intrinsics = intrinsicPrototypeObjects();
const intrinsicIndex = new B.Map<object, number>();
/**
 * Each builtin prototype's own members at load (key → descriptor, as Object.getOwnPropertyDescriptors
 * gives them: one call each, the cheapest way to keep ~450 members), by number.
 */
const pristineMembers: Array<Record<PropertyKey, PropertyDescriptor> | undefined> = B.list();
for (let index = 0; index < intrinsics.length; index++) {
  const prototype = intrinsics[index];
  B.listPush(pristineMembers, prototype === undefined ? undefined : B.getOwnPropertyDescriptors(prototype));
  if (prototype !== undefined) B.mapSet(intrinsicIndex, prototype, index);
}

/** Each object type's default prototype object (undefined: the type has none). */
const defaultByType: Array<object | undefined> = B.list();
for (let type = 0; type < DEFAULT_PROTOTYPE_BY_TYPE.length; type++) {
  const index = DEFAULT_PROTOTYPE_BY_TYPE[type];
  B.listPush(defaultByType, index < 0 ? undefined : intrinsics[index]);
}

/** The prototype a snapshot of this type implies (one array read per snapshot): no PROTOTYPE event needed. */
export function isDefaultPrototype(type: number, prototype: object): boolean {
  return defaultByType[type] === prototype;
}

/** A builtin prototype's well-known number (INTRINSIC_PROTOTYPES), or -1 for any other object. */
export function intrinsicPrototypeIndex(prototype: object): number {
  const index = B.mapGet(intrinsicIndex, prototype) as number | undefined;
  return index === undefined ? -1 : index;
}

/**
 * Whether own member `key` of builtin prototype number `index` (now described by `descriptor`)
 * is exactly as it was at load: then it is the language's, not the program's, and is not recorded.
 */
export function isPristineMember(index: number, key: PropertyKey, descriptor: PropertyDescriptor): boolean {
  const members = pristineMembers[index] as Record<PropertyKey, PropertyDescriptor>;
  // Own keys only: the record's own prototype is Object.prototype.
  if (!B.hasOwn(members, key)) return false;
  const before = members[key as string];
  for (let at = 0; at < DESCRIPTOR_FIELDS.length; at++) {
    const field = DESCRIPTOR_FIELDS[at];
    // Own fields only: a getter a program put on Object.prototype named "get" must not run.
    const had = B.hasOwn(before, field);
    if (had !== B.hasOwn(descriptor, field) || (had && !B.objectIs(before[field], descriptor[field]))) return false;
  }
  return true;
}

/** What makes a member the same one: its value or accessors (a frozen Object.prototype keeps its builtins). */
const DESCRIPTOR_FIELDS = ['value', 'get', 'set'] as const;
