// APPEND events in a built trace (format 3.9): the value replay shows is the binding's last WRITE
// followed by the parts, with the length the APPEND carries; anything that breaks the chain (a
// loss marker, an earlier value that is not a string, a length that does not add up: a write no
// event recorded) shows "not recorded", never a wrong string. Real recordings: appendedStrings.test.ts.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { scopeWord } from '../../../runtime/format';
import { TraceBuilder, truncated } from '../../support/traceBuilder';

function valueOf(engine: ReplayEngine, step: number, name: string): string | undefined {
  engine.gotoStep(step);
  const frame = engine.stackTrace().frames[0];
  for (const scope of engine.scopes(frame.id))
    for (const row of engine.variables({ variablesReference: scope.variablesReference }))
      if (row.name === name) return row.value;
  return undefined;
}

/** A module whose binding `s` is written, appended to, and then whatever `middle` adds, one statement each. */
function program(middle: (b: TraceBuilder, ws: number, step: () => void) => void): ReplayEngine {
  const builder = new TraceBuilder();
  const b = builder.file('/app/main.js');
  const module = b.module({ line: 1, endLine: 20 });
  const ws = b.writeProbe('s', module, module, { declarationKind: 'let', line: 1 });
  let line = 1;
  const step = () => {
    b.step(b.stmt(line++, module));
  };
  const frame = b.enter(module);
  step();
  middle(b, ws, step);
  step();
  b.ret(module, undefined).exit(frame, module);
  return openRecording(builder.end().bytes()).engine;
}

const MODULE = scopeWord(0);

describe('APPEND values', () => {
  it('are the last WRITE and the parts after it, of any primitive', () => {
    const engine = program((b, ws, step) => {
      b.write(ws, 'ab', 0);
      step();
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 3, part: 'c' });
      step();
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 5, part: 12 });
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 9, part: null });
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 13, part: -1.5 });
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 16, part: 123n });
    });
    expect(valueOf(engine, 1, 's')).toBe("'ab'");
    expect(valueOf(engine, 2, 's')).toBe("'abc'");
    expect(valueOf(engine, 3, 's')).toBe("'abc12null-1.5123'");
  });

  it('keep the first 1024 characters and the exact length; a truncated base stays as captured', () => {
    const engine = program((b, ws, step) => {
      b.write(ws, 'x'.repeat(1000), 0);
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 1050, part: 'y'.repeat(50) });
      step();
      b.write(ws, truncated('z'.repeat(8), 5000), 0);
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 5001, part: 'w' });
    });
    expect(valueOf(engine, 1, 's')).toBe(`'${'x'.repeat(1000)}${'y'.repeat(24)}…' (truncated: 1050 chars)`);
    expect(valueOf(engine, 2, 's')).toBe(`'${'z'.repeat(8)}…' (truncated: 5001 chars)`);
  });

  it('are not recorded after a loss, after a value that was not a string, or when the length does not add up', () => {
    const engine = program((b, ws, step) => {
      b.write(ws, 'ab', 0);
      b.lost(5);
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 3, part: 'c' });
      step();
      b.write(ws, 7, 0);
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 2, part: 'z' });
      step();
      b.write(ws, 'x', 0);
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 5, part: 'y' }); // 'xy' is 2 long: a lost write
      step();
      b.ext('APPEND', { probe: ws, scope: MODULE, length: 6, part: 'q' }); // and so is everything after it
    });
    expect(valueOf(engine, 1, 's')).toBe('<string: events were lost before it: not recorded>');
    expect(valueOf(engine, 2, 's')).toBe('<string: its earlier value was not a recorded string: not recorded>');
    expect(valueOf(engine, 3, 's')).toBe('<string: a write was not recorded: not recorded>');
    expect(valueOf(engine, 4, 's')).toBe('<string: a write was not recorded: not recorded>');
  });
});
