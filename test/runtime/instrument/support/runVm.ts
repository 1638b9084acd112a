// Runs a snippet plain and instrumented inside node:vm contexts (CommonJS-like: a function body
// with `log`), so spec rows can compare what each printed and inspect the recorded calls.
import { runInNewContext } from 'node:vm';
import { instrument, bindProbeBase, type InstrumentResult } from '../../../../runtime/instrument';
import { createStubRecorder, type Call } from './stubRecorder';

export interface VmRun {
  logs: string[];
  error: string | undefined;
}

export interface InstrumentedRun extends VmRun {
  calls: Call[];
  result: InstrumentResult;
}

function show(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'bigint'
      ? `${value}n`
      : Object.is(value, -0)
        ? '-0'
        : String(value);
}

function execute(code: string, globals: Record<string, unknown>): VmRun {
  const logs: string[] = [];
  const log = (...values: unknown[]): void => {
    logs.push(values.map(show).join(' '));
  };
  let error: string | undefined;
  try {
    // A function body, like a CommonJS module: top-level `return` and `arguments` work.
    runInNewContext(`(function () {${code}\n}).call(this)`, { log, ...globals }, { filename: 'snippet.js' });
  } catch (e) {
    error =
      e instanceof Error || (typeof e === 'object' && e && 'name' in e)
        ? `${(e as Error).name}: ${(e as Error).message}`
        : String(e);
  }
  return { logs, error };
}

export function runPlain(code: string): VmRun {
  return execute(code, {});
}

export function instrumentSnippet(code: string, level: 'full' | 'calls' = 'full'): InstrumentResult {
  const result = instrument(code, { filename: '/snippet.js', sourceType: 'commonjs', level });
  if (!result) throw new Error('snippet did not parse');
  return result;
}

export function runInstrumented(code: string, level: 'full' | 'calls' = 'full'): InstrumentedRun {
  return runInstrumentedCode(instrumentSnippet(code, level));
}

/** Runs an already instrumented result with a fresh stub recorder under its runtime name. */
export function runInstrumentedCode(result: InstrumentResult): InstrumentedRun {
  const recorder = createStubRecorder();
  const run = execute(bindProbeBase(result.code, 0), { [result.runtimeName]: recorder });
  return { ...run, calls: recorder.calls, result };
}
