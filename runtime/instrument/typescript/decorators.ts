// TypeScript's legacy decorators (`experimentalDecorators` in tsconfig.json), lowered as tsx
// (esbuild) lowers them: each decorator is blanked where it stands and applied after its class —
// members first (instance, then static, in source order), then the class, whose own binding then
// holds what the class decorators returned (`@d class C` becomes `let C; C=class {…}`, so the class
// body's own `C` sees it too). Decorated class expressions, computed or private decorated members
// and decorated `accessor` fields are refused by name and line; TC39 decorators are tc39Decorators.ts'.
import { InstrumentError } from '../errors';
import { skipTrivia } from '../text';
import { blank, type Blanks, type Trailer } from './blank';
import { INFERRED_NAME, lowerTc39Class, lowerTc39ClassExpression, STATEMENT_START } from './tc39Decorators';
import { child, decoratorsOf, type TsNode } from './tsNode';

/** esbuild's `__decorateClass`, inlined at each use so no name is added to the module's scope. */
const DECORATE =
  '((decorators,target,key,kind)=>{var result=kind>1?void 0:kind?Object.getOwnPropertyDescriptor(target,key):target;' +
  'for(var i=decorators.length-1,decorator;i>=0;i--)if(decorator=decorators[i])' +
  'result=(kind?decorator(target,key,result):decorator(result))||result;' +
  'if(kind&&result)Object.defineProperty(target,key,result);return result;})';
/** esbuild's `__decorateParam`. */
const DECORATE_PARAMETER = '((index,decorator)=>(target,key)=>decorator(target,key,index))';

/** Set on a decorated class declaration by its `export` statement: how the class is exported. */
const EXPORTED_AS = 'rewindExportedAs';

function refuse(what: string, node: TsNode, blanks: Blanks): never {
  throw new InstrumentError(what, blanks.lines.position(node.start).line1);
}

/** Parameters of a method or constructor with their decorators (a parameter property's sit on its parameter). */
function parameterDecorators(method: TsNode): Array<[number, TsNode[]]> {
  const value = child(method, 'value');
  const params = (value?.params as TsNode[] | undefined) ?? [];
  const out: Array<[number, TsNode[]]> = [];
  params.forEach((param, index) => {
    const own = param.type === 'TSParameterProperty' ? child(param, 'parameter') : param;
    const decorators = decoratorsOf(own);
    if (decorators.length) out.push([index, decorators]);
  });
  return out;
}

function expressionList(decorators: TsNode[], parameters: Array<[number, TsNode[]]>): Trailer {
  const list: Trailer = ['['];
  const add = (part: Trailer): void => {
    if (list.length > 1) list.push(',');
    list.push(...part);
  };
  for (const decorator of decorators) {
    const expression = child(decorator, 'expression') as TsNode;
    add([[expression.start, expression.end]]);
  }
  for (const [index, each] of parameters) {
    for (const decorator of each) {
      const expression = child(decorator, 'expression') as TsNode;
      add([`${DECORATE_PARAMETER}(${index},`, [expression.start, expression.end], ')']);
    }
  }
  list.push(']');
  return list;
}

function memberKey(member: TsNode, blanks: Blanks): string {
  const key = child(member, 'key') as TsNode;
  if (!member.computed && key.type === 'Identifier') return JSON.stringify(key.name);
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return JSON.stringify(String(key.value));
  return refuse('a decorated member with a computed or private name is not supported', member, blanks);
}

function memberDecorations(body: TsNode[], className: string, blanks: Blanks): Trailer {
  const instance: Trailer = [];
  const statics: Trailer = [];
  for (const member of body) {
    if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
    if (member.kind === 'constructor') continue;
    const parameters = member.type === 'MethodDefinition' ? parameterDecorators(member) : [];
    const decorators = decoratorsOf(member);
    if (!decorators.length && !parameters.length) continue;
    if (member.accessor) refuse('a decorated `accessor` field is not supported', member, blanks);
    const target = member.static ? className : `${className}.prototype`;
    const kind = member.type === 'PropertyDefinition' ? 2 : 1;
    const key = memberKey(member, blanks);
    (member.static ? statics : instance).push(
      `;${DECORATE}(`,
      ...expressionList(decorators, parameters),
      `,${target},${key},${kind})`,
    );
  }
  return [...instance, ...statics];
}

function hasMemberDecorators(body: TsNode[]): boolean {
  return body.some(
    (member) =>
      decoratorsOf(member).length > 0 || (member.type === 'MethodDefinition' && parameterDecorators(member).length > 0),
  );
}

