// Finds import cycles among our TypeScript sources (ARCHITECTURE.md §2: imports point one way, so
// a module can be read, tested and replaced without its importers). Reads import and export-from
// specifiers with TypeScript's own pre-processor (type-only imports count: they tie files together
// as much as any), resolves relative ones to files, and reports every strongly connected component
// of more than one file (or a file importing itself). Usage: node scripts/importCycles.mjs [folders…]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ts = createRequire(import.meta.url)('typescript');
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_FOLDERS = ['protocol', 'runtime', 'debug-adapter', 'extension', 'webview'];

function sourceFiles(folder) {
  const out = [];
  for (const name of readdirSync(folder)) {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier.replace(/\.(m|c)?js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.mts`, `${base}.cts`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** file → files it imports (relative imports only: packages cannot close a cycle with us). */
export function importGraph(folders = SOURCE_FOLDERS) {
  const graph = new Map();
  for (const folder of folders) {
    for (const file of sourceFiles(join(ROOT, folder))) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      graph.set(file, [...new Set(importedFiles.map((f) => resolveImport(file, f.fileName)).filter(Boolean))]);
    }
  }
  return graph;
}

/** Strongly connected components with a cycle (Tarjan), each as paths relative to the repository. */
export function findCycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node))
      cycles.push(component.map((f) => relative(ROOT, f)).sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folders = process.argv.slice(2);
  const cycles = findCycles(importGraph(folders.length ? folders : SOURCE_FOLDERS));
  for (const cycle of cycles) console.log(`cycle: ${cycle.join(' ⇄ ')}`);
  console.log(`${cycles.length} import cycle(s)`);
  process.exit(cycles.length === 0 ? 0 : 1);
}
