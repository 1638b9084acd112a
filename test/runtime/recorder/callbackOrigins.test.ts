// The recorder's callback origins (format 3.1, events.ts ORIGIN / ORIGIN_RUN) on a real recording:
// each timer, immediate, tick, microtask and promise reaction the program schedules gets an ORIGIN
// of its kind right after the statement that scheduled it, and the ORIGIN_RUN naming it comes just
// before its callback's ENTER (or an await continuation's RESUME). No async_hooks `before` hook
// tells the recorder a callback starts (runtime/recorder/callbackRuns.ts): each of an interval's
// ticks, which all have its one asyncId, still gets its run.
import { describe, expect, it } from 'vitest';
import {
  EventKind,
  Ext,
  OriginKind,
  holdsEvents,
  decodeEventWords,
  eventEnd,
  headerKind,
  headerProbe,
} from '../../../runtime/format';
import { recordSource } from '../../support/recordSource';

const PROGRAM = `'use strict';
setTimeout(function a() {}, 0);
setImmediate(function b() {});
process.nextTick(function c() {});
queueMicrotask(function d() {});
Promise.resolve().then(function e() {});
const interval = setInterval(function f() { clearInterval(interval); }, 1);
`;

const TICKS_AND_AWAITS = `'use strict';
let ticks = 0;
const interval = setInterval(function tick() {
  if (++ticks === 3) clearInterval(interval);
}, 1);
async function waits() {
  await null;
  await new Promise((resolve) => setTimeout(resolve, 1));
}
waits();
`;

/** The program's own hook makes Node track promises again (on Node 24, beside the recorder's V8 hooks). */
const OWN_HOOK_REACTIONS = `'use strict';
require('node:async_hooks').createHook({ init() {} }).enable();
Promise.resolve().then(function reaction() {});
async function waits() {
  await null;
}
waits();
`;

type Item =
  | { kind: 'step' | 'enter' | 'resume' }
  | { kind: 'origin'; id: number; originKind: number }
  | { kind: 'run'; ids: number[] };

async function recordedItems(program = PROGRAM): Promise<Item[]> {
  const items: Item[] = [];
  for (const record of (await recordSource(program)).records) {
    if (!holdsEvents(record.type)) continue;
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at)) {
      const kind = headerKind(words[at]);
      if (kind === EventKind.STEP) items.push({ kind: 'step' });
      else if (kind === EventKind.ENTER) items.push({ kind: 'enter' });
      else if (kind === EventKind.RESUME) items.push({ kind: 'resume' });
      else if (kind === EventKind.EXT && headerProbe(words[at]) === Ext.ORIGIN) {
        expect(words[at + 1]).toBe(3);
        items.push({ kind: 'origin', id: words[at + 2], originKind: words[at + 4] });
      } else if (kind === EventKind.EXT && headerProbe(words[at]) === Ext.ORIGIN_RUN)
        items.push({ kind: 'run', ids: [...words.slice(at + 2, at + 2 + words[at + 1])] });
    }
  }
  return items;
}

describe('callback origins in the event stream', () => {
  it('an ORIGIN of its kind follows each scheduling statement; its ORIGIN_RUN comes right before the callback', async () => {
    const items = await recordedItems();
    const expected = [
      OriginKind.TIMEOUT,
      OriginKind.IMMEDIATE,
      OriginKind.NEXT_TICK,
      OriginKind.MICROTASK,
      OriginKind.PROMISE,
      OriginKind.INTERVAL,
    ];
    const callbackIds: number[] = [];
    let statement = 0;
    for (let at = 0; at < items.length && statement < expected.length; at++) {
      if (items[at].kind !== 'step') continue;
      // The statement's own origin (Promise.resolve() creates one promise before the reaction's).
      const origins: Item[] = [];
      for (let next = at + 1; next < items.length && items[next].kind === 'origin'; next++)
        origins.unshift(items[next]);
      const own = origins.find((item) => item.kind === 'origin' && item.originKind === expected[statement]);
      expect(own, `statement ${statement + 2}`).toBeDefined();
      callbackIds.push((own as { id: number }).id);
      statement++;
    }
    expect(callbackIds).toHaveLength(expected.length);
    for (const id of callbackIds) {
      const run = items.findIndex((item) => item.kind === 'run' && item.ids.length === 1 && item.ids[0] === id);
      expect(run, `the run of origin ${id}`).toBeGreaterThan(0);
      expect(items[run + 1].kind).toBe('enter');
    }
  });

  it("each tick of an interval (one asyncId) has its run before its ENTER, and each await's continuation before its RESUME", async () => {
    const items = await recordedItems(TICKS_AND_AWAITS);
    const interval = items.find((item) => item.kind === 'origin' && item.originKind === OriginKind.INTERVAL);
    expect(interval).toBeDefined();
    const intervalId = (interval as { id: number }).id;
    const tickRuns = items.filter(
      (item, at) => item.kind === 'run' && item.ids[0] === intervalId && items[at + 1]?.kind === 'enter',
    );
    expect(tickRuns).toHaveLength(3);
    const resumes = items.flatMap((item, at) => (item.kind === 'resume' ? [at] : []));
    expect(resumes).toHaveLength(2);
    for (const at of resumes) {
      const run = items[at - 1];
      expect(run.kind).toBe('run');
      // An await's continuation is a promise reaction: the promise's id, scheduled before.
      const promise = items.find((item) => item.kind === 'origin' && run.kind === 'run' && item.id === run.ids[0]);
      expect(promise).toMatchObject({ originKind: OriginKind.PROMISE });
    }
  });

  it("names a reaction's promise in its run when the program has a hook of its own", async () => {
    const items = await recordedItems(OWN_HOOK_REACTIONS);
    const starts = items.flatMap((item, at) => (item.kind === 'enter' || item.kind === 'resume' ? [at] : []));
    // The reaction's ENTER and the continuation's RESUME, after the program's first frames.
    const reactionStarts = starts.filter((at) => items[at - 1]?.kind === 'run').slice(-2);
    expect(reactionStarts).toHaveLength(2);
    for (const at of reactionStarts) {
      const run = items[at - 1] as { kind: 'run'; ids: number[] };
      const origin = items.find((item) => item.kind === 'origin' && item.id === run.ids[0]);
      expect(origin).toMatchObject({ originKind: OriginKind.PROMISE });
    }
  });
});
