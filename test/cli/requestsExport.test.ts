// End to end: `rewind record` an HTTP server on 127.0.0.1 with its bounded client, then `rewind
// export --format chrome-trace`: the JSON keeps the trace-event rules (every B has its E, async and
// flow ids pair up, times never go back within a thread) and every request — served and sent — is
// an async slice named "METHOD URL", begun before it ends, ending with its status (a failed one with
// its error); fetch requests get their arrows too (issue 11 items 5, 6), and a client request made
// while handling a server request — refused before connecting too — names that request as its cause.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceEventRules, traceEventProblems, type TraceEventJson } from '../support/traceEventRules';
import { assertBuilt, REPO, infoJson, rewind, scratchDirectory } from './harness';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

const SERVER = join(REPO, 'test/fixtures/dap/requests/server.js');
const LINKED = join(REPO, 'test/fixtures/dap/requests/linkedParent.js');
const FETCH = join(REPO, 'test/fixtures/dap/requests/fetchParent.js');
const REFUSED = join(REPO, 'test/fixtures/dap/requests/refusedUpstream.js');

async function exported(program: string, args: string[] = []): Promise<TraceEventJson[]> {
  const name = program.replace(/.*\//, '');
  const tracePath = join(scratch.path, `${name}.rwd`);
  const jsonPath = join(scratch.path, `${name}.json`);
  const recorded = await rewind(['record', '--out', tracePath, '--', program, ...args], { timeoutMs: 60_000 });
  expect(recorded.code, recorded.stderr).toBe(0);
  const done = await rewind(['export', tracePath, '--format', 'chrome-trace', '--out', jsonPath]);
  expect(done.code, done.stderr).toBe(0);
  return (JSON.parse(readFileSync(jsonPath, 'utf8')) as { traceEvents: TraceEventJson[] }).traceEvents;
}

describe('a recording of an HTTP server and its client, exported for trace viewers', () => {
  it('draws every request as a paired async slice with its status, within the trace-event rules', async () => {
    const tracePath = join(scratch.path, 'server.rwd');
    const jsonPath = join(scratch.path, 'server.json');
    const recorded = await rewind(['record', '--out', tracePath, '--', SERVER], { timeoutMs: 60_000 });
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('/missing/1 404 none');
    expect((await infoJson(tracePath)).complete).toBe(true);
    const exported = await rewind(['export', tracePath, '--format', 'chrome-trace', '--out', jsonPath]);
    expect(exported.code, exported.stderr).toBe(0);
    const events = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { traceEvents: TraceEventJson[] }).traceEvents;
    expect(traceEventProblems(events)).toEqual([]);
    const begins = events.filter((event) => event.ph === 'b' && event.cat === 'http');
    const ends = events.filter((event) => event.ph === 'e' && event.cat === 'http');
    const described = begins.map((begin) => {
      const end = ends.find((each) => each.id === begin.id)!;
      expect(end.ts).toBeGreaterThan(begin.ts);
      return `${begin.args?.kind as string} ${begin.name.replace(/:\d+/, ':PORT')} ${end.args?.status as number}`;
    });
    expect(described.sort()).toEqual([
      'client GET http://127.0.0.1:PORT/missing/1 404',
      'client GET http://127.0.0.1:PORT/orders/42 200',
      'client GET http://127.0.0.1:PORT/orders/7 200',
      'server GET /missing/1 404',
      'server GET /orders/42 200',
      'server GET /orders/7 200',
    ]);
  });

  it("draws an arrow from a recorded client's request to the recorded server request it caused", async () => {
    const events = await exported(LINKED, ['0']);
    expect(traceEventProblems(events)).toEqual([]);
    const arrows = events.filter((event) => (event.ph === 's' || event.ph === 'f') && event.name === 'request');
    const starts = arrows.filter((event) => event.ph === 's');
    const finishes = arrows.filter((event) => event.ph === 'f');
    expect(starts).toHaveLength(2);
    expect(finishes.map((event) => event.id).sort()).toEqual(starts.map((event) => event.id).sort());
    const served = events.filter((event) => event.ph === 'b' && event.args?.kind === 'server');
    const sent = events.filter((event) => event.ph === 'b' && event.args?.kind === 'client');
    // From the parent (the client) to the forked child (the server): other processes.
    expect(new Set(starts.map((event) => event.pid))).toEqual(new Set(sent.map((event) => event.pid)));
    expect(new Set(finishes.map((event) => event.pid))).toEqual(new Set(served.map((event) => event.pid)));
    expect(starts[0].pid).not.toBe(finishes[0].pid);
  });

  it("draws fetch() requests' arrows too, and ends a failed request's slice with its error", async () => {
    const events = await exported(FETCH);
    expect(traceEventProblems(events)).toEqual([]);
    const starts = events.filter((event) => event.ph === 's' && event.name === 'request');
    expect(starts).toHaveLength(2);
    const ends = events.filter((event) => event.ph === 'e' && event.cat === 'http');
    const failed = ends.filter((event) => event.args?.error !== undefined);
    expect(failed.map((event) => `${event.name.replace(/:\d+/, ':PORT')} ${event.args?.status as number}`)).toEqual([
      'GET http://127.0.0.1:PORT/refused 0',
      'GET http://127.0.0.1:PORT/refused 0',
      'GET http://127.0.0.1:PORT/reset 0',
    ]);
    expect(failed.map((event) => String(event.args?.error))).toEqual([
      expect.stringMatching(/ECONNREFUSED/),
      expect.stringMatching(/ECONNREFUSED/),
      expect.stringMatching(/ECONNRESET|socket hang up/),
    ]);
  });

  it('names the server request a refused client request was made for (no ports to link it by)', async () => {
    const events = await exported(REFUSED);
    expect(traceEventProblems(events)).toEqual([]);
    const begins = events.filter((event) => event.ph === 'b' && event.cat === 'http');
    const ends = events.filter((event) => event.ph === 'e' && event.cat === 'http');
    const sent = begins.filter((event) => event.args?.kind === 'client');
    expect(
      sent.map((event) => [
        event.name.replace(/:\d+/, ':PORT'),
        event.args?.cause,
        String(ends.find((end) => end.id === event.id)?.args?.error ?? ''),
      ]),
    ).toEqual([
      ['GET http://127.0.0.1:PORT/alone', undefined, expect.stringMatching(/ECONNREFUSED/)],
      ['GET http://127.0.0.1:PORT/orders/1', undefined, ''],
      ['GET http://127.0.0.1:PORT/stock/1', 'GET /orders/1', expect.stringMatching(/ECONNREFUSED/)],
      ['GET http://127.0.0.1:PORT/orders/2', undefined, ''],
      ['GET http://127.0.0.1:PORT/stock/2', 'GET /orders/2', expect.stringMatching(/ECONNREFUSED/)],
    ]);
    // The cause's id is its server request's async slice.
    for (const event of sent.filter((each) => each.args?.cause !== undefined)) {
      const cause = begins.find((begin) => begin.id === event.args?.causeId);
      expect(cause?.name).toBe(event.args?.cause);
      expect(cause?.args?.kind).toBe('server');
    }
  });

  it('the rules catch an async slice that never ends, ends twice or ends under another name', () => {
    const at = (ph: string, id: string, name: string, ts: number): TraceEventJson => ({
      ph,
      id,
      name,
      cat: 'http',
      pid: 1,
      tid: 1,
      ts,
    });
    const rules = new TraceEventRules();
    for (const event of [at('b', 'a', 'GET /', 1), at('b', 'b', 'GET /x', 2), at('e', 'b', 'GET /y', 3)])
      rules.feed(event);
    rules.feed(at('e', 'c', 'GET /z', 4));
    const problems = rules.finish().join('\n');
    expect(problems).toMatch(/async http\/a \('GET \/'\) never ends/);
    expect(problems).toMatch(/ends as 'GET \/y', began 'GET \/x'/);
    expect(problems).toMatch(/async http\/c ends without a begin/);
  });
});
