// Which names on the lines of the current function VS Code should show values for while stopped
// (issue 15 §4, inline values). Only positions of plain identifiers: VS Code then looks each name up
// in the stopped frame's scopes — the recorded values at this moment — and shows nothing for a name
// the recording does not know; so nothing here guesses a value. No vscode: plain lines in, plain out.

export interface NameLookup {
  line0: number;
  startColumn0: number;
  endColumn0: number;
  name: string;
}

/** How far above the stop a function's start is looked for; past it the view starts at the viewport. */
const MAX_FUNCTION_LINES = 400;

const KEYWORDS = new Set(
  `await break case catch class const continue debugger default delete do else enum export extends
false finally for function if implements import in instanceof interface let new null of package private protected public
return static super switch this throw true try typeof undefined var void while with yield async get set as from`.split(
    /\s+/,
  ),
);

const FUNCTION_START =
  /\bfunction\b|=>\s*\{?\s*$|^\s*(?:(?:async|static|get|set|public|private|protected)\s+)*(?!(?:if|for|while|switch|catch|with)\b)[\w$]+\s*\([^)]*\)\s*(?::[^{]*)?\{\s*$/;

/** The lookups for lines [first line of the stopped function, stopped line], within the viewport. */
export function inlineLookups(
  lines: readonly string[],
  stoppedLine0: number,
  viewportStart0: number,
  viewportEnd0: number,
): NameLookup[] {
  const first = Math.max(functionStart(lines, stoppedLine0), viewportStart0);
  const last = Math.min(stoppedLine0, viewportEnd0, lines.length - 1);
  const lookups: NameLookup[] = [];
  for (let line0 = first; line0 <= last; line0++) lookups.push(...namesOn(lines[line0], line0));
  return lookups;
}

/** The line where the function around the stop begins (its header), else the top of the file. */
export function functionStart(lines: readonly string[], stoppedLine0: number): number {
  let indent = indentOf(lines[stoppedLine0] ?? '');
  for (let line0 = stoppedLine0 - 1; line0 >= Math.max(0, stoppedLine0 - MAX_FUNCTION_LINES); line0--) {
    const text = lines[line0];
    if (text.trim() === '') continue;
    const lineIndent = indentOf(text);
    if (lineIndent >= indent) continue;
    indent = lineIndent;
    if (FUNCTION_START.test(text)) return line0;
  }
  return 0;
}

function namesOn(text: string, line0: number): NameLookup[] {
  const code = blankStringsAndComments(text);
  const lookups: NameLookup[] = [];
  for (const match of code.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const name = match[0];
    const start = match.index;
    const end = start + name.length;
    if (KEYWORDS.has(name)) continue;
    if (/\.\s*$/.test(code.slice(0, start)) && !/\.\.\.\s*$/.test(code.slice(0, start))) continue; // a property, not a variable
    if (/^\s*\(/.test(code.slice(end))) continue; // a call: the function, not a value worth showing
    if (/^\s*:/.test(code.slice(end)) && /[{,]\s*$/.test(code.slice(0, start))) continue; // an object literal's key
    lookups.push({ line0, startColumn0: start, endColumn0: end, name });
  }
  return lookups;
}

/** Same length, strings and comments replaced by spaces, so columns stay true. */
function blankStringsAndComments(text: string): string {
  return text
    .replace(/(["'`])(?:\\.|(?!\1).)*\1/g, (literal) => ' '.repeat(literal.length))
    .replace(/\/\/.*$/, (comment) => ' '.repeat(comment.length))
    .replace(/\/\*.*?\*\//g, (comment) => ' '.repeat(comment.length));
}

function indentOf(text: string): number {
  return /^\s*/.exec(text)?.[0].length ?? 0;
}
