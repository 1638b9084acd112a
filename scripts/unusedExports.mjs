// Exports nobody else references: for each name a source file exports (runtime, debug-adapter,
// extension, webview, protocol), whether any OTHER file — source, tests, scripts — names it. By
// identifier, not by type resolution: a name another file merely mentions counts as used, so the
// list errs on the side of keeping code. Prints "file: name (used in its file | unused)".
// Usage: node scripts/unusedExports.mjs
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FOLDERS = ['runtime', 'debug-adapter', 'extension', 'webview', 'protocol'];
const READER_FOLDERS = [...SOURCE_FOLDERS, 'test', 'scripts'];
const SKIP = new Set(['node_modules', 'dist', 'fixtures', 'out', '.cache']);

function filesUnder(folder, extensions) {
  const found = [];
  const walk = (path) => {
    for (const name of readdirSync(path)) {
      if (SKIP.has(name)) continue;
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (extensions.some((extension) => name.endsWith(extension)) && !name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(join(root, folder));
  return found;
}

/** Names a file exports itself (declarations and `export { a, b }` of its own bindings; not re-exports). */
function exportedNames(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const names = [];
  for (const statement of source.statements) {
    const exported = ts.getModifiers?.(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement)) {
      if (statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) names.push(element.name.text);
      continue;
    }
    if (!exported) continue;
    if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    )
      names.push(statement.name.text);
  }
  return names;
}

const identifier = /[A-Za-z_$][\w$]*/g;
const readers = READER_FOLDERS.flatMap((folder) => filesUnder(folder, ['.ts', '.mts', '.mjs', '.tsx', '.js']));
const texts = new Map(readers.map((file) => [file, readFileSync(file, 'utf8')]));
/** identifier → how many files name it */
const fileCount = new Map();
const ownCount = new Map();
for (const [file, text] of texts) {
  const seen = new Map();
  for (const match of text.matchAll(identifier)) seen.set(match[0], (seen.get(match[0]) ?? 0) + 1);
  ownCount.set(file, seen);
  for (const name of seen.keys()) fileCount.set(name, (fileCount.get(name) ?? 0) + 1);
}

const results = [];
for (const folder of SOURCE_FOLDERS)
  for (const file of filesUnder(folder, ['.ts', '.tsx'])) {
    const text = texts.get(file) ?? readFileSync(file, 'utf8');
    for (const name of exportedNames(file, text)) {
      const own = ownCount.get(file)?.get(name) ?? 0;
      if ((fileCount.get(name) ?? 0) - (own > 0 ? 1 : 0) > 0) continue;
      results.push(`${relative(root, file)}: ${name} (${own > 1 ? 'used in its file' : 'unused'})`);
    }
  }
console.log(results.sort().join('\n'));
console.error(`${results.length} exports no other file names`);
