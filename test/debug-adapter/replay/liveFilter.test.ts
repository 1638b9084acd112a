// Compiling a live breakpoint's condition for the recorder (debug-adapter/replay/liveFilter.ts),
// for closures' variables (issue 13): a binding of an enclosing function compiles with that
// function's activations so far when it has one instance per activation and the recording holds
// every frame; a block's binding (a loop's `let`, one per iteration, a module's top-level loop's
// too) or an incomplete recording leaves the condition to the adapter.
import { describe, expect, it } from 'vitest';
import { producerProbeId, type ProducerProbeId } from '../../../runtime/format';
import { instrument } from '../../../runtime/instrument';
import { compileLiveFilters, type ActivationsSeen } from '../../../debug-adapter/replay/liveFilter';
import { ProbeTable } from '../../../debug-adapter/trace/probeTable';

const SOURCE = [
  'function outer(step) {', // 1
  '  let total = 0;',
  '  for (let i = 0; i < 3; i++) {',
  '    setTimeout(() => {',
  '      total += step + i;', // 5: in a closure
  '    });',
  '  }',
  '  return total;', // 8: outer's own
  '}',
  'async function later(limit) {', // 10
  '  let count = 0;',
  '  return () => {',
  '    count++;', // 13: in a closure of an async function
  '  };',
  '}',
  'for (let j = 0; j < 3; j++) {', // 16
  '  setTimeout(() => {',
  '    console.log(j);', // 18: a closure over a module loop's `let`
  '  });',
  '  console.log(j);', // 20: the loop's own body
  '}',
].join('\n');
const BASE = 100;

function table(): ProbeTable {
  const result = instrument(SOURCE, { filename: '/app/closures.js' });
  if (!result) throw new Error('not instrumented');
  const probes = new ProbeTable();
  probes.addFile({
    path: '/app/closures.js',
    sourceHash: 'x',
    sourceType: 'commonjs',
    level: 'full',
    probes: result.probes.probes,
    probeBase: BASE,
  });
  return probes;
}

/** The step probe of the statement starting on `line1`. */
function stepAt(probes: ProbeTable, line1: number): ProducerProbeId {
  const file = probes.allFiles()[0];
  const local = file.probes.findIndex((probe) => probe.kind === 'statement' && probe.range.start.line1 === line1);
  return producerProbeId(file.probeBase, local);
}

function functionProbe(probes: ProbeTable, name: string): number {
  const file = probes.allFiles()[0];
  return file.probeBase + file.probes.findIndex((probe) => probe.kind === 'function' && probe.functionName === name);
}

const seen = (counts: Record<number, number>, frames = 40): ActivationsSeen => ({
  frames,
  of: (probe) => counts[probe] ?? 0,
});

function compile(line1: number, condition: string, activations?: ActivationsSeen) {
  const probes = table();
  return compileLiveFilters(probes, {
    id: 1,
    probes: [stepAt(probes, line1)],
    condition,
    hitsSoFar: () => 0,
    activations,
  });
}

describe('live filters over closures’ variables', () => {
  it("compile a binding of an enclosing function's own scope with its activations so far", () => {
    const probes = table();
    const outer = functionProbe(probes, 'outer');
    const [filter] = compile(5, 'total > 10 && step === 2', seen({ [outer]: 1 }))!;
    expect(filter.owners).toEqual([outer, outer]);
    expect(filter.enclosing).toEqual([1, 1]);
    expect(filter.framesSeen).toBe(40);
    expect(filter.bindings.every((writes) => writes.length > 0)).toBe(true);
  });

  it('leave a block’s binding (a new `i` each iteration) to the adapter', () => {
    const probes = table();
    expect(compile(5, 'i === 2', seen({ [functionProbe(probes, 'outer')]: 1 }))).toBeUndefined();
  });

  it("leave a module loop's `let` read in a callback to the adapter (its own body reads the latest)", () => {
    // Each iteration has its own `j`: the callbacks run after the loop wrote 3, and see 0, 1, 2.
    expect(compile(18, 'j === 0', seen({}))).toBeUndefined();
    const [filter] = compile(20, 'j === 0', seen({}))!;
    expect(filter.bindings).toHaveLength(1);
  });

  it('leave them to the adapter when the recording does not hold every frame', () => {
    expect(compile(5, 'total > 10')).toBeUndefined();
  });

  it('compile an async function’s, whose closures the count decides too', () => {
    const probes = table();
    const later = functionProbe(probes, 'later');
    const [filter] = compile(13, 'count === 3', seen({ [later]: 0 }))!;
    expect(filter.owners).toEqual([later]);
    expect(filter.enclosing).toEqual([0]);
  });

  it("a function's own bindings carry no count", () => {
    const probes = table();
    const [filter] = compile(8, 'total === 3', seen({ [functionProbe(probes, 'outer')]: 5 }))!;
    expect(filter.enclosing).toBeUndefined();
    expect(filter.framesSeen).toBeUndefined();
  });
});
