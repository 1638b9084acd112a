// Which prototypes a snapshot must name (format 3.5): the builtin prototypes of this realm, found
// once at load (before any program code can replace a global), by number; whether an object's
// prototype is its type's default (then the snapshot's flag says it all, no event). Knows nothing
// of ids, snapshots or the ring: snapshot.ts writes the PROTOTYPE event and snapshots the rest.
import { DEFAULT_PROTOTYPE_BY_TYPE, intrinsicPrototypeObjects } from '../format/intrinsics';
import { B } from './builtins';

const intrinsics = intrinsicPrototypeObjects();
const intrinsicIndex = new B.Map<object, number>();
for (let index = 0; index < intrinsics.length; index++) {
  const prototype = intrinsics[index];
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
