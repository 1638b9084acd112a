// JSX in .tsx files, compiled as TypeScript's `jsx: "react"` (and tsx's default) compiles it:
// `<a b={c}>d</a>` → `React.createElement("a", {b: c}, "d")`, with tsconfig's jsxFactory and
// jsxFragmentFactory; or as `jsx: "react-jsx"` does: `jsx("a", {b: c, children: "d"}, key)` from
// `<jsxImportSource>/jsx-runtime`. Only JSX's own punctuation and text are rewritten (magic-string edits made
// before the walk): every expression inside keeps its offsets, so its probes, breakpoints and
// steps land on the user's columns, and a text keeps its line breaks so no later line moves.
// Knows nothing of instrumentation; `jsx: "preserve"` and `react-jsxdev` are refused.
import type MagicString from 'magic-string';
import { walk } from 'estree-walker';
import type * as ESTree from 'estree';
import { InstrumentError } from './errors';
import type { LineIndex } from './positions';

/** tsconfig.json's JSX settings (TypeScript's defaults for `jsx: "react"`). */
export interface JsxOptions {
  /** tsconfig's `jsx`; undefined is tsx's default (the classic transform). */
  mode?: string;
  factory?: string;
  fragmentFactory?: string;
  /** `jsx: "react-jsx"`: the runtime is `<importSource>/jsx-runtime` (default react). */
  importSource?: string;
}

/** Where the automatic runtime's functions come from, and how the file names them. */
interface AutomaticRuntime {
  /** `jsx`, `jsxs` or `Fragment` as this file reaches it. */
  name(kind: 'jsx' | 'jsxs' | 'Fragment'): string;
}

/** An element's call as it is being written: how each child starts and how the call ends. */
interface Call {
  automatic: boolean;
  /** Attributes written into the props object (automatic: children follow them there). */
  attributes: number;
  many: boolean;
  key: string | undefined;
}

interface JsxNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;

function child(node: JsxNode, key: string): JsxNode | undefined {
  const value = node[key];
  return value && typeof value === 'object' && 'type' in value ? (value as JsxNode) : undefined;
}

/** Only the line breaks of a text: written where it was, so the lines after it stay where they were. */
function breaksOf(text: string): string {
  return (text.match(LINE_BREAKS) ?? []).join('');
}

/** JSX's whitespace rule (TypeScript's and Babel's): lines trimmed where they meet a break, blank ones dropped. */
function jsxText(value: string): string | undefined {
  const lines = value.split(/\r\n|\n|\r/);
  const kept: string[] = [];
  lines.forEach((line, index) => {
    let text = line.replace(/\t/g, ' ');
    if (index > 0) text = text.replace(/^[ ]+/, '');
    if (index < lines.length - 1) text = text.replace(/[ ]+$/, '');
    if (text) kept.push(text);
  });
  return kept.length ? kept.join(' ') : undefined;
}

/** The children that become arguments (TypeScript's count for `jsxs`): no blank text, no empty `{}`. */
function meaningfulChildren(node: JsxNode): JsxNode[] {
  return ((node.children as JsxNode[]) ?? []).filter((each) => {
    if (each.type === 'JSXText') return jsxText(each.value as string) !== undefined;
    if (each.type === 'JSXExpressionContainer') return child(each, 'expression')?.type !== 'JSXEmptyExpression';
    return true;
  });
}

/** A name or a dotted path of names: its text can be written again, later, to the same effect. */
function rereadable(node: JsxNode): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  if (node.type !== 'MemberExpression' || node.computed || node.optional) return false;
  return rereadable(child(node, 'object') as JsxNode);
}

function tagName(name: JsxNode): { text: string; intrinsic: boolean } | undefined {
  if (name.type === 'JSXIdentifier') {
    const text = name.name as string;
    return { text, intrinsic: /^[a-z]/.test(text) || text.includes('-') };
  }
  if (name.type === 'JSXNamespacedName') {
    const namespace = child(name, 'namespace') as JsxNode;
    const local = child(name, 'name') as JsxNode;
    return { text: `${namespace.name as string}:${local.name as string}`, intrinsic: true };
  }
  return undefined; // a member expression (`<a.b>`) stays as written
}

function attributeKey(name: JsxNode): string {
  if (name.type === 'JSXNamespacedName') {
    const namespace = child(name, 'namespace') as JsxNode;
    const local = child(name, 'name') as JsxNode;
    return JSON.stringify(`${namespace.name as string}:${local.name as string}`);
  }
  const text = name.name as string;
  return /^[A-Za-z_$][\w$]*$/.test(text) ? text : JSON.stringify(text);
}

class JsxLowering {
  constructor(
    private readonly ms: MagicString,
    private readonly code: string,
    private readonly lines: LineIndex,
    private readonly options: Required<Pick<JsxOptions, 'factory' | 'fragmentFactory'>>,
    private readonly automatic: AutomaticRuntime | undefined,
  ) {}

