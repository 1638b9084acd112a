// What to blank for each TypeScript construct, as a table from node type to handler. A handler
// returns 'skip' when the whole node was blanked (its children need no visit). Parameter properties
// enums, namespaces, `accessor` fields, `import x =` and `export =` get generated code as insertions.
import { InstrumentError } from '../errors';
import { skipTrivia } from '../text';
import { blank, blankWithComma, blankWord, type Blanks } from './blank';
import { lowerAccessor } from './accessors';
import { blankClassExport, lowerDecorators } from './decorators';
import { lowerTc39Member, nameClassExpression } from './tc39Decorators';
import { replaceEnum } from './enums';
import { emitNamespace, hasValues, isEmitted, namespaceExport, NAMESPACE_OF_EXPORT } from './namespaces';
import type { TsNode } from './tsNode';

type TsHandler = (node: TsNode, blanks: Blanks) => 'skip' | void;

const MODIFIERS = ['public', 'private', 'protected', 'readonly', 'override', 'declare', 'abstract'];

function child(node: TsNode, key: string): TsNode | undefined {
  const value = node[key];
  return value && typeof value === 'object' && 'type' in value ? (value as TsNode) : undefined;
}

function refuse(construct: string, node: TsNode, blanks: Blanks): never {
  throw new InstrumentError(
    `${construct} needs code generation, which Rewind's TypeScript support (type stripping) does not do`,
    blanks.lines.position(node.start).line1,
  );
}

function blankNode(node: TsNode, blanks: Blanks): 'skip' {
  blank(blanks, node.start, node.end);
  return 'skip';
}

/** Type annotations, parameters and arguments hanging off any node, plus `?`/`!` markers after a name. */
function blankTypeParts(node: TsNode, blanks: Blanks): void {
  for (const key of [
    'typeAnnotation',
    'returnType',
    'typeParameters',
    'typeArguments',
    'superTypeParameters',
    'superTypeArguments',
  ]) {
    const part = child(node, key);
    if (part && part.type.startsWith('TS')) blank(blanks, part.start, part.end);
  }
}

function blankMarkerAfter(blanks: Blanks, from: number, marker: '?' | '!'): void {
  const at = skipTrivia(blanks.code, from);
  if (blanks.code[at] === marker) blank(blanks, at, at + 1);
}

function identifier(node: TsNode, blanks: Blanks): void {
  blankTypeParts(node, blanks);
  const name = node.name as string;
  if (node.optional) blankMarkerAfter(blanks, node.start + name.length, '?');
}

function functionLike(node: TsNode, blanks: Blanks): void {
  blankTypeParts(node, blanks);
  const params = node.params as TsNode[];
  const first = params[0];
  if (first?.type === 'Identifier' && first.name === 'this') blankWithComma(blanks, first.start, first.end);
  const properties = params.filter((param) => param.type === 'TSParameterProperty');
  if (properties.length) parameterProperties(node, properties, blanks);
}

/**
 * `constructor(private x: T)`: the modifiers are blanked and `this.x=x;` is added where TypeScript
 * puts it — at the start of the body, or right after `super(…)` in a derived class.
 */
function parameterProperties(node: TsNode, properties: TsNode[], blanks: Blanks): void {
  const names: string[] = [];
  for (const property of properties) {
    const parameter = child(property, 'parameter') as TsNode;
    const target = parameter.type === 'AssignmentPattern' ? (child(parameter, 'left') as TsNode) : parameter;
    if (target.type !== 'Identifier') refuse('a destructured parameter property', property, blanks);
    blank(blanks, property.start, target.start); // an AssignmentPattern here starts at the modifiers
    names.push(target.name as string);
  }
  const body = child(node, 'body') as TsNode;
  const statements = body.body as TsNode[];
  const assignments = names.map((name) => `this.${name}=${name};`).join('');
  if (!blanks.derived[blanks.derived.length - 1]) {
    blanks.insertions.push([body.start + 1, assignments]);
    return;
  }
  const superCall = statements.find(
    (s) =>
      s.type === 'ExpressionStatement' &&
      (child(s, 'expression') as TsNode).type === 'CallExpression' &&
      (child(child(s, 'expression') as TsNode, 'callee') as TsNode).type === 'Super',
  );
  if (!superCall)
    refuse('a parameter property in a derived class without a top-level `super(…)` statement', properties[0], blanks);
  blanks.insertions.push([superCall.end, `;${assignments}`]);
}

