// What a program knows of its terminal: whether stdin, stdout and stderr are terminals (tty.isatty,
// the streams' isTTY and class, and so whether console and util.inspect colour what they print)
// and an output terminal's size (columns and rows, which CLIs wrap help and tables to). A deferred
// run logs the three answers at start (read #4, after the process ids: tty.isatty, no stream made)
// and a terminal output's size when the program first touches that stream (Node sets it then). Its
// re-execution, whose descriptors are pipes to the expander, is made to look the same: tty.isatty
// answers the logged value for 0–2, and a stream that was a terminal is a tty stream in everything
// the program can see (tty.WriteStream's or tty.ReadStream's prototype, `columns`/`rows`, `isRaw`,
// `setRawMode`), its handle still the pipe the expander reads. Size changes after that are not
// logged. Knows Node's tty streams, not the log's encoding.
import tty from 'node:tty';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { whenCreated } from './output';
import { shapedLike } from './standIn';
import { replaceFunction } from './nondeterminismWrap';

/** Captured at load: a deferred run asks the real descriptors. */
const realIsatty = tty.isatty;
const TERMINAL = ndSourceId('terminal');
const TERMINAL_SIZE = ndSourceId('terminal size');
const STANDARD_FDS = 3;

/** Whether each of stdin, stdout and stderr (fds 0, 1, 2) is a terminal. */
type TerminalFacts = [boolean, boolean, boolean];
type WindowSize = [number | undefined, number | undefined];

interface OutputStream {
  columns?: number;
  rows?: number;
  _type?: string;
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
  };
  if (facts[1]) whenCreated('stdout', (stream) => sized(stream as OutputStream));
  if (facts[2]) whenCreated('stderr', (stream) => sized(stream as OutputStream));
}

/**
 * A re-execution: the program sees the deferred run's terminal. `logged`: whether the log has it
 * (format 3.14's did not: the re-execution keeps its pipes, as before).
 */
export function feedTerminal(tap: Tap, logged: boolean): void {
  if (!logged) return;
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
  if (facts[1]) whenCreated('stdout', (stream) => asTerminal(stream as OutputStream));
  if (facts[2]) whenCreated('stderr', (stream) => asTerminal(stream as OutputStream));
  if (facts[0]) whenCreated('stdin', (stream) => asTerminalInput(stream));
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
