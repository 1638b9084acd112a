// Where a callback came from (issue 11 item 4), replayed through the built adapter: a stop inside
// a timer, promise reaction, tick, immediate, fs callback, a listener called from I/O or by the
// program's own emit (emitters.js: the caller's frames as they are, below "EventEmitter 'x'") shows —
// below a label naming what scheduled it — the frames that scheduled it, with the values they had
// at that moment, and "restart frame" on one of them moves the debugger to that moment.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';
import { evaluateIn } from './support/threads';

const newClient = useClient();
const NAME = 'origins/callbacks.js';
const FILE = fixture(NAME);

async function stopIn(marker: string): Promise<{ client: RecordingClient; frames: DebugProtocol.StackFrame[] }> {
  const client = newClient();
  await client.start();
  await client.launchAndStop(programArgs(NAME), () => breakAt(client, NAME, marker));
  const frames = (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames;
  return { client, frames };
}

const shape = (frames: DebugProtocol.StackFrame[]) =>
  frames.map((frame) => (frame.presentationHint === 'label' ? `[${frame.name}]` : `${frame.name}:${frame.line}`));

describe('callback origins in the Call Stack', () => {
  it('a timer callback shows setTimeout and the scheduling frames, with their values then', async () => {
    const { client, frames } = await stopIn('timer-body');
    expect(shape(frames)).toEqual([
      `onTimer:${lineOf(FILE, 'timer-body')}`,
      '[setTimeout]',
      `scheduleTimer:${lineOf(FILE, 'timer-schedule')}`,
      `<module>:${lineOf(FILE, 'call-timer')}`,
    ]);
    expect(frames[2].presentationHint).toBe('subtle');
    // The callback sees the program as it is now; the frames below the label as they were then.
    expect(await evaluateIn(client, frames[0].id, 'phase')).toBe("'running'");
    expect(await evaluateIn(client, frames[2].id, 'planned')).toBe('10');
    expect(await evaluateIn(client, frames[3].id, 'phase')).toBe("'scheduling'");
    const scopes = (await client.scopesRequest({ frameId: frames[2].id })).body.scopes;
    const local = await client.variablesRequest({ variablesReference: scopes[0].variablesReference });
    expect(local.body.variables.find((variable) => variable.name === 'delayMs')?.value).toBe('5');
    // One click: restart on a scheduling frame moves the debugger to the moment of scheduling.
    expect(frames[2].canRestart).toBe(true);
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const response = await client.request('restartFrame', { frameId: frames[2].id });
    expect(response.success).toBe(true);
    await stopped;
    const now = (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames;
    expect(shape(now)).toEqual([
      `scheduleTimer:${lineOf(FILE, 'timer-schedule')}`,
      `<module>:${lineOf(FILE, 'call-timer')}`,
    ]);
    expect(await evaluateIn(client, now[1].id, 'phase')).toBe("'scheduling'");
  });

  it.each([
    ['then-body', 'onThen', 'Promise.then', 'chain', 'then', 'call-chain'],
    ['tick-body', 'onTick', 'process.nextTick', 'others', 'tick', 'call-others'],
    ['immediate-body', 'onImmediate', 'setImmediate', 'others', 'immediate', 'call-others'],
    ['read-body', 'onRead', 'fs', 'others', 'read', 'call-others'],
  ])('a stop at %s shows %s below [%s]', async (marker, callback, label, scheduler, scheduledAt, calledAt) => {
    const { frames } = await stopIn(marker);
    expect(shape(frames)).toEqual([
      `${callback}:${lineOf(FILE, marker)}`,
      `[${label}]`,
      `${scheduler}:${lineOf(FILE, scheduledAt)}`,
      `<module>:${lineOf(FILE, calledAt)}`,
    ]);
  });

  it("a stream's listener shows its event and the I/O that called it, back to the statement that opened the stream", async () => {
    // The reads were issued by Node's stream code (no recorded frame): Node's emit names the event,
    // and the chain of async triggers leads back to the statement that created the stream.
    const { frames } = await stopIn('listener-body');
    expect(shape(frames)).toEqual([
      `onData:${lineOf(FILE, 'listener-body')}`,
      "[EventEmitter 'data']",
      '[fs]',
      `<module>:${lineOf(FILE, 'call-listen')}`,
    ]);
  });

  it("a listener called by the program's emit shows its caller below the event's label", async () => {
    const { frames } = await stopIn('ping-body');
    expect(shape(frames)).toEqual([
      `onPing:${lineOf(FILE, 'ping-body')}`,
      "[EventEmitter 'ping']",
      `<module>:${lineOf(FILE, 'emit')}`,
    ]);
  });

  describe("listeners of the program's emit calls (emitters.js)", () => {
    const EMITTERS = 'origins/emitters.js';
    const EMITTERS_FILE = fixture(EMITTERS);
    async function stopInEmitters(marker: string) {
      const client = newClient();
      await client.start();
      await client.launchAndStop(programArgs(EMITTERS), () => breakAt(client, EMITTERS, marker));
      return (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames;
    }

    it('names the event a literal names; the emitting frames are below, with their values now', async () => {
      const frames = await stopInEmitters('order-body');
      expect(shape(frames)).toEqual([
        `onOrder:${lineOf(EMITTERS_FILE, 'order-body')}`,
        "[EventEmitter 'order']",
        `publish:${lineOf(EMITTERS_FILE, 'publish')}`,
        `<module>:${lineOf(EMITTERS_FILE, 'call-publish')}`,
      ]);
    });

    it('a function called in the same statement after the emit returned is no listener', async () => {
      const frames = await stopInEmitters('after-emit');
      expect(shape(frames)).toEqual([
        `check:${lineOf(EMITTERS_FILE, 'after-emit')}`,
        `publish:${lineOf(EMITTERS_FILE, 'publish')}`,
        `<module>:${lineOf(EMITTERS_FILE, 'call-publish')}`,
      ]);
    });

    it.each([
      ['ring-body', 'onRing', 'ring', ['Kiosk.ring:super-emit', '<module>:call-ring']],
      ['audit-body', 'onAudit', 'audit', ['<module>:optional-emit']],
    ])("labels super.emit and an optional chain's emit too (%s)", async (marker, listener, event, below) => {
      const frames = await stopInEmitters(marker);
      expect(shape(frames)).toEqual([
        `${listener}:${lineOf(EMITTERS_FILE, marker)}`,
        `[EventEmitter '${event}']`,
        ...below.map((frame) => {
          const [name, at] = frame.split(':');
          return `${name}:${lineOf(EMITTERS_FILE, at)}`;
        }),
      ]);
    });

    it("an event named by a variable is named as it ran (Node's emit); listenerCount is the program's", async () => {
      const client = newClient();
      await client.start();
      const output: string[] = [];
      client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
      await client.launchAndStop(programArgs(EMITTERS), () => breakAt(client, EMITTERS, 'dynamic-body'));
      const frames = (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames;
      expect(shape(frames)).toEqual([
        `<anonymous>:${lineOf(EMITTERS_FILE, 'dynamic-body')}`,
        "[EventEmitter 'opened']",
        `Shop.open:${lineOf(EMITTERS_FILE, 'dynamic-emit')}`,
        `<module>:${lineOf(EMITTERS_FILE, 'call-open')}`,
      ]);
      // The program's listenerCount saw its one listener: nothing of ours was added to the emitter.
      expect(output.join('')).toContain('shop 1\n');
    });
  });
});
