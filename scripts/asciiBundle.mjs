// Makes a bundle esbuild wrote pure ASCII, so that Node and V8 hold its source as a one-byte string.
// esbuild escapes non-ASCII characters in strings, templates and regexps, but keeps the comments it
// preserves (JSDoc on object members, for instance) as they were; one "→" in a comment makes V8
// decode and compile the whole file as two-byte text: for the recorder's 600 KB body, ~5 ms more
// decoding and ~3 ms more compiling in every recorded process (docs/PERFORMANCE.md, "Session 34").
// Each non-ASCII UTF-16 unit inside a comment becomes '?', one unit for one, so every position the
// source map gives stays where it was. A non-ASCII character outside a comment fails the build:
// it would be code, whose meaning a replacement could change.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'acorn';

const NON_ASCII = /[\u0080-\uffff]/;

/** Rewrites `file` in place (when it has non-ASCII text); returns how many units were replaced. */
export function asciiOnlyComments(file, sourceType) {
  const text = readFileSync(file, 'utf8');
  if (!NON_ASCII.test(text)) return 0;
  const comments = [];
  parse(text, {
    ecmaVersion: 'latest',
    sourceType,
    allowHashBang: true,
    onComment: (_block, _text, start, end) => comments.push([start, end]),
  });
  let replaced = 0;
  const units = text.split('');
  let commentIndex = 0;
  for (let index = 0; index < units.length; index++) {
    if (units[index].charCodeAt(0) < 0x80) continue;
    while (commentIndex < comments.length && comments[commentIndex][1] <= index) commentIndex++;
    const comment = comments[commentIndex];
    if (!comment || index < comment[0]) {
      const line = text.slice(0, index).split('\n').length;
      throw new Error(`${file}:${line}: a non-ASCII character outside a comment (build with charset ascii)`);
    }
    units[index] = '?';
    replaced++;
  }
  writeFileSync(file, units.join(''));
  return replaced;
}
