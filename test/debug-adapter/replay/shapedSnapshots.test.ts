// Object snapshots by shape (format 3.12) in the replay: a SHAPED_SNAPSHOT shows exactly what the
// SNAPSHOT it stands for shows; one whose SHAPE is missing shows as an object that was never
// captured (never another shape's keys); a damaged one is refused where it is. Then a real
// program's recording with shapes and without: the same Variables view at every step.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import {
  Const,
  EventKind,
  Ext,
  ObjectType,
  PropFlag,
  SnapshotFlag,
  ValueTag,
  readTrace,
  holdsEvents,
  decodeEventWords,
  eventEnd,
  valueWord,
} from '../../../runtime/format';
import { TraceBuilder, encodeValue, obj, type TestValue } from '../../support/traceBuilder';
import { recordSourceBytes } from '../../support/recordSource';
import { MAIN } from './programs';

const UNDEFINED = valueWord(ValueTag.CONST, Const.UNDEFINED);
const OBJECT_TYPE = ObjectType.OBJECT | SnapshotFlag.PROTOTYPE_RECORDED;

function values(...list: TestValue[]): number[] {
  const words: number[] = [];
  for (const value of list) encodeValue(value, words);
  return words;
}

/** SHAPE body: v:prototype (undefined: the default), v:className, then (v:key, propFlags) pairs. */
function shapeBody(className: string, keys: Array<[string, number]>): number[] {
  return [UNDEFINED, ...values(className), ...keys.flatMap(([key, flags]) => [...values(key), flags])];
}

interface Built {
  builder: TraceBuilder;
  write: (name: string, value: TestValue) => void;
  finish: () => Uint8Array;
}

/** A module that writes the variables `names` (declared first), one step each. */
function program(names: readonly string[]): Built {
  const builder = new TraceBuilder().file(MAIN);
  const module = builder.module({ line: 1 });
  const step = builder.stmt(1, module);
  const probes = new Map(names.map((name) => [name, builder.writeProbe(name, module, module)]));
  const frame = builder.enter(module);
  return {
    builder,
    write(name, value) {
      builder.step(step).write(probes.get(name)!, value, 0);
    },
    finish() {
      builder.step(step).exit(frame, module);
      return builder.end().bytes();
    },
  };
}

/** What the view shows of a variable at the last step: its text and its rows, one level down. */
function shown(engine: ReplayEngine, name: string): { text: string; rows: string[] } {
  engine.gotoStep(engine.summary().totalSteps - 1);
  const value = engine.evaluate(name);
  const rows = value.variablesReference ? engine.variables({ variablesReference: value.variablesReference }) : [];
  return { text: value.result, rows: rows.map((row) => `${row.name}=${row.value}`) };
}

