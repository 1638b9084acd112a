// `namespace`/`module` blocks, as TypeScript (and tsx) emit them: a namespace holding only types
// is blanked (Node's own type stripping runs those too); one with values becomes
// `var N;(function(N){ … })(N||(N={}));` around its block, which stays where it was, so every
// statement, function and probe inside keeps its position. Exported members are copied onto the
// namespace object after their declaration (`N.x=x;`). Not TypeScript's rewrite of later reads and
// writes of an exported `let`/`var` into `N.x`: code that reassigns one after the copy sees its local.
import { InstrumentError } from '../errors';
import { skipTrivia } from '../text';
import { blank, blankWord, type Blanks } from './blank';
import { replaceEnum } from './enums';
import type { TsNode } from './tsNode';

/** Set on a namespace's own export statements: the namespace object their names are copied to. */
export const NAMESPACE_OF_EXPORT = 'rewindNamespace';
/** Set on the inner declarations of `namespace A.B {}` and on exported nested ones: already emitted. */
const EMITTED = 'rewindEmitted';

const TYPE_ONLY = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction']);

function child(node: TsNode, key: string): TsNode | undefined {
  const value = node[key];
  return value && typeof value === 'object' && 'type' in value ? (value as TsNode) : undefined;
}

function refuse(construct: string, node: TsNode, blanks: Blanks): never {
  throw new InstrumentError(`${construct} is not supported in a namespace`, blanks.lines.position(node.start).line1);
}

/** TypeScript's "instantiated": does the namespace create a value at run time? */
export function hasValues(namespace: TsNode): boolean {
  const body = child(namespace, 'body');
  if (!body) return false;
  if (body.type === 'TSModuleDeclaration') return hasValues(body);
  return (body.body as TsNode[]).some((statement) => statementHasValues(statement));
}

function statementHasValues(statement: TsNode): boolean {
  if (statement.declare || TYPE_ONLY.has(statement.type)) return false;
  if (statement.type === 'TSModuleDeclaration') return hasValues(statement);
  if (statement.type === 'TSImportEqualsDeclaration') return statement.importKind !== 'type';
  if (statement.type === 'ExportNamedDeclaration') {
    const declaration = child(statement, 'declaration');
    if (statement.exportKind === 'type') return false;
    return declaration ? statementHasValues(declaration) : true;
  }
  return true;
}

/**
 * Emits a namespace with values. `exportedFrom` names the enclosing namespace when this one is an
 * exported member of it; `wrapperStart` is where its `export` keyword starts (blanked with it).
 */
export function emitNamespace(node: TsNode, blanks: Blanks, exportedFrom?: string, wrapperStart = node.start): void {
  const names: string[] = [];
  let inner = node;
  for (;;) {
    const id = child(inner, 'id') as TsNode;
    if (id.type !== 'Identifier') refuse('a `module "name"` declaration with a body', inner, blanks);
    names.push(id.name as string);
    inner[EMITTED] = true;
    const body = child(inner, 'body') as TsNode;
    if (body.type !== 'TSModuleDeclaration') break;
    inner = body;
  }
  const block = child(inner, 'body') as TsNode;
  let prefix = '';
  let suffix = '';
  names.forEach((name, depth) => {
    const parent = depth === 0 ? exportedFrom : names[depth - 1];
    prefix += `var ${name};(function(${name}){`;
    suffix = `})(${parent === undefined ? `${name}||(${name}={})` : `${name}=${parent}.${name}||(${parent}.${name}={})`});${suffix}`;
  });
  if (exportedFrom === undefined && wrapperStart !== node.start) {
    if (blanks.sourceType !== 'module') refuse('`export namespace` in a CommonJS file', node, blanks);
    suffix += `export{${names[0]}};`;
  }
  blank(blanks, wrapperStart, block.start);
  // An empty statement where the keyword was: the instrumenter's own code for a statement there
  // (a file's ENTER when the namespace comes first) then lands before the wrapper, not inside it.
  blanks.fills.push([wrapperStart, ';']);
  blanks.insertions.push([wrapperStart + 1, prefix], [block.end, suffix]);
  const innermost = names[names.length - 1];
  for (const statement of block.body as TsNode[])
    if (statement.type === 'ExportNamedDeclaration') statement[NAMESPACE_OF_EXPORT] = innermost;
}

export function isEmitted(node: TsNode): boolean {
  return node[EMITTED] === true;
}

/** An `export …` directly inside a namespace: the keyword goes, the names are copied onto the namespace. */
export function namespaceExport(node: TsNode, blanks: Blanks): 'skip' | void {
  const namespace = node[NAMESPACE_OF_EXPORT] as string;
  const declaration = child(node, 'declaration');
  if (!declaration) refuse('`export { … }`', node, blanks);
  if (node.exportKind === 'type' || !statementHasValues(declaration)) {
    blank(blanks, node.start, node.end);
    return 'skip';
  }
  if (declaration.type === 'TSEnumDeclaration') {
    replaceEnum(node, declaration, blanks, false);
    blanks.insertions.push([node.end, `${namespace}.${nameOf(declaration)}=${nameOf(declaration)};`]);
    return 'skip';
  }
  blankWord(blanks, node.start, 'export');
  if (declaration.type === 'TSModuleDeclaration')
    return emitNamespace(declaration, blanks, namespace, skipTrivia(blanks.code, node.start));
  if (declaration.type === 'TSImportEqualsDeclaration') refuse('`export import x = …`', node, blanks);
  const names =
    declaration.type === 'VariableDeclaration'
      ? (declaration.declarations as TsNode[]).flatMap((declarator) => boundNames(child(declarator, 'id') as TsNode))
      : [nameOf(declaration)];
  blanks.insertions.push([node.end, `;${names.map((name) => `${namespace}.${name}=${name};`).join('')}`]);
}

function nameOf(declaration: TsNode): string {
  return (child(declaration, 'id') as TsNode).name as string;
}

function boundNames(pattern: TsNode | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name as string];
    case 'AssignmentPattern':
      return boundNames(child(pattern, 'left'));
    case 'RestElement':
      return boundNames(child(pattern, 'argument'));
    case 'ArrayPattern':
      return (pattern.elements as Array<TsNode | null>).flatMap((element) => boundNames(element ?? undefined));
    case 'ObjectPattern':
      return (pattern.properties as TsNode[]).flatMap((property) =>
        boundNames(child(property, property.type === 'RestElement' ? 'argument' : 'value')),
      );
    default:
      return [];
  }
}
