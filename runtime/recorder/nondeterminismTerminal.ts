// What a program knows of its terminal: whether stdin, stdout and stderr are terminals (tty.isatty,
// the streams' isTTY and class, and so whether console and util.inspect colour what they print)
// and an output terminal's size (columns and rows, which CLIs wrap help and tables to). A deferred
// run logs the three answers at start (read #4, after the process ids: tty.isatty, no stream made)
// and a terminal output's size when the program first touches that stream (Node sets it then). Its
// re-execution, whose descriptors are pipes to the expander, is made to look the same: tty.isatty
// answers the logged value for 0–2, and a stream that was a terminal is a tty stream in everything
// the program can see (tty.WriteStream's or tty.ReadStream's prototype, `columns`/`rows`, `isRaw`,
// `setRawMode`), its handle still the pipe the expander reads. A resize (format 3.16) reaches Node
// as SIGWINCH, whose listener (Node's, added when it made the stream; the signal's turn is logged
// by nondeterminismInput.ts) refreshes the size through the handle's getWindowSize: a deferred run
// logs each answer, and its re-execution gets Node's listener and a getWindowSize fed those
// answers, so Node's own _refreshSize sets `columns`/`rows` and emits 'resize' as it did. Knows
// Node's tty streams, not the log's encoding.
import tty from 'node:tty';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { whenCreated } from './output';
import { shapedLike } from './standIn';
import { replaceFunction, type AnyFunction } from './nondeterminismWrap';

/** Captured at load: a deferred run asks the real descriptors. */
const realIsatty = tty.isatty;
const TERMINAL = ndSourceId('terminal');
const TERMINAL_SIZE = ndSourceId('terminal size');
const TERMINAL_RESIZE = ndSourceId('terminal resize');
const STANDARD_FDS = 3;

/** Whether each of stdin, stdout and stderr (fds 0, 1, 2) is a terminal. */
type TerminalFacts = [boolean, boolean, boolean];
type WindowSize = [number | undefined, number | undefined];
/** What the handle's getWindowSize gave a refresh: its error number (0: none), columns and rows. */
type Refreshed = [number, number, number];

interface OutputStream {
  columns?: number;
  rows?: number;
  _type?: string;
  _handle?: object | null;
  _refreshSize?: () => void;
}

function askTerminal(): TerminalFacts {
  const ask = (fd: number): boolean => B.apply(realIsatty, tty, [fd] as never[]) === true;
  return [ask(0), ask(1), ask(2)];
}

/** A deferred run: logs the three answers, and each terminal output's size once it is made. */
export function logTerminal(tap: Tap): void {
  const facts = tap.read(TERMINAL, 'json', askTerminal, undefined, []) as TerminalFacts;
  const sized = (stream: OutputStream): void => {
    tap.read(TERMINAL_SIZE, 'json', (): WindowSize => [stream.columns, stream.rows], undefined, []);
    const handle = stream._handle as { getWindowSize?: unknown } | null | undefined;
    if (handle && typeof handle.getWindowSize === 'function') windowSizeThrough(tap, handle, handle.getWindowSize);
  };
  if (facts[1]) whenCreated('stdout', (stream) => sized(stream as OutputStream));
  if (facts[2]) whenCreated('stderr', (stream) => sized(stream as OutputStream));
}

/**
 * `handle.getWindowSize(size)` (Node's _refreshSize calls it on SIGWINCH) through the tap: a deferred
 * run logs what the real one gave; a re-execution, whose handle is a pipe, puts the logged answer
 * into `size` and returns its error number as the real one would.
 */
function windowSizeThrough(tap: Tap, handle: object, real: unknown): void {
  const getWindowSize = shapedLike(real as AnyFunction, (self, args) => {
    const size = args[0] as number[];
    const [error, columns, rows] = tap.read(
      TERMINAL_RESIZE,
      'json',
      (): Refreshed => {
        const status = B.apply(real as AnyFunction, self, args as never[]) as number;
        return [status, size[0], size[1]];
      },
      undefined,
      [],
    ) as Refreshed;
    size[0] = columns;
    size[1] = rows;
    return error;
  });
  B.defineProperty(handle, 'getWindowSize', { configurable: true, writable: true, value: getWindowSize });
}

