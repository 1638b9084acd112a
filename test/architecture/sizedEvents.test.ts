// Every sized event the recorder begins it also ends (runtime/recorder/ring.ts): until endSized()
// the batch limit is set aside, so the NEXT event goes through closeBatch(), which treats the open
// one as torn by a stack overflow and drops it. A writer that forgets endSized() loses an event
// silently, as the first callback-origin writer did. Checked per function over the recorder's source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const RECORDER = join(__dirname, '..', '..', 'runtime', 'recorder');

function callsOf(node: ts.Node, names: Set<string>): void {
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) names.add(node.expression.text);
  // A nested function is checked on its own.
  if (node !== undefined && !ts.isFunctionLike(node)) ts.forEachChild(node, (child) => callsOf(child, names));
}

/** Names of the functions in `file` that call beginSized() but not endSized(). */
function unendedWriters(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const unended: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const names = new Set<string>();
      ts.forEachChild(node.body as ts.Node, (child) => callsOf(child, names));
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '<anonymous>';
      if (names.has('beginSized') && !names.has('endSized')) unended.push(`${file}: ${name}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return unended;
}

describe('sized events', () => {
  it('every recorder function that begins a sized event ends it', () => {
    const files = readdirSync(RECORDER)
      .filter((name) => name.endsWith('.ts') && name !== 'ring.ts')
      .map((name) => join(RECORDER, name));
    const writers = files.filter((file) => readFileSync(file, 'utf8').includes('beginSized()'));
    expect(writers.length).toBeGreaterThan(3);
    expect(files.flatMap(unendedWriters)).toEqual([]);
  });
});
