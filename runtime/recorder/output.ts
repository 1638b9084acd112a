// Console output as OUTPUT events: wraps process.stdout.write / process.stderr.write so every
// chunk is recorded at its step position, then passes the call through unchanged (same this,
// same arguments, same return value). Knows streams and text, not the ring.
import { OutputStream } from '../format/events';
import { B } from './builtins';
import { disguise } from './functionText';
import { applyHidingOwnFrames } from './ownFrames';

type Write = (...args: unknown[]) => boolean;

/**
 * Told the chunk of each stderr write while set: a deferred run learns what execSync passed on of
 * its child's stderr (nondeterminismChildren.ts), which it returns nowhere else.
 */
let stderrObserver: ((chunk: unknown) => void) | undefined;

/** Sets (or, with undefined, clears) the stderr observer; returns the one it replaces. */
export function observeStderr(observer: ((chunk: unknown) => void) | undefined): typeof observer {
  const previous = stderrObserver;
  stderrObserver = observer;
  return previous;
}

export function captureOutput(record: (stream: 1 | 2, text: string) => void): void {
  whenCreated('stdout', (stream) => wrap(stream, OutputStream.STDOUT, record));
  whenCreated('stderr', (stream) => wrap(stream, OutputStream.STDERR, record));
}

/**
 * process.stdout/stderr are created lazily by Node on first access; creating them at boot would
 * change what a program observes (INS-26). Wrap the getter instead and the stream on first use.
 */
export function whenCreated<Name extends 'stdout' | 'stderr' | 'stdin'>(
  name: Name,
  onCreate: (stream: NodeJS.Process[Name]) => void,
): void {
  const descriptor = B.getOwnPropertyDescriptor(process, name);
  if (!descriptor || typeof descriptor.get !== 'function' || !descriptor.configurable) {
    onCreate(process[name]);
    return;
  }
  const get = descriptor.get;
  let wrapped = false;
  B.defineProperty(process, name, {
    configurable: true,
    enumerable: descriptor.enumerable,
    set: descriptor.set,
    get: function stdioGetter(this: unknown) {
      const stream = B.apply(get, this, []) as NodeJS.Process[Name];
      if (!wrapped) {
        wrapped = true;
        onCreate(stream);
      }
      return stream;
    },
  });
}

function wrap(stream: NodeJS.WriteStream, code: 1 | 2, record: (stream: 1 | 2, text: string) => void): void {
  const original = stream.write as unknown as Write;
  let inside = false;
  const write = function write(this: unknown, ...args: unknown[]): boolean {
    if (code === OutputStream.STDERR && stderrObserver !== undefined) stderrObserver(args[0]);
    if (!inside) {
      inside = true;
      try {
        const text = chunkText(args[0]);
        if (text !== undefined) record(code, text);
      } catch {
        // recording output must never disturb it
      } finally {
        inside = false;
      }
    }
    // Two frames of ours (this one, applyHidingOwnFrames): never in the stack of an error a write throws.
    return applyHidingOwnFrames(original, this, args, 2) as boolean;
  };
  disguise(write, original);
  stream.write = write as unknown as typeof stream.write;
}

function chunkText(chunk: unknown): string | undefined {
  if (typeof chunk === 'string') return chunk;
  if (B.isBuffer(chunk)) return B.bufferToString(chunk, 'utf8');
  return undefined;
}
