// A producer that reaches its exit before its drain thread has started drains its ring itself.
// A worker takes 70–140 ms to start on Node 22 and 24 (longer on two busy cores), and a program
// shorter than that waited at its exit for the thread to start, open the file, say hello to the
// collector and write: ~25–65 ms of every short recorded process (docs/PERFORMANCE.md, "Session
// 36"). Instead the producer claims the ring (layout.ts DRAIN_CLAIM) and appends its records to
// the trace file from its own thread, with the Drain evaluated in a private realm
// (exitDrainBundle.ts, embedded as text by the build) so that none of the program's builtins is
// consulted (INS-25). The collector finds the producer's END in the file (unannouncedProducers.ts).
// Knows how to make the realm and reach the file; not what draining does.
import { createContext, runInContext } from 'node:vm';
import { capturedFs } from '../capturedNode';
import { monotonicMs } from './monotonicClock';
import type { ExitDrainHost, ExitDrainInput } from './exitDrainBundle';

/** The bundle's text (scripts/exitDrainRealmBuild.cjs); undefined when unbundled (vitest): no exit drain then. */
declare const __REWIND_EXIT_DRAIN_SOURCE__: string | undefined;

// Captured when this module is evaluated, before any user code: the program may replace them.
const makeContext = createContext;
const evaluateIn = runInContext;
const { create } = Object;

/** This build carries the bundle (the recorder's body does; the unbundled sources do not). */
export function exitDrainBuilt(): boolean {
  return typeof __REWIND_EXIT_DRAIN_SOURCE__ === 'string';
}

/**
 * Appends the producer's records (PRODUCER, its FILEs and NOTEs, the ring's events, END) to
 * `outFile`. Returns why they could not all be written, or undefined.
 */
export function drainAtExit(outFile: string, input: ExitDrainInput): string | undefined {
  if (typeof __REWIND_EXIT_DRAIN_SOURCE__ !== 'string') return 'the exit drain is not built in';
  let fd: number;
  try {
    fd = capturedFs.openSync(outFile, 'a', 0o600);
  } catch (error) {
    return `cannot open the trace file: ${(error as Error).message}`;
  }
  try {
    const context = makeContext(create(null) as object);
    const module = evaluateIn('({ exports: {} })', context) as {
      exports: { drainAtExit?: (host: ExitDrainHost, input: ExitDrainInput) => string | undefined };
    };
    (
      evaluateIn(`(function (module, exports) {${__REWIND_EXIT_DRAIN_SOURCE__}\n})`, context, {
        filename: 'rewind:exit-drain',
      }) as (module: unknown, exports: unknown) => void
    )(module, module.exports);
    const drain = module.exports.drainAtExit;
    if (typeof drain !== 'function') return 'the exit drain did not load';
    return drain(fileHost(fd, outFile), input);
  } catch (error) {
    return (error as Error).message;
  } finally {
    try {
      capturedFs.closeSync(fd);
    } catch {
      // closed already: nothing was left to write
    }
  }
}

/** The realm's way to the file and its disk, through fs functions captured before the program ran. */
function fileHost(fd: number, path: string): ExitDrainHost {
  return {
    writev: (chunks) => capturedFs.writevSync(fd, chunks),
    write: (bytes, offset, length) => capturedFs.writeSync(fd, bytes, offset, length),
    diskSpace() {
      try {
        const space = capturedFs.statfsSync(path);
        return { totalBytes: space.blocks * space.bsize, availableBytes: space.bavail * space.bsize };
      } catch {
        return undefined;
      }
    },
    monotonicMs,
  };
}