/**
 * `class C` → `C=class` written over its own text (same length; only whitespace between the two
 * words is needed), with `let C;` (or `export let C;`) added before it: the class becomes anonymous
 * but named C by the assignment, as in `let C = class {…}`.
 */
function assignedClass(node: TsNode, id: TsNode, blanks: Blanks, exported: string | undefined): void {
  const keyword = blanks.code.lastIndexOf('class', id.start);
  const between = blanks.code.slice(keyword + 'class'.length, id.start);
  const name = id.name as string;
  if (keyword < node.start || /[\n\r\u2028\u2029]/.test(between))
    refuse('a decorated class whose name is not on the line of `class` is not supported', node, blanks);
  blank(blanks, keyword, id.end);
  blanks.fills.push([keyword, `${name}=class`]);
  const first = decoratorsOf(node)[0] ?? node;
  // Inside the blanked first decorator: no node of the stripped code starts or ends there.
  blanks.trailers.push([first.start + 1, [`${exported === 'named' ? 'export ' : ''}let ${name};`]]);
  if (exported === 'default') blanks.trailers.push([node.end, [`;export{${name} as default};`]]);
}

/** A class (declaration or expression) with legacy decorators on it, its members or their parameters. */
export function lowerDecorators(node: TsNode, blanks: Blanks): void {
  const body = (child(node, 'body') as TsNode).body as TsNode[];
  const constructor = body.find((member) => member.kind === 'constructor');
  const classParameters = constructor ? parameterDecorators(constructor) : [];
  const classDecorators = decoratorsOf(node);
  const classLevel = classDecorators.length > 0 || classParameters.length > 0;
  if (!classLevel && !hasMemberDecorators(body)) return;
  const id = child(node, 'id');
  // `export default @d class C {}` parses as a class expression; it declares C all the same.
  const declared = node.type === 'ClassDeclaration' || node[EXPORTED_AS] === 'default';
  if ((!declared || !id) && !blanks.experimentalDecorators) return lowerTc39ClassExpression(node, blanks);
  if (!declared || !id)
    refuse('decorators in a class expression or an anonymous class are not supported (as in tsx)', node, blanks);
  const name = id.name as string;
  const exported = node[EXPORTED_AS] as string | undefined;
  if (!blanks.experimentalDecorators)
    return lowerTc39Class(node, blanks, name, () => assignedClass(node, id, blanks, exported));
  if (classLevel) assignedClass(node, id, blanks, node[EXPORTED_AS] as string | undefined);
  const trailer = memberDecorations(body, name, blanks);
  if (classLevel)
    trailer.push(`;${name}=${DECORATE}(`, ...expressionList(classDecorators, classParameters), `,${name});`);
  else trailer.push(';');
  blanks.trailers.push([node.end, trailer]);
}

/** `export` (and `default`) before a decorated class that becomes an assignment: blanked, the export added back. */
export function blankClassExport(exportNode: TsNode, declaration: TsNode, blanks: Blanks, kind: string): void {
  declaration[STATEMENT_START] = exportNode.start;
  if (!decoratorsOf(declaration).length && !classParameterDecorated(declaration)) return;
  // An anonymous one with TC39 decorators stays `export default <expression>` (tc39Decorators.ts).
  if (!child(declaration, 'id') && !blanks.experimentalDecorators) {
    declaration[INFERRED_NAME] = 'default';
    return;
  }
  const at = skipTrivia(blanks.code, exportNode.start);
  const decoratorsFirst = blanks.code[at] === '@';
  // `@d export class C`: acorn-typescript starts the export statement at `export`, after the decorators.
  const exportAt = decoratorsFirst ? blanks.code.indexOf('export', at) : at;
  let end = exportAt + 'export'.length;
  if (kind === 'default') end = skipTrivia(blanks.code, end) + 'default'.length;
  blank(blanks, exportAt, end);
  declaration[EXPORTED_AS] = kind;
}

function classParameterDecorated(declaration: TsNode): boolean {
  const body = (child(declaration, 'body') as TsNode).body as TsNode[];
  const constructor = body.find((member) => member.kind === 'constructor');
  return constructor !== undefined && parameterDecorators(constructor).length > 0;
}

/** The trailer as code: decorator expressions read from the stripped text, on one line (no line may move). */
export function trailerCode(trailer: Trailer, stripped: string): string {
  return trailer
    .map((part) => {
      if (typeof part === 'string') return part;
      const text = stripped.slice(part[0], part[1]);
      if (/[\n\r\u2028\u2029]/.test(text) && /\/[/*]/.test(text))
        throw new InstrumentError('a decorator spanning lines with a comment is not supported');
      return text.replace(/[\n\r\u2028\u2029]/g, ' ');
    })
    .join('');
}
