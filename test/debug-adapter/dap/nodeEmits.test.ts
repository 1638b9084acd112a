// Listeners run by emits the program does not write (issue 11 item 4 leftovers), replayed through
// the built adapter on Node 20 and 24: Node's own emits (an http server's 'request', a net server's
// 'connection', a stream's 'data'/'end', process 'exit'), a library's EventEmitter in node_modules,
// and the program's emits through aliases, computed keys and longer chains. A stop in each listener
// shows, below it, the label of the event that ran it; below that, the frames that called emit(…)
// — or, for Node's emits from the event loop, what scheduled the I/O — so the listener links back
// to its emit. A function run to find the emitter or an argument is no listener.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const NAME = 'origins/nodeEmits.js';
const FILE = fixture(NAME);
const LISTENERS = ['request', 'connection', 'data', 'end', 'tick', 'exit', 'alias'];

const shape = (frames: DebugProtocol.StackFrame[]) =>
  frames.map((frame) => (frame.presentationHint === 'label' ? `[${frame.name}]` : `${frame.name}:${frame.line}`));
/** "name:marker" → "name:line"; a label row as it is. */
const rows = (...expected: string[]) =>
  expected.map((row) => {
    if (row.startsWith('[')) return row;
    const [name, marker] = row.split(':');
    return `${name}:${lineOf(FILE, marker)}`;
  });

describe.each(nodeBinaries())('listeners of emits the program does not write, on $label', ({ path: node }) => {
  /** Every breakpoint stop, in time order: its Call Stack, and for onAlias how it was emitted. */
  const stops: Array<{ marker: string; shape: string[]; how?: string }> = [];
  beforeAll(async () => {
    const client = newClient();
    await client.start();
    const markers = [...LISTENERS.map((event) => `${event}-body`), 'get-bus'];
    const byLine = new Map(markers.map((marker) => [lineOf(FILE, marker), marker]));
    await client.launchAndStop(programArgs(NAME, { runtimeExecutable: node }), () =>
      client.setBreakpointsRequest({
        source: { path: FILE },
        breakpoints: [...byLine.keys()].map((line) => ({ line })),
      }),
    );
    for (let reason = 'breakpoint'; reason === 'breakpoint' && stops.length < 40;) {
      const frames = (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames;
      const marker = byLine.get(frames[0].line) ?? `line ${frames[0].line}`;
      const how = marker === 'alias-body' ? await client.evaluate('how') : undefined;
      stops.push({ marker, shape: shape(frames), how });
      reason = (await client.move('continue')).body.reason;
    }
  }, 60_000);
  const stopsAt = (marker: string) => stops.filter((stop) => stop.marker === marker).map((stop) => stop.shape);

  it.each([
    ['request', 'onRequest', '[http]', '<module>:server-listen'],
    ['connection', 'onConnection', '[net]', '<module>:tcp-listen'],
    ['data', 'onData', '[process.nextTick]', '<module>:stream-on'],
    ['end', 'onEnd', '[process.nextTick]', '<module>:stream-on'],
    ['tick', 'onTick', '[setImmediate]', '<module>:ticker-start'],
  ])(
    "Node's or a library's '%s' labels %s with its event, then what scheduled the I/O",
    (event, listener, ...below) => {
      const [first, ...later] = stopsAt(`${event}-body`);
      expect(first).toEqual(rows(`${listener}:${event}-body`, `[EventEmitter '${event}']`, ...below));
      // Later ones (a stream's next chunk, the next tick) are labelled alike.
      for (const stack of later) expect(stack.slice(0, 2)).toEqual(first.slice(0, 2));
    },
  );

  it("process 'exit' labels its listener, run by no callback (not the last one that ran)", () => {
    expect(stopsAt('exit-body')).toEqual([rows('onExit:exit-body', "[EventEmitter 'exit']")]);
  });

  it('an emit through an alias, call/apply, a computed key or a longer chain: its event, then the line that emitted', () => {
    const aliases = stops.filter((stop) => stop.marker === 'alias-body');
    expect(aliases.map((stop) => [stop.how, stop.shape])).toEqual(
      [
        ['bind', 'bound-emit'],
        ['destructured', 'destructured-emit'],
        ['apply', 'apply-emit'],
        ['computed', 'computed-emit'],
        ['long chain', 'long-emit'],
        ['returned', 'returned-emit'],
        ['element', 'element-emit'],
      ].map(([how, line]) => [`'${how}'`, rows('onAlias:alias-body', "[EventEmitter 'alias']", `<module>:${line}`)]),
    );
  });

  it('getBus() run for the receiver or an argument of an emit is no listener', () => {
    expect(stopsAt('get-bus')).toEqual([
      rows('getBus:get-bus', '<module>:returned-emit'),
      rows('getBus:get-bus', '<module>:returned-emit'),
    ]);
  });
});