/** The first trace format minor (3.x) whose deferred run logs the window sizes a resize refreshes. */
const RESIZES_LOGGED_SINCE_MINOR = 16;

/**
 * A re-execution: the program sees the deferred run's terminal. `logged`: whether the log has it
 * (format 3.14's did not: the re-execution keeps its pipes, as before). `logMinor`: the log's format
 * minor; before 3.16 a resize's size was not logged, and the re-execution keeps its first size.
 */
export function feedTerminal(tap: Tap, logged: boolean, logMinor: number): void {
  if (!logged) return;
  const resizesLogged = logMinor >= RESIZES_LOGGED_SINCE_MINOR;
  const facts = tap.read(TERMINAL, 'json', askTerminal, undefined, []) as TerminalFacts;
  replaceFunction(tty, 'isatty', (real) =>
    shapedLike(real, (self, args) => {
      const fd = args[0];
      if (typeof fd === 'number' && fd >= 0 && fd < STANDARD_FDS && B.NumberIsInteger(fd)) return facts[fd];
      return B.apply(real, self, args as never[]);
    }),
  );
  const asTerminal = (stream: OutputStream): void => {
    const [columns, rows] = tap.read(TERMINAL_SIZE, 'json', () => [undefined, undefined], undefined, []) as WindowSize;
    B.setPrototypeOf(stream, tty.WriteStream.prototype);
    setData(stream, '_type', 'tty');
    if (columns !== undefined) setData(stream, 'columns', columns);
    if (rows !== undefined) setData(stream, 'rows', rows);
  };
  // Node adds its SIGWINCH listener to a tty stream as it makes it: the pipe made here had none.
  if (facts[1])
    whenCreated('stdout', (stream) => {
      asTerminal(stream as OutputStream);
      if (resizesLogged)
        refreshedOnResize(tap, stream as OutputStream, function refreshStdoutOnSigWinch() {
          (stream as OutputStream)._refreshSize?.();
        });
    });
  if (facts[2])
    whenCreated('stderr', (stream) => {
      asTerminal(stream as OutputStream);
      if (resizesLogged)
        refreshedOnResize(tap, stream as OutputStream, function refreshStderrOnSigWinch() {
          (stream as OutputStream)._refreshSize?.();
        });
    });
  if (facts[0]) whenCreated('stdin', (stream) => asTerminalInput(stream));
}

/** A fed getWindowSize on the stream's pipe handle, and Node's SIGWINCH listener that refreshes through it. */
function refreshedOnResize(tap: Tap, stream: OutputStream, listener: () => void): void {
  const handle = stream._handle;
  if (!handle || typeof handle !== 'object') return;
  windowSizeThrough(tap, handle, (handle as { getWindowSize?: unknown }).getWindowSize ?? pipeWindowSize);
  process.on('SIGWINCH', listener);
}

/** What a pipe's handle lacks: a re-execution is always fed, so this only gives the wrapper its shape. */
function pipeWindowSize(this: unknown, _size: number[]): number {
  return 0;
}

/** stdin as a tty.ReadStream: not raw, and setRawMode only records the mode (a pipe has none). */
function asTerminalInput(stream: object): void {
  B.setPrototypeOf(stream, tty.ReadStream.prototype);
  setData(stream, 'isRaw', false);
  setData(stream, 'isTTY', true);
  const handle = (stream as { _handle?: Record<string, unknown> | null })._handle;
  if (handle && typeof handle === 'object' && !('setRawMode' in handle))
    B.defineProperty(handle, 'setRawMode', { configurable: true, writable: true, value: () => 0 });
}

/** An own data property, as Node's tty constructors make them. */
function setData(target: object, key: string, value: unknown): void {
  B.defineProperty(target, key, { configurable: true, enumerable: true, writable: true, value });
}
