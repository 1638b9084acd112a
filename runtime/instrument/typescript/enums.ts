// `enum` needs generated code: the declaration is blanked (so the instrumenter never sees it and
// every other token keeps its position) and the equivalent of TypeScript's emit is inserted, on
// one line, where the declaration started. Members are plain data: they get no probes.
import { InstrumentError } from '../errors';
import { blank, type Blanks } from './blank';
import type { TsNode } from './tsNode';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function memberName(member: TsNode, blanks: Blanks): string {
  const id = member.id as TsNode;
  if (id.type === 'Identifier') return id.name as string;
  if (id.type === 'Literal' && typeof id.value === 'string') return id.value;
  throw new InstrumentError(
    'an enum member with a computed name is not supported',
    blanks.lines.position(member.start).line1,
  );
}

/**
 * `var E;(function(E){var A,B;A=0;E["A"]=A;if(typeof A=="number")E[A]="A";…})(E||(E={}));` —
 * members are also locals, so later initializers can name earlier members as TypeScript allows.
 */
function enumCode(node: TsNode, blanks: Blanks): string {
  const name = (node.id as TsNode).name as string;
  const members = ((node.body as TsNode | undefined)?.members ?? node.members) as TsNode[];
  const locals = members.map((m) => memberName(m, blanks)).filter((n) => IDENTIFIER.test(n));
  let body = locals.length ? `var ${locals.join(',')};` : '';
  let previous: string | undefined;
  for (const member of members) {
    const key = memberName(member, blanks);
    const local = IDENTIFIER.test(key) ? key : undefined;
    const initializer = member.initializer as TsNode | undefined;
    const value = initializer
      ? `(${blanks.code.slice(initializer.start, initializer.end)})`
      : previous === undefined
        ? '0'
        : `${previous}+1`;
    const target = local ?? `${name}[${JSON.stringify(key)}]`;
    body += local ? `${local}=${value};${name}[${JSON.stringify(key)}]=${local};` : `${target}=${value};`;
    body += `if(typeof ${target}=="number")${name}[${target}]=${JSON.stringify(key)};`;
    previous = target;
  }
  return `var ${name};(function(${name}){${body}})(${name}||(${name}={}));`;
}

const COMPUTED_LITERAL_NAME = /^\[(\s*)('(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|`[^`\\$\n\r"]*`)(\s*)\]/;
const ENUM_HEAD = /\benum\s+[A-Za-z_$][\w$]*\s*$/;

/** True when `at` is directly inside an `enum E { … }` body (the nearest unclosed brace opens one). */
function insideEnumBody(code: string, at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (code[i] === '}') depth++;
    else if (code[i] === '{' && depth-- === 0) return ENUM_HEAD.test(code.slice(Math.max(0, i - 200), i));
  }
  return false;
}

/**
 * acorn-typescript does not parse a computed enum member name (`enum E { ['a'] = 1 }`), which
 * TypeScript accepts for a string literal or a template without substitutions (emitting `E["a"]`).
 * Given a parse error's offset: the code with that one name written as a string literal of the
 * same length (` 'a' `), or undefined when the error is anything else. Only an enum body changes,
 * and enum bodies are blanked and regenerated from the AST, so no output character differs.
 */
export function withLiteralEnumName(code: string, at: number): string | undefined {
  const match = code[at] === '[' ? COMPUTED_LITERAL_NAME.exec(code.slice(at, at + 4096)) : null;
  if (!match || !insideEnumBody(code, at)) return undefined;
  const literal = match[2][0] === '`' ? `"${match[2].slice(1, -1)}"` : match[2];
  return `${code.slice(0, at)} ${match[1]}${literal}${match[3]} ${code.slice(at + match[0].length)}`;
}

/** Blanks the declaration (or its `export`) and inserts the generated code at its start. */
export function replaceEnum(declaration: TsNode, enumNode: TsNode, blanks: Blanks, exported: boolean): 'skip' {
  blank(blanks, declaration.start, declaration.end);
  const name = (enumNode.id as TsNode).name as string;
  blanks.insertions.push([declaration.start, `;${enumCode(enumNode, blanks)}${exported ? `export{${name}};` : ''}`]);
  rebind(declaration, enumNode.id as TsNode, blanks);
  return 'skip';
}

/**
 * `var E=E;` written over the blanked declaration, the name where it was: the walker sees a
 * statement that binds the enum (after the inserted code ran), so it is recorded like any
 * variable and a debugger can show it. Nothing the program sees changes (the same binding, the
 * same object). Skipped when the declaration's first line is too short to hold it (`enum E {}`).
 */
function rebind(declaration: TsNode, id: TsNode, blanks: Blanks): void {
  const name = id.name as string;
  const from = id.start - 'var '.length;
  const text = `var ${name}=${name};`;
  if (from < declaration.start || from + text.length > declaration.end) return;
  if (/[\n\r\u2028\u2029]/.test(blanks.code.slice(from, from + text.length))) return;
  blanks.fills.push([from, text]);
}
