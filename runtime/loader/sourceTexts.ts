// Which source a source mark's token names (runtime/format/sourceMark.ts): loaders register each
// instrumented file (token → path, module kind) — in-thread directly, the off-thread ESM loader by
// message, read synchronously on demand. The text is read from disk only when a function of that
// file is stringified, verified against the token (a changed file yields nothing) and kept.
// TypeScript comes back as the JavaScript Node would run (types blanked, same offsets). The paths
// registered also say which files' stack frames are instrumented code's (isInstrumentedFile).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { sourceToken } from '../format/sourceMark';
import { isTypeScriptFile } from '../instrument/typescript/fileNames';
import { B } from '../recorder/builtins';
import { sha256 } from './cache';
import { stripTypeScriptPrivately } from './instrumentRealm';
import { restoreRegExpStatics, saveRegExpStatics } from './regexpStatics';
import { typeScriptOptions } from './tsconfig';

type SourceType = 'commonjs' | 'module';
/** What an off-thread loader posts: [token, path, sourceType]. */
export type SourceRegistration = readonly [string, string, SourceType];

interface SourceFile {
  path: string;
  sourceType: SourceType;
  text?: string | null;
}

const files = new B.Map<string, SourceFile>();
/** Every instrumented file's path (two files with one text share a token, not a path). */
const paths = new B.Set<string>();
const inboxes = B.list<MessagePort>();
const readText = readFileSync;
const toPath = fileURLToPath;

/**
 * `text`: the code as Node ran it when that is not the file's text (a test runner's transformed
 * module, vmModules.ts); else it is read from `path` on first use.
 */
export function registerSource(token: string, path: string, sourceType: SourceType, text?: string): void {
  if (path) B.setAdd(paths, path);
  if (token && !B.mapHas(files, token))
    B.mapSet(files, token, text === undefined ? { path, sourceType } : { path, sourceType, text });
}

/** Whether the loaders instrumented `fileName` (a path, or a file: URL as ES module stacks name it). */
export function isInstrumentedFile(fileName: string): boolean {
  let path = fileName;
  if (B.stringSlice(fileName, 0, 5) === 'file:') {
    try {
      path = toPath(fileName);
    } catch {
      return false;
    }
  }
  if (B.setHas(paths, path)) return true;
  takePosted();
  return B.setHas(paths, path);
}

/** Registrations posted on `port` are taken when a lookup misses. */
export function receiveSourcesFrom(port: MessagePort): void {
  port.unref();
  B.listPush(inboxes, port);
}

function takePosted(): void {
  for (let i = 0; i < inboxes.length; i++) {
    const port = inboxes[i];
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      const [token, path, sourceType] = message.message as SourceRegistration;
      registerSource(token, path, sourceType);
    }
  }
}

/** The JavaScript text of the file `token` names, or undefined (unknown, unreadable, changed since). */
export function sourceText(token: string): string | undefined {
  let file = B.mapGet(files, token) as SourceFile | undefined;
  if (!file) {
    takePosted();
    file = B.mapGet(files, token) as SourceFile | undefined;
    if (!file) return undefined;
  }
  if (file.text === undefined) file.text = readVerified(file, token);
  return file.text ?? undefined;
}

/** Read when the program stringifies a function: its RegExp statics come out as they went in. */
function readVerified(file: SourceFile, token: string): string | null {
  const statics = saveRegExpStatics();
  try {
    const source = readText(file.path, 'utf8');
    if (sourceToken(sha256(source)) !== token) return null;
    return isTypeScriptFile(file.path)
      ? stripTypeScriptPrivately(source, file.path, file.sourceType, typeScriptOptions(file.path))
      : source;
  } catch {
    return null;
  } finally {
    restoreRegExpStatics(statics);
  }
}