describe('SHAPED_SNAPSHOT in the replay', () => {
  it('shows what the same object as a SNAPSHOT shows: class, order, flags, nested objects, later writes', () => {
    const { builder, write, finish } = program(['shaped', 'plain', 'second']);
    const keys: Array<[string, number]> = [
      ['y', 0],
      ['x', 0],
      ['hidden', PropFlag.NON_ENUMERABLE],
      ['child', 0],
    ];
    builder.snapshot(9, { type: 'OBJECT', entries: [{ key: 'depth', value: 2 }] });
    builder.ext('SHAPE', { shapeId: 4, typeAndFlags: OBJECT_TYPE, count: 4, body: shapeBody('Point', keys) });
    builder.ext('SHAPED_SNAPSHOT', { objectId: 1, shapeId: 4, values: values(2, 1.5, 'h', obj(9)) });
    builder.snapshot(2, {
      type: 'OBJECT',
      className: 'Point',
      entries: [
        { key: 'y', value: 2 },
        { key: 'x', value: 1.5 },
        { key: 'hidden', value: 'h', flags: PropFlag.NON_ENUMERABLE },
        { key: 'child', value: obj(9) },
      ],
    });
    write('shaped', obj(1));
    write('plain', obj(2));
    // A second object of the shape, then a property write on it after its snapshot.
    builder.ext('SHAPED_SNAPSHOT', { objectId: 3, shapeId: 4, values: values(7, 8, 'k', null) });
    const set = builder.probe('property', { line: 1, operation: 'set', propertyKey: 'x' });
    builder.propSet(set, obj(3), 'x', 10);
    write('second', obj(3));
    const { engine } = openRecording(finish());
    const shaped = shown(engine, 'shaped');
    expect(shaped).toEqual(shown(engine, 'plain'));
    expect(shaped.text).toContain('Point');
    expect(shaped.rows.slice(0, 4)).toEqual(['y=2', 'x=1.5', 'hidden=h', 'child={depth: 2}'].map(quoteStrings));
    expect(shown(engine, 'second').rows.slice(0, 2)).toEqual(['y=7', 'x=10']);
  });

  it('a SHAPED_SNAPSHOT whose SHAPE is missing (or comes after it) shows as an object never captured', () => {
    const { builder, write, finish } = program(['lost', 'never', 'early']);
    builder.ext('SHAPED_SNAPSHOT', { objectId: 1, shapeId: 5, values: values(1) });
    builder.ext('SHAPED_SNAPSHOT', { objectId: 3, shapeId: 6, values: values(1) });
    builder.ext('SHAPE', { shapeId: 6, typeAndFlags: OBJECT_TYPE, count: 1, body: shapeBody('Late', [['a', 0]]) });
    write('lost', obj(1));
    write('never', obj(2));
    write('early', obj(3));
    const { engine } = openRecording(finish());
    const never = shown(engine, 'never');
    expect(never).toEqual({ text: 'Object #2 (not recorded at this moment)', rows: [] });
    expect(shown(engine, 'lost')).toEqual({ text: 'Object #1 (not recorded at this moment)', rows: [] });
    expect(shown(engine, 'early')).toEqual({ text: 'Object #3 (not recorded at this moment)', rows: [] });
  });

  it('refuses a damaged SHAPE or SHAPED_SNAPSHOT, naming the record and word where it is', () => {
    const cases: Array<[string, (builder: TraceBuilder) => void]> = [
      [
        'SHAPED_SNAPSHOT of 1 values for a shape of 2',
        (builder) => {
          const body = shapeBody('P', [
            ['a', 0],
            ['b', 0],
          ]);
          builder.ext('SHAPE', { shapeId: 1, typeAndFlags: OBJECT_TYPE, count: 2, body });
          builder.ext('SHAPED_SNAPSHOT', { objectId: 1, shapeId: 1, values: values(5) });
        },
      ],
      [
        'bad SHAPE count 9',
        (builder) =>
          builder.ext('SHAPE', { shapeId: 1, typeAndFlags: OBJECT_TYPE, count: 9, body: shapeBody('P', []) }),
      ],
      [
        'SHAPE of 0 properties ends 1 words early',
        (builder) =>
          builder.ext('SHAPE', { shapeId: 1, typeAndFlags: OBJECT_TYPE, count: 0, body: [...shapeBody('P', []), 0] }),
      ],
      [
        "SHAPED_SNAPSHOT value runs past the event's end",
        // A DOUBLE's tag with one of its two payload words.
        (builder) =>
          builder.ext('SHAPED_SNAPSHOT', { objectId: 1, shapeId: 1, values: [valueWord(ValueTag.DOUBLE, 0), 0] }),
      ],
    ];
    for (const [message, damage] of cases) {
      const { builder, write, finish } = program(['before', 'after']);
      write('before', 1);
      damage(builder);
      write('after', 2);
      const { store } = openRecording(finish());
      const note = store.notes.find((each) => each.includes(message));
      expect(note, message).toMatch(/corrupt in the record at byte \d+: .* at word offset \d+/);
    }
  });
});

