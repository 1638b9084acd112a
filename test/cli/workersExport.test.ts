// End to end on Node 20 and 24: `rewind record` a main thread with a file worker and an eval worker,
// then `rewind export --format chrome-trace`. Every worker is a track of the one process, named
// after its script, and every message is an arrow: a flow start ('s') where it was posted and a
// finish ('f') where it arrived, ids paired, on the right threads (issue 11 items 3 and 6).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBinaries } from '../support/nodeBinaries';
import { traceEventProblems, type TraceEventJson } from '../support/traceEventRules';
import { assertBuilt, REPO, infoJson, rewind, scratchDirectory } from './harness';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

const MAIN = join(REPO, 'test/fixtures/dap/workers/main.js');

describe.each(nodeBinaries())('a recording with worker threads on $label', ({ label, path: node }) => {
  it('is complete, and its export draws every message as a paired arrow between the right threads', async () => {
    const name = label.replace(/\W+/g, '-');
    const tracePath = join(scratch.path, `${name}.rwd`);
    const jsonPath = join(scratch.path, `${name}.json`);
    const recorded = await rewind(['record', '--out', tracePath, '--', MAIN], { timeoutMs: 60_000 }, node);
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('eval worker said 42');
    // The terminated worker's END is its own drain's (asked for by terminate()), not the collector's 'killed'.
    const info = await infoJson(tracePath);
    expect(info.complete).toBe(true);
    const exported = await rewind(['export', tracePath, '--format', 'chrome-trace', '--out', jsonPath], {}, node);
    expect(exported.code, exported.stderr).toBe(0);
    const events = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { traceEvents: TraceEventJson[] }).traceEvents;
    expect(traceEventProblems(events)).toEqual([]);
    const threadNames = new Map(
      events
        .filter((event) => event.ph === 'M' && event.name === 'thread_name')
        .map((event) => [event.tid, event.args?.name as string]),
    );
    expect([...threadNames.values()].map((each) => each.replace(/\d+/g, 'N')).sort()).toEqual([
      '[worker eval] (worker N)',
      'main.js main thread',
      'worker.js (worker N)',
    ]);
    expect(new Set(events.filter((event) => event.ph !== 'M').map((event) => event.pid)).size).toBe(1);
    const threadOf = (event: TraceEventJson) =>
      (threadNames.get(event.tid) ?? '').replace(/ \(.*$/, '').replace(/ main thread$/, '');
    const arrows = new Map<string, { from?: string; to?: string }>();
    for (const event of events.filter((each) => each.ph === 's' || each.ph === 'f')) {
      const arrow = arrows.get(String(event.id)) ?? arrows.set(String(event.id), {}).get(String(event.id))!;
      if (event.ph === 's') arrow.from = threadOf(event);
      else arrow.to = threadOf(event);
    }
    // main → worker.js twice (values 6 and 2), worker.js → main twice (36, 4), [worker eval] → main once.
    const routes = [...arrows.values()].map((arrow) => `${arrow.from} → ${arrow.to}`).sort();
    expect(routes).toEqual([
      '[worker eval] → main.js',
      'main.js → worker.js',
      'main.js → worker.js',
      'worker.js → main.js',
      'worker.js → main.js',
    ]);
  });
});
