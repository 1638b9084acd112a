// Splits a frame's visible bindings into V8's scopes: let/const/class (and function declarations)
// of a block nested in the function go to a 'Block' scope of their own — 'Catch Block' for a catch
// clause's binding — innermost first, as js-debug lists them; the rest stay in Local. Knows source
// ranges only: which bindings are visible here was decided before (bindings.ts).
import type { SourceRange } from '../../runtime/format';
import type { VariableValue } from './bindings';

export interface BlockGroup {
  name: 'Block' | 'Catch Block';
  variables: VariableValue[];
}

/** Declarations that always belong to the function (or module) itself, never to a block. */
const FUNCTION_LEVEL = new Set(['param', 'var', 'import', 'implicit']);

function rangeKey(range: SourceRange): string {
  return `${range.start.line1}:${range.start.column0}-${range.end.line1}:${range.end.column0}`;
}

function before(a: SourceRange['end'], b: SourceRange['end']): boolean {
  return a.line1 < b.line1 || (a.line1 === b.line1 && a.column0 < b.column0);
}

/**
 * Is a binding's block nested inside its function (rather than the function's own scope)? A
 * block always closes before its function does, and the module's own scope starts at the file's
 * first character; the function's probe range may start earlier than its scope (a method's key).
 */
function isNested(scope: SourceRange, owner: SourceRange, ownerIsModule: boolean): boolean {
  if (before(scope.end, owner.end)) return true;
  return ownerIsModule && before(owner.start, scope.start);
}

/** Innermost block first (the smallest range): the order a name lookup walks them in. */
function size(range: SourceRange): number {
  return (range.end.line1 - range.start.line1) * 1_000_000 + (range.end.column0 - range.start.column0);
}

export function splitBlocks(
  variables: readonly VariableValue[],
  owner: SourceRange | undefined,
  ownerIsModule: boolean,
): { blocks: BlockGroup[]; local: VariableValue[] } {
  const local: VariableValue[] = [];
  const groups = new Map<string, { range: SourceRange; variables: VariableValue[] }>();
  for (const variable of variables) {
    const scope = variable.scopeRange;
    const functionLevel = variable.declarationKind === undefined || FUNCTION_LEVEL.has(variable.declarationKind);
    if (!owner || !scope || functionLevel || !isNested(scope, owner, ownerIsModule)) {
      local.push(variable);
      continue;
    }
    const key = rangeKey(scope);
    const group = groups.get(key) ?? { range: scope, variables: [] };
    group.variables.push(variable);
    groups.set(key, group);
  }
  const blocks = [...groups.values()]
    .sort((a, b) => size(a.range) - size(b.range))
    .map((group): BlockGroup => ({
      name: group.variables.every((variable) => variable.declarationKind === 'catch') ? 'Catch Block' : 'Block',
      variables: group.variables,
    }));
  return { blocks, local };
}
