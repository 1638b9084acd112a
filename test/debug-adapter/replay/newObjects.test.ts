// Objects first seen empty at their first write (format 3.1 NEW_OBJECT, issue 9): recorded by the
// real recorder, the replay shows them as the full snapshot did — class name from the prototype's
// own `constructor`, a null prototype, later properties — at every step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { Ext, EventKind } from '../../../runtime/format';
import { assertBuilt, rewind, scratchDirectory } from '../../cli/harness';
import { parseTraceBytes, walkEvents } from '../../support/recorder/trace';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

const PROGRAM = `function Point(x) {
  this.x = x;
}
class Vector {
  constructor() {
    this.y = 2;
  }
}
var Color = function () {
  this.initialize();
};
Color.prototype = { initialize: function () { this.red = 1; } };
class Original {}
Object.defineProperty(Original, 'name', { value: 'Renamed' });
const bare = Object.create(null);
bare.z = 1;
const p = new Point(1);
const v = new Vector();
const c = new Color();
const o = new Original();
o.w = 4;
console.log('done');
`;

describe('NEW_OBJECT in the replay', () => {
  it('constructors, a class, a literal prototype, a renamed class and a null prototype show as before', async () => {
    const file = join(scratch.path, 'newObjects.js');
    const out = join(scratch.path, 'newObjects.rwd');
    writeFileSync(file, PROGRAM);
    const result = await rewind(['record', '--out', out, '--', file]);
    expect(result.code).toBe(0);
    const bytes = readFileSync(out);
    const words = parseTraceBytes(bytes).main.words;
    const newObjects = walkEvents(words).filter(
      (event) => event.kind === EventKind.EXT && event.probe === Ext.NEW_OBJECT,
    );
    expect(newObjects).toHaveLength(5); // bare, p, v, c, o: each first seen empty
    const { engine } = openRecording(bytes);
    const lastStep = engine.summary().totalSteps - 1;
    engine.gotoStep(lastStep);
    const shown = Object.fromEntries(
      ['p', 'v', 'c', 'o', 'bare'].map((name) => {
        const value = engine.evaluate(name);
        const rows = engine.variables({ variablesReference: value.variablesReference });
        return [name, { text: value.result, rows: rows.map((row) => `${row.name}=${row.value}`) }];
      }),
    );
    // The same as a 3.0 recording of this program shows (full SNAPSHOTs), checked by hand at format 3.1's introduction.
    expect(shown).toEqual({
      // Format 3.5: the recorded prototype is listed last, as js-debug lists it.
      p: { text: 'Point {x: 1}', rows: ['x=1', '[[Prototype]]=Point.prototype'] },
      v: { text: 'Vector {y: 2}', rows: ['y=2', '[[Prototype]]=Vector.prototype'] },
      // a literal prototype has no own constructor: no class name
      c: { text: '{red: 1}', rows: ['red=1', '[[Prototype]]={initialize: ƒ initialize()}'] },
      o: { text: 'Renamed {w: 4}', rows: ['w=4', '[[Prototype]]=Renamed.prototype'] },
      bare: { text: '{z: 1}', rows: ['z=1'] },
    });
  });
});
