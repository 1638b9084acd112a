// Fault injection: a drop-newest recording whose buffer stayed full to the end (issue 10 item 12).
// The first stop at the end of such a recording must say that later events were not recorded —
// "End of the recording" alone reads as "the program stopped here". A gap in the middle does not.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../support/traceBuilder';
import { useClient } from '../debug-adapter/dap/support/session';

const newClient = useClient();

function loopTrace(where: 'tail' | 'middle'): string {
  const builder = new TraceBuilder();
  builder.file('/app/loop.js');
  const module = builder.module({ line: 1 });
  const head = builder.stmt(1, module);
  const body = builder.stmt(2, module);
  builder.enter(module);
  for (let index = 0; index < 10; index++) {
    if (where === 'middle' && index === 5) builder.lost(700);
    builder.step(head).step(body);
  }
  if (where === 'tail') builder.lost(21_121);
  const path = join(mkdtempSync(join(tmpdir(), 'rewind-tail-')), 'loop.rwd');
  writeFileSync(
    path,
    builder.end({ reason: 'exit', exitCode: 0, eventsLost: where === 'tail' ? 21_121 : 700 }).bytes(),
  );
  return path;
}

async function firstStop(trace: string): Promise<DebugProtocol.StoppedEvent['body']> {
  const client = newClient();
  await client.start();
  const initialized = client.waitForEvent('initialized');
  const stopped = client.waitForEvent('stopped');
  await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
  await initialized;
  await client.launchRequest({ trace } as DebugProtocol.LaunchRequestArguments);
  await client.configurationDoneRequest();
  return (await stopped).body as DebugProtocol.StoppedEvent['body'];
}

describe('the end of a recording whose tail was dropped', () => {
  it('says how many later events were not recorded', async () => {
    const stop = await firstStop(loopTrace('tail'));
    expect(stop.description).toMatch(
      /^End of the recording\. 21121 later events were not recorded \(the buffer was full\)/,
    );
  });

  it('a gap in the middle leaves the end as it is', async () => {
    const stop = await firstStop(loopTrace('middle'));
    expect(stop.description).toBe('End of the recording.');
  });
});
