// The names instrumented code reaches the recorder by ($rw$ and a file's alias), defined as
// bindings of the global lexical environment — what a script's top-level `let` creates — rather
// than properties of the global object: every script and module of this realm resolves the name,
// while Object.getOwnPropertyNames(globalThis), `'$rw$' in globalThis` and `globalThis.$rw$` show
// nothing (issue 14 item 6). Knows names and values only, nothing of what the recorder is.
import { runInThisContext } from 'node:vm';
import { B } from './builtins';
import { quietRegExp } from './quietRegExp';

const identifier = quietRegExp(/^[A-Za-z_$][\w$]*$/);
/** Names already bound in this realm (a second `let` of one would be a SyntaxError). */
const bound = new B.Set();

/** Binds `name` to `value` in this realm's global scope; false when it was already bound or cannot be. */
export function defineGlobalBinding(name: string, value: unknown): boolean {
  if (B.setHas(bound, name) || identifier(name) === null) return false;
  // The script's completion value is the arrow: the binding is set without a temporary global.
  const assign = runInThisContext(`let ${name};(value)=>{${name}=value;}`, { filename: 'rewind:binding' }) as (
    value: unknown,
  ) => void;
  assign(value);
  B.setAdd(bound, name);
  return true;
}

export function hasGlobalBinding(name: string): boolean {
  return B.setHas(bound, name);
}
