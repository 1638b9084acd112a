// Matching a regexp while the program runs without the program seeing it. A successful match in the
// program's realm sets that realm's legacy RegExp statics (RegExp.$1…$9, lastMatch, input,
// leftContext…), which a program may read after its own match: a recorder match in between would
// change what it reads (INS: never change what the program does). So the recorder's regexps live
// in a private realm, a vm context made at the first match (not at start-up: most runs never
// match), whose statics no program code can reach. Owns that realm; knows nothing of what is matched.
import { createContext, runInContext } from 'node:vm';

type Exec = (self: RegExp, text: string) => RegExpExecArray | null;

let realm: { exec: Exec; make: (source: string, flags: string) => RegExp } | undefined;

function privateRealm(): NonNullable<typeof realm> {
  if (realm === undefined) {
    const context = createContext(Object.create(null) as object);
    // Everything is taken from the fresh realm, so program code patching its own RegExp (or
    // Function.prototype.call) reaches none of it.
    realm = runInContext(
      `({ exec: Function.prototype.call.bind(RegExp.prototype.exec), make: (source, flags) => new RegExp(source, flags) })`,
      context,
    ) as NonNullable<typeof realm>;
  }
  return realm;
}

/**
 * A matcher for `pattern` whose matches leave the program's RegExp statics as they were. Call it
 * where the recorder's modules are evaluated, before program code runs: the pattern's source and
 * flags (getters a program could replace) are read here. The result array, when there is one,
 * belongs to the private realm: read its indices, never pass it on.
 */
export function quietRegExp(pattern: RegExp): (text: string) => RegExpExecArray | null {
  const { source, flags } = pattern;
  let own: RegExp | undefined;
  let exec: Exec | undefined;
  return (text) => {
    if (own === undefined || exec === undefined) {
      const made = privateRealm();
      own = made.make(source, flags);
      exec = made.exec;
    }
    return exec(own, text);
  };
}
