// Shallow literal snapshots (issue 9 "cheaper objects"): which object and array literals have a
// shape the recorder may snapshot without reflecting on them, and the mark that says so
// (`<rt>.litv(<prefix>k<n>, {a, b: 2})`, `<rt>.lita([x, y])`, the recorder's literals.ts). Knows
// syntax only. The probes that take the marked value (writes.ts, properties.ts, statements.ts,
// functions.ts) call it only where nothing can run between the literal and their read of it.
import type * as ESTree from 'estree';
import type { VisitState } from './state';
import type { Pos } from './visit';

/** A canonical array index, or any longer run of digits (refused too: cheaper than the 2^32 - 2 bound). */
const INDEX_LIKE = /^(0|[1-9][0-9]*)$/;

/**
 * The own keys, in order, of the object an object literal makes, when its shape is static: every
 * property a plain `key: value` or shorthand with an identifier or string key that is neither
 * `__proto__` (it sets the prototype) nor index-like (own keys list indexes first, whatever the
 * source order), no key twice (the first place, the last value), no spread, no computed key, no
 * accessor or method. Undefined for any other literal.
 */
export function objectLiteralKeys(node: ESTree.ObjectExpression): string[] | undefined {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const property of node.properties) {
    if (property.type !== 'Property' || property.kind !== 'init' || property.method || property.computed) return;
    const key = property.key;
    const name = key.type === 'Identifier' ? key.name : key.type === 'Literal' ? key.value : undefined;
    if (typeof name !== 'string' || name === '__proto__' || INDEX_LIKE.test(name) || seen.has(name)) return;
    seen.add(name);
    keys.push(name);
  }
  return keys;
}

/** Whether an array literal makes exactly its elements, in order: no hole, no spread. */
export function isDenseArrayLiteral(node: ESTree.ArrayExpression): boolean {
  return node.elements.every((element) => element !== null && element.type !== 'SpreadElement');
}

/** The key lists a file's marks name, one `var` each, by their text (shared by equal shapes). */
const keyLists = new WeakMap<VisitState, Map<string, string>>();

/**
 * Marks `node` if it is a literal of a static shape: `litv(<list>,` / `lita(` at its start, `)`
 * at its end. Call it right after the probe's own opening is inserted at the same offset, and
 * only from the handler that pushes the probe's closing leave (the mark's leave is pushed after
 * it, so it runs first: the mark closes inside the probe's call).
 */
export function markLiteral(state: VisitState, leaves: Array<() => void>, node: ESTree.Node): void {
  if (node.type === 'ArrayExpression') {
    if (!isDenseArrayLiteral(node)) return;
    wrap(state, leaves, node as Pos, state.open('lita'));
    return;
  }
  if (node.type !== 'ObjectExpression') return;
  const keys = objectLiteralKeys(node);
  if (keys !== undefined) wrap(state, leaves, node as Pos, `${state.open('litv')}${keyListName(state, keys)},`);
}

/** `lita(<rest>)`: a rest parameter's array, as the ENTER that writes it receives it. */
export function markRestArray(state: VisitState, name: string): string {
  return `${state.open('lita')}${name})`;
}

function wrap(state: VisitState, leaves: Array<() => void>, node: Pos, open: string): void {
  state.insert(node.start, open);
  leaves.push(() => state.insert(node.end, ')'));
}

function keyListName(state: VisitState, keys: readonly string[]): string {
  let lists = keyLists.get(state);
  if (!lists) keyLists.set(state, (lists = new Map()));
  const text = JSON.stringify(keys);
  let name = lists.get(text);
  if (name === undefined) lists.set(text, (name = `${state.prefix}k${lists.size}`));
  return name;
}

/**
 * `var <prefix>k0=["a","b"],…;` for the key lists the file's marks name ('' when none). Goes
 * before the module's ENTER; a `var`, so an ES module's hoisted function that runs before the body
 * passes undefined (the recorder then marks nothing).
 */
export function keyListDeclaration(state: VisitState): string {
  const lists = keyLists.get(state);
  if (!lists || lists.size === 0) return '';
  return `var ${[...lists].map(([text, name]) => `${name}=${text}`).join(',')};`;
}

/** Whether a `with` encloses the node being visited: a plain name there may be an object's accessor. */
export function insideWith(state: VisitState): boolean {
  return state.ancestors.some((node) => node.type === 'WithStatement');
}