/** Class members: modifiers before the key, `?`/`!` after it; declared/abstract/overload members entirely. */
function member(node: TsNode, blanks: Blanks): 'skip' | void {
  const value = child(node, 'value');
  if (node.declare || node.abstract || value?.type === 'TSDeclareMethod') return blankNode(node, blanks);
  blankTypeParts(node, blanks);
  const key = child(node, 'key') as TsNode;
  for (let at = node.start; at < key.start;) {
    const next = skipTrivia(blanks.code, at);
    const word = MODIFIERS.find(
      (m) => blanks.code.startsWith(m, next) && !/[\w$]/.test(blanks.code[next + m.length] ?? ''),
    );
    if (!word) {
      const match = /^[\w$]+|^./.exec(blanks.code.slice(next, key.start));
      at = next + (match ? match[0].length : 1);
      continue;
    }
    blank(blanks, next, next + word.length);
    at = next + word.length;
  }
  const keyEnd = node.computed ? skipTrivia(blanks.code, key.end) + 1 : key.end;
  if (node.optional) blankMarkerAfter(blanks, keyEnd, '?');
  if (node.definite) blankMarkerAfter(blanks, keyEnd, '!');
  if (!lowerTc39Member(node, key, blanks) && node.accessor) lowerAccessor(node, key, blanks);
  if (node.type === 'PropertyDefinition' && !node.computed) {
    const name = key.type === 'PrivateIdentifier' ? `#${key.name as string}` : (key.name ?? key.value);
    nameClassExpression(child(node, 'value'), String(name));
  }
}

function namespace(node: TsNode, blanks: Blanks): 'skip' | void {
  if (isEmitted(node)) return undefined;
  if (node.declare || !hasValues(node)) return blankNode(node, blanks);
  emitNamespace(node, blanks);
}

/** `import x = require('m')` → `const x = require('m')` (CommonJS); `import x = N.y` → `var x = N.y`. */
function importEquals(node: TsNode, blanks: Blanks): 'skip' | void {
  if (node.importKind === 'type') return blankNode(node, blanks);
  if (node.isExport) refuse('`export import x = …`', node, blanks);
  const reference = child(node, 'moduleReference') as TsNode;
  const external = reference.type === 'TSExternalModuleReference';
  if (external && blanks.sourceType === 'module') refuse('`import x = require(…)` in an ES module', node, blanks);
  // Same length as `import`: the rest (`x = require('m')`, `x = N.y`) is JavaScript as written.
  blanks.fills.push([node.start, external ? 'const ' : 'var   ']);
}

/** `export = value` → `module.exports = value` (CommonJS only, as in TypeScript). */
function exportAssignment(node: TsNode, blanks: Blanks): void {
  if (blanks.sourceType === 'module') refuse('`export =` in an ES module', node, blanks);
  const expression = child(node, 'expression') as TsNode;
  blank(blanks, node.start, expression.start);
  // The instrumenter must read an expression (`export = { a }` is not a block): it reads
  // `0?0:value`, and the program runs `0?0:module.exports=value` (its step probe goes first).
  blanks.fills.push([node.start, '0?0:']);
  blanks.insertions.push([node.start + '0?0:'.length, 'module.exports=']);
}

function classLike(node: TsNode, blanks: Blanks): void {
  blankTypeParts(node, blanks);
  const decorators = (node.decorators as TsNode[] | undefined) ?? [];
  const afterDecorators = decorators.length ? decorators[decorators.length - 1].end : node.start;
  if (node.abstract) blankWord(blanks, afterDecorators, 'abstract');
  lowerDecorators(node, blanks);
  const implemented = node.implements as TsNode[] | undefined;
  if (implemented?.length) {
    const keyword = blanks.code.lastIndexOf('implements', implemented[0].start);
    blank(blanks, keyword, implemented[implemented.length - 1].end);
  }
}

function specifiers(node: TsNode, blanks: Blanks, kindKey: 'importKind' | 'exportKind'): 'skip' | void {
  if (node[kindKey] === 'type') return blankNode(node, blanks);
  for (const specifier of (node.specifiers as TsNode[] | undefined) ?? []) {
    if (specifier[kindKey] === 'type') blankWithComma(blanks, specifier.start, specifier.end);
  }
}

/** The end of an expression including the `)` that close around it (`(a) as T` keeps its `)`). */
function afterParens(blanks: Blanks, expression: TsNode): number {
  let at = expression.end;
  for (let next = skipTrivia(blanks.code, at); blanks.code[next] === ')'; next = skipTrivia(blanks.code, at))
    at = next + 1;
  return at;
}

/** Assignments that name an anonymous function or class on their right (NamedEvaluation). */
const NAMING_ASSIGNMENTS = new Set(['=', '&&=', '||=', '??=']);

const TYPE_ONLY = ['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSIndexSignature'];

