// Fault injection on the "nothing was recorded" message (issue 10 item 12): a killed, cut-short
// or damaged recording with no step, or one whose files ran uninstrumented, must not send the
// user to check include/exclude; that advice stays for the case it describes.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordType } from '../../runtime/format';
import { nothingRecordedMessage } from '../../debug-adapter/session/nothingRecorded';
import { buildTrace, endRecord, jsonPayload, type TestRecord } from '../support/traceFile';
import { useClient } from '../debug-adapter/dap/support/session';

const newClient = useClient();
const PRODUCER: TestRecord = {
  type: RecordType.PRODUCER,
  payload: jsonPayload({
    producerId: 0,
    pid: 7,
    ppid: 1,
    threadId: 0,
    argv: ['node', 'a.js'],
    nodeVersion: 'v20',
    startWallTimeMs: 1,
  }),
};

async function messageFor(records: TestRecord[]): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'rewind-nothing-')), 'trace.rwd');
  writeFileSync(path, buildTrace(records));
  const client = newClient();
  await client.start();
  const output: string[] = [];
  client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
  const terminated = client.waitForEvent('terminated', 30_000);
  const initialized = client.waitForEvent('initialized');
  await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
  await initialized;
  await client.launchRequest({ trace: path } as DebugProtocol.LaunchRequestArguments);
  await client.configurationDoneRequest();
  await terminated;
  return output.join('');
}

describe('a recording with no step says why', () => {
  it('killed before any statement: says killed, not include/exclude', async () => {
    const text = await messageFor([PRODUCER, endRecord(0, 'killed', null)]);
    expect(text).toContain('Nothing was recorded: the program was killed');
    expect(text).not.toContain('"include"');
  });

  it('cut short (no END): says the recording ends before the program did', async () => {
    const text = await messageFor([PRODUCER]);
    expect(text).toContain('cut short or is damaged');
    expect(text).not.toContain('"include"');
  });

  it('files left uninstrumented (a NOTE says so): names that, not include/exclude', () => {
    const summary = {
      totalSteps: 0,
      firstStep: 0,
      ended: true,
      endReason: 'exit',
      exitCode: 0,
      notes: ['/app/big.js: runs uninstrumented (too-large): 1.2 MB'],
      lostAfterLastStep: 0,
    };
    expect(nothingRecordedMessage(summary, 0)).toContain('left uninstrumented');
  });

  it('the program ended on its own and no file was instrumented: include/exclude is the advice', async () => {
    const text = await messageFor([PRODUCER, endRecord()]);
    expect(text).toContain('check "include" and "exclude"');
  });
});
