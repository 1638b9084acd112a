// JSX in .tsx files, compiled as TypeScript's `jsx: "react"` (and tsx's default) compiles it:
// `<a b={c}>d</a>` → `React.createElement("a", {b: c}, "d")`, with tsconfig's jsxFactory and
// jsxFragmentFactory. Only JSX's own punctuation and text are rewritten (magic-string edits made
// before the walk): every expression inside keeps its offsets, so its probes, breakpoints and
// steps land on the user's columns, and a text keeps its line breaks so no later line moves.
// Knows nothing of instrumentation; `jsx: "preserve"` and the automatic runtime are refused.
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
export function jsxText(value: string): string | undefined {
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
    const opening = child(node, node.type === 'JSXFragment' ? 'openingFragment' : 'openingElement') as JsxNode;
    const closing = child(node, node.type === 'JSXFragment' ? 'closingFragment' : 'closingElement');
    const factory = this.options.factory;
    if (node.type === 'JSXFragment') {
      this.replace(opening.start, opening.end, `${factory}(${this.options.fragmentFactory},null`);
    } else {
      const name = child(opening, 'name') as JsxNode;
      const tag = tagName(name);
      this.replace(opening.start, name.start, `${factory}(`);
      if (tag?.intrinsic) this.replace(name.start, name.end, JSON.stringify(tag.text));
      else if (tag === undefined && name.type !== 'JSXMemberExpression') this.refuse('this element name', name);
      if (child(opening, 'typeArguments') || child(opening, 'typeParameters'))
        this.refuse('an element with type arguments', opening);
      this.attributes(opening, name.end);
    }
    this.children(node);
    if (closing) this.replace(closing.start, closing.end, ')');
  }

  /** `{a: 1, ...b}` after the name (or `null`), the opening tag's `>` or `/>` gone (or `)`). */
  private attributes(opening: JsxNode, nameEnd: number): void {
    const attributes = (opening.attributes as JsxNode[]) ?? [];
    const selfClosing = opening.selfClosing === true;
    const closeAt = this.code.lastIndexOf(selfClosing ? '/' : '>', opening.end - 1);
    if (attributes.length === 0) {
      this.ms.appendLeft(nameEnd, ',null');
    } else {
      this.ms.appendLeft(nameEnd, ',{');
      attributes.forEach((attribute, index) => {
        this.attribute(attribute);
        if (index < attributes.length - 1) this.ms.appendLeft(attribute.end, ',');
      });
      this.ms.appendLeft(attributes[attributes.length - 1].end, '}');
    }
    this.replace(closeAt, opening.end, selfClosing ? ')' : '');
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

  private children(node: JsxNode): void {
    for (const each of (node.children as JsxNode[]) ?? []) {
      if (each.type === 'JSXText') {
        const text = jsxText(each.value as string);
        // The breaks before the text's first character stay before it: the text keeps its own line.
        const first = this.code.slice(each.start, each.end).search(/\S/);
        const lead = first < 0 ? each.end : each.start + first;
        if (lead > each.start) this.replace(each.start, lead, '');
        if (lead < each.end) this.replace(lead, each.end, text === undefined ? '' : `,${JSON.stringify(text)}`);
      } else if (each.type === 'JSXExpressionContainer') {
        const expression = child(each, 'expression') as JsxNode;
        if (expression.type === 'JSXEmptyExpression') this.replace(each.start, each.end, '');
        else this.unwrap(each, ',');
      } else if (each.type === 'JSXSpreadChild') {
        this.refuse('a spread child (`{...children}`)', each);
      } else {
        this.ms.appendLeft(each.start, ',');
      }
    }
  }
}

/** Lowers every JSX element and fragment of `ast` into `ms` (call before any other edit). */
export function lowerJsx(ast: ESTree.Node, ms: MagicString, code: string, lines: LineIndex, options: JsxOptions): void {
  const mode = options.mode;
  if (mode !== undefined && mode !== 'react')
    throw new InstrumentError(
      `tsconfig.json's \`"jsx": "${mode}"\` is not supported; \`"jsx": "react"\` (React.createElement, the jsxFactory) is`,
    );
  const lowering = new JsxLowering(ms, code, lines, {
    factory: options.factory ?? 'React.createElement',
    fragmentFactory: options.fragmentFactory ?? 'React.Fragment',
  });
  walk(ast, {
    enter(node) {
      const type = node.type as string;
      if (type === 'JSXElement' || type === 'JSXFragment') lowering.element(node as unknown as JsxNode);
    },
  });
}