/** Strings in the view are quoted. */
function quoteStrings(row: string): string {
  return row === 'hidden=h' ? "hidden='h'" : row;
}

// ---- a real program, recorded with shapes and without ----------------------------------------

const PROGRAM = `
class Lexeme {
  constructor(type, value, line) {
    this.type = type;
    this.value = value;
    this.loc = { line, column: line * 2 };
  }
}
function Node(kind, children) {
  this.kind = kind;
  this.children = children;
}
const lexemes = [];
const nodes = [];
let last;
for (let i = 0; i < 40; i++) {
  const lexeme = new Lexeme(i % 3 === 0 ? 'word' : 'punct', 'v' + i, i);
  lexemes.push(lexeme);
  const literal = { start: i, end: i + 1, raw: 'r' + (i % 5), ratio: i / 7 };
  const wrapper = { lexeme, literal, flags: { seen: i % 2 === 0 } };
  const node = new Node(i % 2 ? 'leaf' : 'branch', [literal]);
  nodes.push(node);
  literal.end = i + 2;
  last = wrapper;
}
const frozen = Object.freeze({ a: 1, b: 2 });
const frozen2 = Object.freeze({ a: 3, b: 4 });
console.log(lexemes.length, nodes.length, last.literal.end, frozen.a + frozen2.b);
`;

/** Every row of every variable of the top frame, expanded two levels deep. */
function view(engine: ReplayEngine): string[] {
  const lines: string[] = [];
  const expand = (reference: number, prefix: string, depth: number): void => {
    for (const row of engine.variables({ variablesReference: reference })) {
      lines.push(`${prefix}${row.name}=${row.value}`);
      if (row.variablesReference && depth > 0 && row.name !== '[[Prototype]]')
        expand(row.variablesReference, `${prefix}${row.name}.`, depth - 1);
    }
  };
  const frame = engine.stackTrace().frames[0];
  for (const scope of engine.scopes(frame.id)) expand(scope.variablesReference, `${scope.name}:`, 2);
  return lines;
}

function countEvents(bytes: Uint8Array, subkind: number): number {
  let found = 0;
  for (const record of readTrace(bytes).records) {
    if (!holdsEvents(record.type)) continue; // COMPACT_EVENTS since 3.12, as the recorder writes them
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at))
      if (words[at] === ((subkind << 4) | EventKind.EXT)) found++;
  }
  return found;
}

describe('a program recorded with shapes and without', () => {
  it('shows the same Variables view at every step, with far fewer key words', async () => {
    const [withShapes, withoutShapes] = await Promise.all([
      recordSourceBytes(PROGRAM),
      recordSourceBytes(PROGRAM, 'full', undefined, { objectShapes: false }),
    ]);
    expect(countEvents(withShapes, Ext.SHAPED_SNAPSHOT)).toBeGreaterThan(100);
    expect(countEvents(withShapes, Ext.SHAPE)).toBeLessThan(20);
    expect(countEvents(withoutShapes, Ext.SHAPED_SNAPSHOT)).toBe(0);
    expect(withShapes.length).toBeLessThan(withoutShapes.length);
    const shaped = openRecording(withShapes).engine;
    const plain = openRecording(withoutShapes).engine;
    const total = shaped.summary().totalSteps;
    expect(plain.summary().totalSteps).toBe(total);
    let compared = 0;
    for (let step = 0; step < total; step += 3) {
      shaped.gotoStep(step);
      plain.gotoStep(step);
      expect(view(shaped), `step ${step}`).toEqual(view(plain));
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    shaped.gotoStep(total - 1);
    const last = view(shaped).join('\n');
    expect(last).toContain("lexemes.0=Lexeme {type: 'word', value: 'v0', loc: {line: 0, column: 0}}");
    expect(last).toContain("last.literal={start: 39, end: 41, raw: 'r4', ratio: 5.571428571428571}");
  });
});