export const tsHandlers: Record<string, TsHandler> = {
  Identifier: identifier,
  FunctionDeclaration: functionLike,
  FunctionExpression: functionLike,
  ArrowFunctionExpression: functionLike,
  TSDeclareMethod: (node, blanks) => blankNode(node, blanks),
  ClassDeclaration: classLike,
  ClassExpression: classLike,
  MethodDefinition: member,
  PropertyDefinition: member,
  // What names an anonymous class expression (a decorated one is named by its lowering).
  AssignmentExpression: (node) => {
    const left = child(node, 'left') as TsNode;
    if (left.type === 'Identifier' && NAMING_ASSIGNMENTS.has(node.operator as string))
      nameClassExpression(child(node, 'right'), left.name as string);
  },
  Property: (node) => {
    const key = child(node, 'key') as TsNode;
    if (!node.computed && key.type === 'Identifier') nameClassExpression(child(node, 'value'), key.name as string);
    else if (key.type === 'Literal') nameClassExpression(child(node, 'value'), String(key.value));
  },
  CallExpression: (node, blanks) => blankTypeParts(node, blanks),
  NewExpression: (node, blanks) => blankTypeParts(node, blanks),
  TaggedTemplateExpression: (node, blanks) => blankTypeParts(node, blanks),
  ObjectPattern: (node, blanks) => blankTypeParts(node, blanks),
  ArrayPattern: (node, blanks) => blankTypeParts(node, blanks),
  RestElement: (node, blanks) => blankTypeParts(node, blanks),
  AssignmentPattern: (node, blanks) => blankTypeParts(node, blanks),
  VariableDeclaration: (node, blanks) => (node.declare ? blankNode(node, blanks) : undefined),
  VariableDeclarator: (node, blanks) => {
    const id = child(node, 'id') as TsNode;
    if (id.type === 'Identifier') nameClassExpression(child(node, 'init'), id.name as string);
    if (node.definite && id.type === 'Identifier') blankMarkerAfter(blanks, id.start + (id.name as string).length, '!');
  },
  TSAsExpression: (node, blanks) => blank(blanks, afterParens(blanks, child(node, 'expression') as TsNode), node.end),
  TSSatisfiesExpression: (node, blanks) =>
    blank(blanks, afterParens(blanks, child(node, 'expression') as TsNode), node.end),
  TSNonNullExpression: (node, blanks) => blank(blanks, node.end - 1, node.end),
  TSTypeAssertion: (node, blanks) => {
    const type = child(node, 'typeAnnotation') as TsNode;
    blank(blanks, node.start, skipTrivia(blanks.code, type.end) + 1); // `<T>`, not the operand's `(`
  },
  TSInstantiationExpression: (node, blanks) => blankTypeParts(node, blanks),
  ImportDeclaration: (node, blanks) => specifiers(node, blanks, 'importKind'),
  ExportNamedDeclaration: (node, blanks) => {
    if (node[NAMESPACE_OF_EXPORT] !== undefined) return namespaceExport(node, blanks);
    const declaration = child(node, 'declaration');
    if (declaration?.type === 'TSModuleDeclaration') {
      if (declaration.declare || !hasValues(declaration)) return blankNode(node, blanks);
      return emitNamespace(declaration, blanks, undefined, node.start);
    }
    if (declaration && (TYPE_ONLY.includes(declaration.type) || declaration.declare)) return blankNode(node, blanks);
    if (declaration?.type === 'TSEnumDeclaration') return replaceEnum(node, declaration, blanks, true);
    if (declaration?.type === 'ClassDeclaration') blankClassExport(node, declaration, blanks, 'named');
    return specifiers(node, blanks, 'exportKind');
  },
  ExportDefaultDeclaration: (node, blanks) => {
    const declaration = child(node, 'declaration');
    if (declaration?.type === 'ClassDeclaration' || declaration?.type === 'ClassExpression')
      blankClassExport(node, declaration, blanks, 'default');
    return declaration && TYPE_ONLY.includes(declaration.type) ? blankNode(node, blanks) : undefined;
  },
  TSEnumDeclaration: (node, blanks) =>
    node.declare ? blankNode(node, blanks) : replaceEnum(node, node, blanks, false),
  // V8 runs no decorators yet: they are lowered with their class (decorators.ts, tc39Decorators.ts);
  // the expression stays for its own types to be blanked.
  Decorator: (node, blanks) => {
    blanks.decoratorRanges.push([node.start, node.end]);
  },
  TSModuleDeclaration: namespace,
  TSImportEqualsDeclaration: importEquals,
  TSExportAssignment: exportAssignment,
  ...Object.fromEntries(TYPE_ONLY.map((type) => [type, blankNode])),
};
