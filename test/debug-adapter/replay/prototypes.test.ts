// Inherited properties (issue 12, format 3.5 PROTOTYPE): recorded by the real recorder, the replay
// walks each object's prototype chain — a class's methods, fields and getters on its prototype,
// Object.create, a builtin's members — and follows Object.setPrototypeOf and `__proto__` writes in
// both directions. Before, every inherited property answered `undefined` as fact. An older trace,
// whose prototypes are unknown, says a missing property may be inherited instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { EventKind, Ext, ValueTag, extFieldOffset } from '../../../runtime/format';
import { assertBuilt, rewind, scratchDirectory } from '../../cli/harness';
import { parseTraceBytes, walkEvents } from '../../support/recorder/trace';
import { withoutPrototypes } from '../../support/recorder/withoutPrototypes';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const PROGRAM = `class Animal {
  constructor(name) {
    this.name = name;
  }
  speak() {
    return this.name;
  }
  get loud() {
    return this.name.toUpperCase();
  }
}
Animal.prototype.legs = 4;
class Dog extends Animal {
  bark() {
    return 'woof';
  }
}
const dog = new Dog('rex');
const base = { greet: 'hi' };
const child = Object.create(base);
child.own = 1;
const holder = { inner: new Animal('cat') };
const arr = [1, 2];
const other = { greet: 'hello', extra: 2 };
const moved = Object.create(base);
moved.z = 1;
const reflected = Object.create(base);
reflected.k = 1;
const pack = [];
for (let i = 0; i < 50; i++) pack.push(new Animal('a' + i));
console.log('before-set');
Object.setPrototypeOf(moved, other);
Reflect.setPrototypeOf(reflected, other);
console.log('after-set');
child.__proto__ = other;
console.log('end', dog.speak(), child.greet, holder.inner.legs, arr.length, pack.length);
`;

let bytes: Buffer;
let file: string;
beforeAll(async () => {
  assertBuilt();
  file = join(scratch.path, 'prototypes.js');
  const out = join(scratch.path, 'prototypes.rwd');
  writeFileSync(file, PROGRAM);
  const result = await rewind(['record', '--out', out, '--', file]);
  expect(result.code).toBe(0);
  bytes = readFileSync(out);
});

function lineOf(text: string): number {
  return PROGRAM.split('\n').findIndex((line) => line.includes(text)) + 1;
}

/** An engine stopped at the first step of the line containing `text`. */
function stoppedAt(trace: Uint8Array, text: string): ReplayEngine {
  const { engine } = openRecording(trace);
  engine.gotoStep(0);
  engine.setBreakpoints(file, [{ line1: lineOf(text) }]);
  engine.continue('forward');
  expect(engine.stackTrace().frames[0].source.line1).toBe(lineOf(text));
  return engine;
}

function answers(engine: ReplayEngine, expressions: string[], context?: 'hover' | 'watch'): Record<string, string> {
  return Object.fromEntries(
    expressions.map((expression) => {
      try {
        return [expression, engine.evaluate(expression, undefined, context).result];
      } catch (error) {
        return [expression, `error: ${(error as Error).message.replace('[rewind:replay] ', '')}`];
      }
    }),
  );
}

