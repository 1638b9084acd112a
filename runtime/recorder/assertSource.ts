// Node 20's `assert(expr)` message as a plain run prints it (issue 14 item 5): "The expression
// evaluated to a falsy value: assert(a === 1)". Node 20 finds that text itself: it takes the raw
// CallSite of the assert call (V8's instrumented line and column, through a private override no
// formatter of ours sees), opens the file by name and parses the expression found at that column
// of that line. For an instrumented file the column is the instrumented one, so it named the wrong
// text. Node's assert code keeps its own copy of `fs.openSync`, taken when it first loads: loaded
// here, before user code, while `fs.openSync` is our stand-in (put back right after, so the program
// never sees it), that copy is ours. For an instrumented file the stand-in answers with a private,
// unlinked temporary file holding the user's source laid out so that the expression Node looks for
// starts at the instrumented position; anything else opens as before. Node 24 maps positions itself.
// Knows Node 20's reading of assert sources and source-map entries; not recording, not stacks' text.
import fs from 'node:fs';
import os from 'node:os';
import { isatty, WriteStream } from 'node:tty';
import { B } from './builtins';
import { disguise } from './functionText';
import { rawCallSites } from './stackFormat';

/** What the stand-in needs of the loaders: which files are instrumented, and their source maps. */
export interface AssertSources {
  isInstrumented(fileName: string): boolean;
  findSourceMap(fileName: string): object | undefined;
  findEntry: (line0: number, column0: number) => { originalLine?: number; originalColumn?: number };
}

type OpenSync = (path: unknown, flags?: unknown, mode?: unknown) => number;
type Method = (this: unknown) => unknown;

// Captured at module evaluation, before user code (INS-25).
const { openSync, readFileSync, writeSync, unlinkSync, closeSync } = fs;
const { tmpdir } = os;
const bufferFrom = Buffer.from;
const FILE_URL = 'file://';
/** Frames to look through for the assert call: ours, getErrMessage, innerOk, ok, then the caller. */
const STACK_LIMIT = 12;
let temporaries = 0;

/** Node 20 only: Node 24 maps the CallSite itself (and loads its assert code another way). */
export function installAssertSource(sources: AssertSources): void {
  const major = Number(B.stringSlice(process.versions.node, 0, B.stringIndexOf(process.versions.node, '.')));
  if (major !== 20) return;
  const descriptor = B.getOwnPropertyDescriptor(fs, 'openSync');
  if (!descriptor || !descriptor.writable || !descriptor.configurable || descriptor.value !== openSync) return;
  const standIn = {
    openSync(this: unknown, path: unknown, flags?: unknown, mode?: unknown): number {
      const fd = typeof path === 'string' && sources.isInstrumented(path) ? laidOut(sources, path) : -1;
      return fd >= 0 ? fd : B.apply(openSync as OpenSync, this, [path, flags, mode] as never[]);
    },
  }.openSync;
  disguise(standIn, openSync);
  // Node's colour helper, loaded with assert, asks `process.stderr.isTTY`, and that getter opens
  // stderr's handle (a PipeWrap a plain run never makes, left at 'beforeExit'). It reads a stand-in
  // instead, which answers what it reads: not a terminal, or a terminal and its colour depth (which
  // only the environment decides). A terminal's real stream made here would also have added Node's
  // SIGWINCH listener before any hook of ours, so a deferred run never saw a resize's signal.
  const stderr = B.getOwnPropertyDescriptor(process, 'stderr');
  const standsIn = stderr?.get !== undefined && stderr.configurable === true;
  const stderrStandIn = isatty(2)
    ? { isTTY: true, getColorDepth: WriteStream.prototype.getColorDepth }
    : { isTTY: false };
  try {
    B.defineProperty(fs, 'openSync', { ...descriptor, value: standIn });
    if (standsIn) B.defineProperty(process, 'stderr', { configurable: true, value: stderrStandIn });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads Node's internal/assert/utils now
    require('node:assert');
  } catch {
    // Never in the way of the program: Node's copy is then the plain one.
  } finally {
    if (standsIn) B.defineProperty(process, 'stderr', stderr!);
    B.defineProperty(fs, 'openSync', descriptor);
  }
}

/**
 * An fd on the user's source of `path`, laid out so that the instrumented line and column of the
 * assert call (the first frame in `path` below us) hold the user's expression; -1 when unknown.
 */
function laidOut(sources: AssertSources, path: string): number {
  try {
    const site = callerIn(path);
    if (!site) return -1;
    const map = sources.findSourceMap(site.fileName);
    if (!map) return -1;
    const entry = B.apply(sources.findEntry, map, [site.line - 1, site.column - 1]);
    const { originalLine, originalColumn } = entry;
    if (typeof originalLine !== 'number' || typeof originalColumn !== 'number') return -1;
    const shift = site.column - 1 - originalColumn;
    if (shift < 0) return -1;
    const source = readFileSync(path, 'utf8');
    return temporaryWith(layout(source, site.line - 1, originalLine, shift));
  } catch {
    return -1;
  }
}

/** `line0` empty lines, then the source from `originalLine0` on, every line `shift` spaces further right. */
function layout(source: string, line0: number, originalLine0: number, shift: number): string {
  let pad = '';
  for (let i = 0; i < shift; i++) pad += ' ';
  let text = '';
  for (let i = 0; i < line0; i++) text += '\n';
  let at = 0;
  for (let line = 0; line < originalLine0 && at >= 0; line++) {
    const end = B.stringIndexOf(source, '\n', at);
    at = end < 0 ? -1 : end + 1;
  }
  if (at < 0) return text;
  while (at >= 0) {
    const end = B.stringIndexOf(source, '\n', at);
    text += pad + (end < 0 ? B.stringSlice(source, at) : B.stringSlice(source, at, end + 1));
    at = end < 0 ? -1 : end + 1;
  }
  return text;
}

/** A private file holding `text`, already unlinked, its offset at 0 (positional write). */
function temporaryWith(text: string): number {
  const path = `${tmpdir()}/rewind-assert-${process.pid}-${B.dateNow()}-${temporaries++}`;
  const fd = openSync(path, 'wx+', 0o600);
  try {
    unlinkSync(path);
    const bytes = bufferFrom(text, 'utf8');
    writeSync(fd, bytes, 0, bytes.length, 0);
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The file name and raw (instrumented) position, 1-based, of the first frame in `path` on the current stack. */
function callerIn(path: string): { fileName: string; line: number; column: number } | undefined {
  const sites = rawCallSites(STACK_LIMIT);
  if (!sites) return undefined;
  const url = `${FILE_URL}${path}`;
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i] as Record<string, Method>;
    const prototype = B.getPrototypeOf(site) as Record<string, Method>;
    const fileName = B.apply(prototype.getFileName, site, []);
    if (fileName !== path && fileName !== url) continue;
    const line = B.apply(prototype.getLineNumber, site, []);
    const column = B.apply(prototype.getColumnNumber, site, []);
    return typeof line === 'number' && typeof column === 'number' ? { fileName, line, column } : undefined;
  }
  return undefined;
}
