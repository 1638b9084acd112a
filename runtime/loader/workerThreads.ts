// What a recorded worker thread needs beyond a process's loader: its producer id, and its code when
// it was started with `eval: true` (Node runs that text with no module loader, so no hook sees it).
// Knows Node's worker bootstrap (lib/internal/main/worker_thread.js, the same on Node 20–24: the
// text is in process._eval while Module.prototype._compile compiles the '[worker eval]-wrapper'),
// nothing of the ring.
//
// Why each worker is its own producer with its own ring and drain thread (rather than sharing the
// process's drain): the hot path stays exactly the one a process has (a thread-local ring, no
// cross-thread claims), the collector already counts one producer per connection, and a worker
// that is terminated takes only its own drain with it — the collector ends that producer when the
// process exits, as it does for a killed child. The cost is one more thread per recorded worker.
import Module from 'node:module';
import { runInThisContext } from 'node:vm';
import { B } from '../recorder/builtins';
import { disguise } from '../recorder/functionText';
import { applyHidingOwnFrames } from '../recorder/ownFrames';
import { instrumentFile, type LoaderContext } from './instrumentFile';
import { restoreRegExpStatics, saveRegExpStatics } from './regexpStatics';

/** The name Node gives an eval worker's code in stacks; also its recorded path (no file has it). */
const WORKER_EVAL_PATH = '[worker eval]';
const WRAPPER_FILENAME = `${WORKER_EVAL_PATH}-wrapper`;
const WRAPPER_CALL = 'return (main) => main();';
const RUN_INSTRUMENTED = Symbol.for('rewind.workerEval');

/**
 * A worker's producer id in a trace both its process and its siblings append to: not 0 (the root
 * process), and apart from the process's own id ((pid & 0xffff) || 1) for every thread id.
 */
export function workerProducerId(pid: number, threadId: number): number {
  return (pid + threadId * 40503) & 0xffff || 0xffff;
}

interface CompilingModule {
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

/**
 * Instruments an eval worker's text. Node compiles an eval worker's '[worker eval]-wrapper' with
 * Module.prototype._compile before anything else; a file worker first resolves its entry with
 * Module._resolveFilename, which returns before the entry runs. So both are replaced until the
 * first of them is called, which puts Node's back (the program only ever sees Node's, and no
 * frame of ours is on the stack while a file worker's entry runs). When the eval wrapper comes
 * first, its `main()` (which would run the original text) runs the instrumented text instead,
 * under the same name.
 */
export function installWorkerEval(context: LoaderContext): void {
  const prototype = (Module as unknown as { prototype: CompilingModule }).prototype;
  const internals = Module as unknown as { _resolveFilename?: (...args: never[]) => unknown };
  const compileDescriptor = B.getOwnPropertyDescriptor(prototype, '_compile');
  const resolveDescriptor = B.getOwnPropertyDescriptor(internals, '_resolveFilename');
  const compile = compileDescriptor?.value as CompilingModule['_compile'] | undefined;
  const resolve = resolveDescriptor?.value as ((...args: never[]) => unknown) | undefined;
  if (!compileDescriptor || !resolveDescriptor || typeof compile !== 'function' || typeof resolve !== 'function')
    return;
  if (!compileDescriptor.writable || !resolveDescriptor.writable) return;
  const restore = () => {
    B.defineProperty(prototype, '_compile', compileDescriptor);
    B.defineProperty(internals, '_resolveFilename', resolveDescriptor);
  };
  const replacements = {
    _compile(this: unknown, content: string, filename: string, ...rest: unknown[]): unknown {
      restore();
      const text = (process as { _eval?: unknown })._eval;
      if (
        filename === WRAPPER_FILENAME &&
        typeof text === 'string' &&
        typeof content === 'string' &&
        content.includes(WRAPPER_CALL)
      ) {
        const code = instrumentEvalText(context, text);
        if (code !== undefined) {
          B.defineProperty(globalThis, RUN_INSTRUMENTED, {
            configurable: true,
            enumerable: false,
            value: () => {
              delete (globalThis as Record<symbol, unknown>)[RUN_INSTRUMENTED];
              return runInThisContext(code, { filename: WORKER_EVAL_PATH, displayErrors: true });
            },
          });
          content = content.replace(
            WRAPPER_CALL,
            `return (main) => globalThis[Symbol.for(${B.JSONStringify(RUN_INSTRUMENTED.description)})]();`,
          );
        }
      }
      return applyHidingOwnFrames(compile as (...args: never[]) => unknown, this, [content, filename, ...rest], 2);
    },
    _resolveFilename(this: unknown, ...args: unknown[]): unknown {
      restore();
      return B.apply(resolve, this, args);
    },
  };
  disguise(replacements._compile, compile);
  disguise(replacements._resolveFilename, resolve);
  B.defineProperty(prototype, '_compile', { ...compileDescriptor, value: replacements._compile });
  B.defineProperty(internals, '_resolveFilename', { ...resolveDescriptor, value: replacements._resolveFilename });
}

function instrumentEvalText(context: LoaderContext, text: string): string | undefined {
  // The worker's statics as Node's bootstrap left them, for the eval text to read.
  const statics = saveRegExpStatics();
  try {
    // No file and no root: the include/exclude globs cannot name it, so it is always recorded.
    // Its text goes into the FILE record: no reader could read it back from its name.
    return instrumentFile({ ...context, filter: () => true }, text, WORKER_EVAL_PATH, 'commonjs', true);
  } catch (error) {
    context.post({
      type: 'note',
      note: {
        level: 'error',
        message: `worker eval code runs uninstrumented: ${(error as Error).message}`,
        path: WORKER_EVAL_PATH,
      },
    });
    return undefined;
  } finally {
    restoreRegExpStatics(statics);
  }
}