describe('inherited properties in the replay', () => {
  it('class methods, prototype fields and getters, Object.create and builtins answer from the chain', () => {
    const engine = stoppedAt(bytes, "console.log('end'");
    for (const context of ['watch', 'hover'] as const) {
      expect(
        answers(
          engine,
          [
            'dog.name',
            'dog.speak',
            'typeof dog.bark',
            'dog.legs',
            'dog.constructor',
            'dog.loud',
            'dog.nothing',
            'holder.inner.speak',
            'holder.inner.legs',
            'pack[49].legs',
            'arr.nothing',
            'typeof arr.map',
            'typeof dog.hasOwnProperty',
          ],
          context,
        ),
      ).toEqual({
        'dog.name': "'rex'",
        'dog.speak': 'ƒ speak()',
        'typeof dog.bark': "'function'",
        'dog.legs': '4',
        'dog.constructor': 'ƒ Dog()',
        'dog.loud':
          'error: "loud" is a getter inherited from Animal.prototype: it was not run (a replay never runs the program\'s code)',
        'dog.nothing': 'undefined',
        'holder.inner.speak': 'ƒ speak()',
        'holder.inner.legs': '4',
        'pack[49].legs': '4',
        'arr.nothing': 'undefined',
        'typeof arr.map': "'function'",
        'typeof dog.hasOwnProperty': "'function'",
      });
    }
  });

  it('Object.setPrototypeOf, Reflect.setPrototypeOf and a __proto__ write change the answer at their step, in both directions', () => {
    const engine = stoppedAt(bytes, "console.log('before-set')");
    expect(answers(engine, ['moved.greet', 'moved.extra', 'reflected.extra', 'child.greet', 'child.own'])).toEqual({
      'moved.greet': "'hi'",
      'moved.extra': 'undefined',
      'reflected.extra': 'undefined',
      'child.greet': "'hi'",
      'child.own': '1',
    });
    engine.setBreakpoints(file, [{ line1: lineOf("console.log('after-set')") }]);
    engine.continue('forward');
    expect(answers(engine, ['moved.greet', 'moved.extra', 'reflected.extra', 'child.greet'])).toEqual({
      'moved.greet': "'hello'",
      'moved.extra': '2',
      'reflected.extra': '2',
      'child.greet': "'hi'",
    });
    engine.setBreakpoints(file, [{ line1: lineOf("console.log('end'") }]);
    engine.continue('forward');
    expect(answers(engine, ['child.greet', 'child.extra', 'child.own'])).toEqual({
      'child.greet': "'hello'",
      'child.extra': '2',
      'child.own': '1',
    });
    engine.setBreakpoints(file, [{ line1: lineOf("console.log('before-set')") }]);
    engine.continue('backward');
    expect(answers(engine, ['moved.greet', 'child.greet'])).toEqual({ 'moved.greet': "'hi'", 'child.greet': "'hi'" });
  });

  it('Variables shows [[Prototype]] as an expandable entry, down the chain', () => {
    const engine = stoppedAt(bytes, "console.log('end'");
    const rows = (reference: number) =>
      engine.variables({ variablesReference: reference }).map((row) => ({
        text: `${row.name}=${row.value}`,
        reference: row.variablesReference,
      }));
    const dog = rows(engine.evaluate('dog').variablesReference);
    expect(dog.map((row) => row.text)).toEqual(["name='rex'", '[[Prototype]]=Dog.prototype']);
    const dogPrototype = rows(dog[1].reference);
    expect(dogPrototype.map((row) => row.text)).toEqual([
      'constructor=ƒ Dog()',
      'bark=ƒ bark()',
      '[[Prototype]]=Animal.prototype',
    ]);
    const animalPrototype = rows(dogPrototype[2].reference);
    expect(animalPrototype.map((row) => row.text)).toEqual([
      'constructor=ƒ Animal()',
      'speak=ƒ speak()',
      'loud=(getter)',
      'legs=4',
    ]);
    // A plain object's and an array's usual builtin prototype is not listed (as before).
    expect(rows(engine.evaluate('other').variablesReference).map((row) => row.text)).toEqual([
      "greet='hello'",
      'extra=2',
    ]);
  });

  it('each prototype is snapshotted once however many instances are recorded', () => {
    const words = parseTraceBytes(bytes).main.words;
    const events = walkEvents(words).filter((event) => event.kind === EventKind.EXT);
    // A prototype is named by a PROTOTYPE event, or (format 3.12) by the shape of its instances.
    const prototypeWords = events
      .filter((event) => event.probe === Ext.PROTOTYPE || event.probe === Ext.SHAPE)
      .map((event) =>
        event.probe === Ext.PROTOTYPE
          ? words[event.offset + extFieldOffset('PROTOTYPE', 'prototype')]
          : words[event.offset + extFieldOffset('SHAPE', 'body')],
      );
    const objectIdOf = (event: (typeof events)[number]) =>
      event.probe === Ext.SNAPSHOT
        ? words[event.offset + extFieldOffset('SNAPSHOT', 'objectId')]
        : event.probe === Ext.NEW_OBJECT
          ? words[event.offset + extFieldOffset('NEW_OBJECT', 'objectId')]
          : event.probe === Ext.SHAPED_SNAPSHOT
            ? words[event.offset + extFieldOffset('SHAPED_SNAPSHOT', 'objectId')]
            : -1;
    const snapshotsOf = (objectId: number) => events.filter((event) => objectIdOf(event) === objectId).length;
    // Dog.prototype (Animal.prototype's child) and the objects Object.create / setPrototypeOf used.
    const prototypeIds = new Set(
      prototypeWords.filter((word) => (word & 0xf) === ValueTag.OBJECT).map((word) => word >>> 4),
    );
    expect(prototypeIds.size).toBeGreaterThanOrEqual(3);
    // Animal.prototype: named by 51 NEW_OBJECTs (dog's class's parent aside), snapshotted once.
    const animalPrototypes = new Set(
      events
        .filter((event) => event.probe === Ext.NEW_OBJECT)
        .map((event) => words[event.offset + extFieldOffset('NEW_OBJECT', 'prototype')] >>> 4),
    );
    for (const id of animalPrototypes) prototypeIds.add(id);
    for (const id of prototypeIds) expect(snapshotsOf(id)).toBe(1);
  });

  it('an older trace, whose prototypes are unknown, says a missing property may be inherited', () => {
    const engine = stoppedAt(withoutPrototypes(bytes), "console.log('end'");
    expect(
      answers(engine, ['dog.name', 'dog.bark', 'child.own', 'child.missing', 'moved.z', 'moved.missing', 'dog.speak']),
    ).toEqual({
      'dog.name': "'rex'",
      // 3.1's NEW_OBJECT named dog's prototype: its own members are known.
      'dog.bark': 'ƒ bark()',
      'child.own': '1',
      // child.__proto__ = other: a write the replay follows; other's own prototype is unknown.
      'child.missing':
        'error: "missing" is not an own property and may be inherited: the prototype of the prototype (object #13) was not recorded',
      'moved.z': '1',
      'moved.missing': 'error: "missing" is not an own property and may be inherited: its prototype was not recorded',
      'dog.speak':
        'error: "speak" is not an own property and may be inherited: the prototype of Dog.prototype was not recorded',
    });
  });
});
