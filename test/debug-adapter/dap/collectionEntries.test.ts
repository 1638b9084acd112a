// Issue 12: data breakpoints on a Map's and a Set's entries, the rows js-debug shows as a
// collection's children. The breakpoint stops, both directions, where the entry of that key was
// written: a recorded set of the key (not of another key), delete and clear of it, a builtin's write
// through Map.prototype.set.call, and — going back — where the collection was made with it.
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const PROGRAM = 'collectionEntries.js';
const FILE = fixture(PROGRAM);

/** The data breakpoint id for the row `name` under a variable's reference. */
async function entryDataId(client: RecordingClient, reference: number, name: string): Promise<string> {
  const info = await client.dataBreakpointInfoRequest({ variablesReference: reference, name });
  expect(info.body.dataId, info.body.description).toEqual(expect.any(String));
  return info.body.dataId!;
}

/** Watches the entry at `row` of a collection variable; the line breakpoint that stopped here is cleared. */
async function watchEntry(client: RecordingClient, variable: string, row: string): Promise<void> {
  await client.setBreakpointsRequest({ source: { path: FILE }, breakpoints: [] });
  const holder = (await client.locals()).get(variable);
  expect(holder?.variablesReference, variable).toBeGreaterThan(0);
  const dataId = await entryDataId(client, holder!.variablesReference, row);
  const set = await client.setDataBreakpointsRequest({ breakpoints: [{ dataId }] });
  expect(set.body.breakpoints[0].verified).toBe(true);
}

async function stopLines(client: RecordingClient, command: 'continue' | 'reverseContinue'): Promise<number[]> {
  const lines: number[] = [];
  for (;;) {
    const stopped = await client.move(command);
    if (stopped.body.reason !== 'data breakpoint') return lines;
    lines.push((await client.topFrame()).line);
  }
}

const line = (marker: string) => lineOf(FILE, marker);

describe('a data breakpoint on a Map entry', () => {
  it("stops forward at each write of that key and back to the Map's creation", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(PROGRAM), () => breakAt(client, PROGRAM, 'set-new'));
    const table = (await client.locals()).get('table')!;
    expect((await client.children(table.variablesReference)).get('0')?.value).toBe("'k' => 'v'");
    await watchEntry(client, 'table', '0');
    expect(await stopLines(client, 'continue')).toEqual([
      line('map-set'),
      line('map-delete'),
      line('map-set-again'),
      line('map-set-call'),
      line('map-clear'),
    ]);
    expect(await stopLines(client, 'reverseContinue')).toEqual([
      line('map-clear'),
      line('map-set-call'),
      line('map-set-again'),
      line('map-delete'),
      line('map-set'),
      line('map-new'),
    ]);
  });

  it("the entry's own key and value rows watch the same entry", async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(PROGRAM), () => breakAt(client, PROGRAM, 'set-new'));
    const table = (await client.locals()).get('table')!;
    const entry = (await client.children(table.variablesReference)).get('0')!;
    const fromValue = await entryDataId(client, entry.variablesReference, 'value');
    expect(fromValue).toBe(await entryDataId(client, table.variablesReference, '0'));
    expect(await entryDataId(client, entry.variablesReference, 'key')).toBe(fromValue);
  });
});

describe('a data breakpoint on a Set entry', () => {
  it('stops where the value was added or deleted', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(PROGRAM), () => breakAt(client, PROGRAM, 'map-set'));
    await watchEntry(client, 'tags', '0');
    expect(await stopLines(client, 'continue')).toEqual([line('set-delete')]);
    expect(await stopLines(client, 'reverseContinue')).toEqual([line('set-delete'), line('set-new')]);
  });
});
