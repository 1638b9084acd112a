// Recordings of files instrumented at level `calls` (only ENTER/EXIT, parameter WRITEs, RETURN,
// SUSPEND/RESUME; no STEP events), written as the instrumenter emits them, plus a mixed recording
// (one file `full`, one `calls`). The builder writes every FILE at level `full`; atLevelCalls()
// rewrites the FILE records of the named paths, as the loader would have written them.
import { RecordType, type TraceRecord } from '../../../runtime/format';
import { TraceBuilder, frameTrace } from '../../support/traceBuilder';

export const MAIN = '/app/main.js';
export const LIB = '/app/lib.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function atLevelCalls(records: readonly TraceRecord[], paths: readonly string[]): TraceRecord[] {
  return records.map((record) => {
    if (record.type !== RecordType.FILE) return record;
    const file = JSON.parse(decoder.decode(record.payload)) as { path: string };
    if (!paths.includes(file.path)) return record;
    return { ...record, payload: encoder.encode(JSON.stringify({ ...file, level: 'calls' })) };
  });
}

export function callsBytes(builder: TraceBuilder, paths: readonly string[] = [MAIN]): Uint8Array {
  return frameTrace(atLevelCalls(builder.takeRecords(), paths));
}

/**
 * 1 function area(w, h) {
 * 2   return w * h;
 * 3 }
 * 4 function room(name, w, h) {
 * 5   const size = area(w, h);
 * 6   return name + size;
 * 7 }
 * 8 room('kitchen', 3, 4);
 * 9 room('hall', 2, 5);       (with `throwing`: area throws on this call, uncaught)
 *
 * Steps: 0 <module> entry · 1 room entry · 2 area entry · 3 area return · 4 room return
 *        · 5 room entry · 6 area entry · 7 area return · 8 room return
 * Throwing: … 6 area entry · 7 area exits by throw · 8 room exits by throw (END: uncaught).
 */
export function roomsProgram(options: { throwing?: boolean } = {}) {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 9 });
  const area = b.fn('area', module, { line: 1, endLine: 3, paramNames: ['w', 'h'] });
  const room = b.fn('room', module, { line: 4, endLine: 7, paramNames: ['name', 'w', 'h'] });
  const [areaW, areaH] = ['w', 'h'].map((name) =>
    b.writeProbe(name, area, area, {
      line: 1,
      declarationKind: 'param',
      scopeRange: { start: { line1: 1, column0: 0 }, end: { line1: 3, column0: 1 } },
    }),
  );
  const [roomName, roomW, roomH] = ['name', 'w', 'h'].map((name) =>
    b.writeProbe(name, room, room, {
      line: 4,
      declarationKind: 'param',
      scopeRange: { start: { line1: 4, column0: 0 }, end: { line1: 7, column0: 1 } },
    }),
  );
  const areaReturn = b.probe('return', { line: 2, column: 2, functionProbe: area });
  const roomReturn = b.probe('return', { line: 6, column: 2, functionProbe: room });
  const probes = { module, area, room, areaReturn, roomReturn };
  const moduleFrame = b.enter(module);
  const call = (name: string, w: number, h: number, last: boolean) => {
    const roomFrame = b.enter(room);
    b.write(roomName, name, roomFrame).write(roomW, w, roomFrame).write(roomH, h, roomFrame);
    const areaFrame = b.enter(area);
    b.write(areaW, w, areaFrame).write(areaH, h, areaFrame);
    if (last && options.throwing) return b.exit(areaFrame, area).exit(roomFrame, room);
    b.ret(areaReturn, w * h).exit(areaFrame, area);
    return b.ret(roomReturn, `${name}${w * h}`).exit(roomFrame, room);
  };
  call('kitchen', 3, 4, false);
  call('hall', 2, 5, true);
  if (!options.throwing) b.exit(moduleFrame, module).end();
  else
    b.end({
      reason: 'uncaught-exception',
      exitCode: 1,
      error: { name: 'RangeError', message: 'too small', stack: 'RangeError: too small\n    at area (main.js:2:9)' },
    });
  return { builder: b, probes };
}

/**
 * main.js (level full)               lib.js (level calls)
 * 1 const { twice } = require(…);    1 function twice(x) {
 * 2 function half(y) {               2   return x * 2;
 * 3   return y / 2;                  3 }
 * 4 }
 * 5 twice(half(8));
 *
 * Steps: 0 S1 · 1 lib.js <module> entry · 2 S5 · 3 S3 (half) · 4 twice entry · 5 twice return
 * (half's ENTER/RETURN are not steps: its file has STEP events; lib's module EXIT is not one either).
 */
export function mixedProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 5 });
  const half = b.fn('half', module, { line: 2, endLine: 4, paramNames: ['y'] });
  const s1 = b.stmt(1, module);
  const s3 = b.stmt(3, half, { column: 2 });
  const s5 = b.stmt(5, module);
  const wY = b.writeProbe('y', half, half, { line: 2, declarationKind: 'param' });
  const halfReturn = b.probe('return', { line: 3, column: 2, functionProbe: half });
  b.file(LIB);
  const libModule = b.module({ line: 1, endLine: 3 });
  const twice = b.fn('twice', libModule, { line: 1, endLine: 3, paramNames: ['x'] });
  const wX = b.writeProbe('x', twice, twice, { line: 1, declarationKind: 'param' });
  const twiceReturn = b.probe('return', { line: 2, column: 2, functionProbe: twice });
  const moduleFrame = b.enter(module);
  b.step(s1);
  const libFrame = b.enter(libModule);
  b.exit(libFrame, libModule);
  b.step(s5);
  const halfFrame = b.enter(half);
  b.write(wY, 8, halfFrame).step(s3).ret(halfReturn, 4).exit(halfFrame, half);
  const twiceFrame = b.enter(twice);
  b.write(wX, 4, twiceFrame).ret(twiceReturn, 8).exit(twiceFrame, twice);
  b.exit(moduleFrame, module).end();
  return { builder: b, probes: { s1, s3, s5, half, twice, twiceReturn, libModule } };
}