  private refuse(what: string, node: JsxNode): never {
    throw new InstrumentError(`${what} is not supported in JSX`, this.lines.position(node.start).line1);
  }

  /** Replaces [start, end) with `text` plus the range's own line breaks. */
  private replace(start: number, end: number, text: string): void {
    const replacement = text + breaksOf(this.code.slice(start, end));
    if (replacement === '') this.ms.remove(start, end);
    else this.ms.overwrite(start, end, replacement, { contentOnly: true });
  }

  element(node: JsxNode): void {
    const fragment = node.type === 'JSXFragment';
    const opening = child(node, fragment ? 'openingFragment' : 'openingElement') as JsxNode;
    const closing = child(node, fragment ? 'closingFragment' : 'closingElement');
    const automatic = this.automatic;
    const many = automatic !== undefined && meaningfulChildren(node).length > 1;
    const callee = automatic ? automatic.name(many ? 'jsxs' : 'jsx') : this.options.factory;
    const call: Call = { automatic: automatic !== undefined, attributes: 0, many, key: undefined };
    if (fragment) {
      const type = automatic ? automatic.name('Fragment') : this.options.fragmentFactory;
      this.replace(opening.start, opening.end, `${callee}(${type},${automatic ? '{' : 'null'}`);
    } else {
      const name = child(opening, 'name') as JsxNode;
      const tag = tagName(name);
      this.replace(opening.start, name.start, `${callee}(`);
      if (tag?.intrinsic) this.replace(name.start, name.end, JSON.stringify(tag.text));
      else if (tag === undefined && name.type !== 'JSXMemberExpression') this.refuse('this element name', name);
      if (child(opening, 'typeArguments') || child(opening, 'typeParameters'))
        this.refuse('an element with type arguments', opening);
      this.attributes(opening, name.end, call);
    }
    this.children(node, call);
    if (closing) this.replace(closing.start, closing.end, this.close(call));
  }

  /** What ends the call: `)`, or (automatic) the children array, props, key and `)`. */
  private close(call: Call): string {
    if (!call.automatic) return ')';
    return `${call.many ? ']' : ''}}${call.key === undefined ? '' : `,${call.key}`})`;
  }

  /**
   * `{a: 1, ...b}` after the name (classic: `null` when there are none), the opening tag's `>` gone
   * (`/>`: the call's end). The automatic runtime's `key` leaves the props for the third argument.
   */
  private attributes(opening: JsxNode, nameEnd: number, call: Call): void {
    const all = (opening.attributes as JsxNode[]) ?? [];
    const selfClosing = opening.selfClosing === true;
    const closeAt = this.code.lastIndexOf(selfClosing ? '/' : '>', opening.end - 1);
    const attributes = call.automatic ? all.filter((attribute) => !this.takeKey(attribute, all, call)) : all;
    call.attributes = attributes.length;
    if (attributes.length === 0) {
      this.ms.appendLeft(nameEnd, call.automatic ? ',{' : ',null');
    } else {
      this.ms.appendLeft(nameEnd, ',{');
      attributes.forEach((attribute, index) => {
        this.attribute(attribute);
        if (index < attributes.length - 1) this.ms.appendLeft(attribute.end, ',');
      });
      if (!call.automatic) this.ms.appendLeft(attributes[attributes.length - 1].end, '}');
    }
    this.replace(closeAt, opening.end, selfClosing ? this.close(call) : '');
  }

  /** The automatic runtime's `key={k}`: its text kept for the call's third argument, the attribute gone. */
  private takeKey(attribute: JsxNode, all: JsxNode[], call: Call): boolean {
    if (attribute.type !== 'JSXAttribute' || (child(attribute, 'name') as JsxNode).name !== 'key') return false;
    if (all.slice(0, all.indexOf(attribute)).some((each) => each.type === 'JSXSpreadAttribute'))
      this.refuse('a `key` after a spread attribute (TypeScript falls back to createElement)', attribute);
    const value = child(attribute, 'value');
    const expression = value?.type === 'JSXExpressionContainer' ? child(value, 'expression') : value;
    if (expression?.type === 'Literal') call.key = JSON.stringify(expression.value);
    else if (expression && rereadable(expression)) call.key = this.code.slice(expression.start, expression.end);
    else this.refuse('a `key` that is not a name, a property path or a literal', attribute);
    this.replace(attribute.start, attribute.end, '');
    return true;
  }

