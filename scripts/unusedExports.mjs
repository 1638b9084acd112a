// Exports nobody else references: for each name a source file exports (runtime, debug-adapter,
// extension, webview, protocol), whether any OTHER file — source, tests, scripts — names it. By
// identifier, not by type resolution: a name another file merely mentions counts as used, so the
// list errs on the side of keeping code. test/architecture/unusedExports.test.ts holds the rule: no
// export is dead, and no value is exported for its own file alone (a type may be: it names part of
// an exported signature). Usage: node scripts/unusedExports.mjs — prints "file: name (kind, …)".
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
      const kind = statement.isTypeOnly ? 'type' : 'value';
      for (const element of statement.exportClause.elements) names.push({ name: element.name.text, kind });
      continue;
    }
    if (!exported) continue;
    if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push({ name: declaration.name.text, kind: 'value' });
    if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    )
      names.push({ name: statement.name.text, kind: 'value' });
    if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name)
      names.push({ name: statement.name.text, kind: 'type' });
  }
  return names;
}

const identifier = /[A-Za-z_$][\w$]*/g;

/**
 * `texts`: every file that may name an export (path → text); `sources`: the files whose exports are
 * checked. Returns each export no other file names: `usedInFile` when its own file uses it.
 */
export function findUnusedExports(texts, sources) {
  const fileCount = new Map();
  const ownCount = new Map();
  for (const [file, text] of texts) {
    const seen = new Map();
    for (const match of text.matchAll(identifier)) seen.set(match[0], (seen.get(match[0]) ?? 0) + 1);
    ownCount.set(file, seen);
    for (const name of seen.keys()) fileCount.set(name, (fileCount.get(name) ?? 0) + 1);
  }
  const results = [];
  for (const file of sources) {
    for (const { name, kind } of exportedNames(file, texts.get(file))) {
      const own = ownCount.get(file)?.get(name) ?? 0;
      if ((fileCount.get(name) ?? 0) - (own > 0 ? 1 : 0) > 0) continue;
      results.push({ file: relative(root, resolve(root, file)), name, kind, usedInFile: own > 1 });
    }
  }
  return results.sort((a, b) => `${a.file}:${a.name}`.localeCompare(`${b.file}:${b.name}`));
}

/** The project's own sources and readers. */
export function projectUnusedExports() {
  const readers = READER_FOLDERS.flatMap((folder) => filesUnder(folder, ['.ts', '.mts', '.mjs', '.tsx', '.js']));
  const texts = new Map(readers.map((file) => [file, readFileSync(file, 'utf8')]));
  const sources = SOURCE_FOLDERS.flatMap((folder) => filesUnder(folder, ['.ts', '.tsx']));
  return findUnusedExports(texts, sources);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = projectUnusedExports();
  for (const { file, name, kind, usedInFile } of results)
    console.log(`${file}: ${name} (${kind}, ${usedInFile ? 'used in its file' : 'unused'})`);
  console.error(`${results.length} exports no other file names`);
}
