// Issue 9: a PROP_SET whose target is the running function's own `this` passes the frame's cached
// identity entry (`<prefix>o<n>=<rt>.thisEntry(<prefix>o<n>,this)`) instead of looking `this` up at
// every write. The trace must be word for word the one the per-write lookup wrote: the same program
// is run through the real recorder with the cache and with its arguments stripped, and compared.
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { EventKind, Ext, RUNTIME_NAME } from '../../../runtime/format';
import { bindProbeBase, instrument } from '../../../runtime/instrument';

import { decodeAt, eventKindName, stringTable, walkEvents } from '../../support/recorder/trace';

// Constructors, methods, compound and update writes, nested frames writing their own `this` between
// the caller's writes, an arrow (lexical `this`: no cache of its own), a derived constructor (after
// super()), a getter/setter pair, `this` that is a function, and an epoch change (a loss) inside a
// frame whose `this` is cached: its next write must snapshot `this` again.
const PROGRAM = `'use strict';
function Point(x, y) { this.x = x; this.y = y; this.n = 0; }
Point.prototype.move = function (dx, other) {
  this.x += dx;
  other.touch(this);
  this.y = this.y - dx;
  this.n++;
  ++this.n;
  this.n ||= 5;
  const later = () => { this.x = this.x * 2; };
  later();
  bumpEpoch();
  this.y = 1.5;
  return this.n;
};
function Other() { this.seen = 0; }
Other.prototype.touch = function (point) { this.seen = point.n; this.last = point; };
class Base { constructor(v) { this.v = v; } get twice() { return this.v * 2; } set twice(v) { this.v = v / 2; } }
class Derived extends Base { constructor(v) { super(v); this.w = v + 1; this['dyn' + v] = true; } }
function onFunction() { this.calls = (this.calls || 0) + 1; }
// Run by \`new\` in other ways (new.target defined: an ordinary \`this\` whatever the prototype), and
// a constructed \`this\` that is not empty, or already recorded, by its first own write.
function Tagged(label) { this.label = label; }
class FromTagged extends Tagged { constructor() { super('derived'); this.more = 1; } }
class MapLike extends Map { constructor() { super(); this.size2 = 0; } }
function Hidden() { Object.defineProperty(this, 'secret', { value: 1 }); this.shown = 2; }
function Seen() { keep(this); this.after = 1; }
const kept = [];
function keep(value) { kept.push(value); }
const point = new Point(1, 2);
const other = new Other();
for (let i = 0; i < 3; i++) point.move(i, other);
const derived = new Derived(4);
derived.twice = 10;
onFunction.call(onFunction);
onFunction.call(onFunction);
const others = [
  Reflect.construct(Tagged, ['as a map'], Map),
  Reflect.construct(Tagged, ['as an array'], Array),
  new FromTagged(),
  new MapLike(),
  new Hidden(),
  new Seen(),
  new (Tagged.bind(null, 'bound'))(),
];
Tagged.call(kept, 'called');
result = [point.x, point.y, point.n, other.seen, derived.v, derived.w, onFunction.calls, others.length, kept.label].join(',');
`;

const CACHE_ARGUMENT = /,\$rw\$o\d+=\$rw\$\.?thisEntry\(\$rw\$o\d+,this(,new\.target)?\)/g;

/**
 * Runs the instrumented program through the real recorder, in a fresh copy of its modules (interned
 * strings and per-probe key caches start empty: the two runs' words can be compared as they are).
 */
async function record(code: string): Promise<{ events: string[]; result: string }> {
  vi.resetModules();
  const { recordInThread } = await import('../../support/recorder/memory');
  const { createHotPath } = await import('../../../runtime/recorder/hotPath');
  const { newSnapshotEpoch } = await import('../../../runtime/recorder/snapshot');
  const recording = recordInThread();
  const context: Record<string, unknown> = { bumpEpoch: newSnapshotEpoch, result: '' };
  Object.defineProperty(context, RUNTIME_NAME, { value: createHotPath() });
  runInNewContext(bindProbeBase(code, 0), context);
  const words = recording.finish().main.words;
  const strings = stringTable(words);
  const events = walkEvents(words).map((event) => {
    const decoded: unknown[] = [];
    for (let at = event.offset + 1; at < event.end; at++) decoded.push(words[at]);
    const first = event.kind === EventKind.PROP_SET ? JSON.stringify(decodeAt(words, event.offset + 1, strings)) : '';
    return `${eventKindName(event.kind)} ${event.probe} ${first} ${decoded.join(' ')}`;
  });
  return { events, result: context.result as string };
}