  private attribute(attribute: JsxNode): void {
    if (attribute.type === 'JSXSpreadAttribute') {
      const argument = child(attribute, 'argument') as JsxNode;
      this.replace(attribute.start, this.code.indexOf('...', attribute.start), '');
      this.replace(argument.end, attribute.end, '');
      return;
    }
    const name = child(attribute, 'name') as JsxNode;
    const value = child(attribute, 'value');
    this.replace(name.start, name.end, attributeKey(name));
    if (!value) {
      this.ms.appendLeft(name.end, ':true');
      return;
    }
    this.replace(name.end, value.start, ':');
    if (value.type === 'Literal') this.replace(value.start, value.end, JSON.stringify(value.value));
    else if (value.type === 'JSXExpressionContainer') this.unwrap(value, '');
    // an element as a value is lowered by its own visit
  }

  /** `{expression}` → `<before>expression`, the braces gone. */
  private unwrap(container: JsxNode, before: string): void {
    const expression = child(container, 'expression') as JsxNode;
    this.replace(container.start, expression.start, before);
    this.replace(expression.end, container.end, '');
  }

  private children(node: JsxNode, call: Call): void {
    let written = 0;
    // Classic: `,child`. Automatic: `children:child` (or `children:[a,b]`) inside the props.
    const before = (): string => {
      if (!call.automatic || written++ > 0) return ',';
      return `${call.attributes > 0 ? ',' : ''}children:${call.many ? '[' : ''}`;
    };
    for (const each of (node.children as JsxNode[]) ?? []) {
      if (each.type === 'JSXText') {
        const text = jsxText(each.value as string);
        // The breaks before the text's first character stay before it: the text keeps its own line.
        const first = this.code.slice(each.start, each.end).search(/\S/);
        const lead = first < 0 ? each.end : each.start + first;
        if (lead > each.start) this.replace(each.start, lead, '');
        if (lead < each.end)
          this.replace(lead, each.end, text === undefined ? '' : `${before()}${JSON.stringify(text)}`);
      } else if (each.type === 'JSXExpressionContainer') {
        const expression = child(each, 'expression') as JsxNode;
        if (expression.type === 'JSXEmptyExpression') this.replace(each.start, each.end, '');
        else this.unwrap(each, before());
      } else if (each.type === 'JSXSpreadChild') {
        this.refuse('a spread child (`{...children}`)', each);
      } else {
        this.ms.appendLeft(each.start, before());
      }
    }
  }
}

/** `<prefix>Jsx`: capitalised, so the loader never reads it as one of the recorder's calls (`<prefix>x(`). */
function localName(prefix: string, kind: 'jsx' | 'jsxs' | 'Fragment'): string {
  return `${prefix}${kind[0].toUpperCase()}${kind.slice(1)}`;
}

/**
 * The automatic runtime's names: in an ES module `<prefix>Jsx` and so on, imported at the end of the
 * file (imports are hoisted; no line moves); in CommonJS `(0,require("<source>/jsx-runtime").jsx)`
 * at each use (require caches it), so nothing precedes a "use strict" directive.
 */
function automaticRuntime(
  importSource: string,
  sourceType: 'commonjs' | 'module',
  prefix: string,
  used: Set<'jsx' | 'jsxs' | 'Fragment'>,
): AutomaticRuntime {
  const runtime = JSON.stringify(`${importSource}/jsx-runtime`);
  return {
    name(kind) {
      used.add(kind);
      return sourceType === 'module' ? localName(prefix, kind) : `(0,require(${runtime}).${kind})`;
    },
  };
}

/** Lowers every JSX element and fragment of `ast` into `ms` (call before any other edit). */
export function lowerJsx(
  ast: ESTree.Node,
  ms: MagicString,
  code: string,
  lines: LineIndex,
  options: JsxOptions,
  file: { sourceType: 'commonjs' | 'module'; prefix: string },
): void {
  const mode = options.mode;
  if (mode !== undefined && mode !== 'react' && mode !== 'react-jsx')
    throw new InstrumentError(
      `tsconfig.json's \`"jsx": "${mode}"\` is not supported; \`"jsx": "react"\` and \`"react-jsx"\` are`,
    );
  const used = new Set<'jsx' | 'jsxs' | 'Fragment'>();
  const importSource = options.importSource ?? 'react';
  const automatic =
    mode === 'react-jsx' ? automaticRuntime(importSource, file.sourceType, file.prefix, used) : undefined;
  const lowering = new JsxLowering(
    ms,
    code,
    lines,
    {
      factory: options.factory ?? 'React.createElement',
      fragmentFactory: options.fragmentFactory ?? 'React.Fragment',
    },
    automatic,
  );
  walk(ast, {
    enter(node) {
      const type = node.type as string;
      if (type === 'JSXElement' || type === 'JSXFragment') lowering.element(node as unknown as JsxNode);
    },
  });
  if (automatic && file.sourceType === 'module' && used.size > 0) {
    const names = [...used].map((kind) => `${kind} as ${localName(file.prefix, kind)}`).join(',');
    ms.append(`\nimport{${names}}from${JSON.stringify(`${importSource}/jsx-runtime`)};`);
  }
}