describe("PROP_SET on a frame's own `this` through its cached entry (issue 9)", () => {
  it('records word for word what a lookup per write recorded', async () => {
    const cached = instrument(PROGRAM, {
      filename: '/virtual/thisEntry.js',
      sourceType: 'commonjs',
      level: 'full',
    })!.code;
    const stripped = cached.replace(CACHE_ARGUMENT, '');
    // Not vacuous: the program's own-`this` writes use the cache; the arrow's write does not.
    expect(cached.match(CACHE_ARGUMENT)?.length).toBeGreaterThanOrEqual(14);
    // Plain functions pass new.target (their first sight under `new` skips the type probes).
    expect(cached.match(/thisEntry\(\$rw\$o\d+,this,new\.target\)/g)?.length).toBeGreaterThanOrEqual(8);
    expect(stripped).not.toMatch(/thisEntry\(/);

    const withCache = await record(cached);
    const withoutCache = await record(stripped);
    const plain: Record<string, unknown> = { bumpEpoch: () => undefined, result: '' };
    runInNewContext(PROGRAM, plain);
    expect(withCache.result).toBe(plain.result);
    expect(withCache.result).toBe(withoutCache.result);
    expect(withCache.events).toEqual(withoutCache.events);
    const propSets = withCache.events.filter((event) => event.startsWith('PROP_SET '));
    expect(propSets.length).toBeGreaterThan(30);
    // The epoch change inside move(): `this` (the point: the first object seen new, at its first
    // write) is snapshotted again at its next write in each of the three calls.
    const firstNew = withCache.events.findIndex((event) => event.startsWith(`EXT ${Ext.NEW_OBJECT} `));
    const pointId = withCache.events[firstNew].split(/\s+/)[3];
    // A snapshot of it: a SNAPSHOT [id, …], or (format 3.12) a SHAPED_SNAPSHOT [length, id, …].
    const snapshotsOfPoint = withCache.events.filter(
      (event) =>
        event.startsWith(`EXT ${Ext.SNAPSHOT}  ${pointId} `) ||
        new RegExp(`^EXT ${Ext.SHAPED_SNAPSHOT}  \\d+ ${pointId} `).test(event),
    );
    expect(snapshotsOfPoint.length).toBe(3);
  });

  it('passes new.target from plain functions only: a method, accessor or class constructor never gets it', () => {
    const code = instrument(
      `function Plain() { this.a = 1; }
       const expression = function () { this.b = 2; };
       const literal = { m() { this.c = 3; }, get g() { this.d = 4; return 0; }, f: function () { this.e = 5; } };
       class Base { constructor() { this.f = 6; } method() { this.g = 7; } static s() { this.h = 8; } }
       class Derived extends Map { constructor() { super(); this.i = 9; } }
       async function asynchronous() { this.j = 10; }
       function* generator() { this.k = 11; }`,
      { filename: '/virtual/newTarget.js', sourceType: 'commonjs', level: 'full' },
    )!.code;
    const written = [
      ...code.matchAll(
        /\$rw\$pv\(\s*\d+,this,"(\w)",\d+,\$rw\$o\d+=\$rw\$thisEntry\(\$rw\$o\d+,this(,new\.target)?\)/g,
      ),
    ];
    const withNewTarget = written.filter((match) => match[2] !== undefined).map((match) => match[1]);
    expect(written.map((match) => match[1])).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
    expect(withNewTarget).toEqual(['a', 'b', 'e']);
  });

  it('leaves writes where `this` is not the running function’s own (arrows, class fields, parameters) to the lookup', () => {
    const code = instrument(
      `class A { f = (this.g = 1); m(a = (this.h = 2)) { const k = () => { this.i = 3; }; k(); } }`,
      { filename: '/virtual/fields.js', sourceType: 'commonjs', level: 'full' },
    )!.code;
    expect(code).not.toContain('thisEntry');
  });
});
