// Issue #10 item 5's figure: the adapter's peak memory opening a large saved trace. `gen` writes a
// synthetic trace of about SIZE MiB (a loop's STEP and WRITE events, the same 1 MiB EVENTS record
// repeated, streamed to disk); `open` opens it as the adapter does (openTraceRecording, default
// window unless WINDOW_MIB) and prints peak RSS and CPU. Run through scripts/faults/openPeak.mjs.
import { closeSync, openSync, writeSync } from 'node:fs';
import { frameRecord } from '../../debug-adapter/recording/framing';
import { openTraceRecording } from '../../debug-adapter/session/traceRecording';
import { TraceBuilder, frameTrace } from '../../test/support/traceBuilder';

function generate(path: string, sizeMiB: number): void {
  const builder = new TraceBuilder();
  builder.recordWords = 1 << 18; // 1 MiB records
  const module = builder.module();
  const statement = builder.stmt(2, module);
  const write = builder.writeProbe('total', module, module, { line: 2 });
  builder.enter(module);
  const head = builder.takeRecords();
  for (let turn = 0; builder.eventsEmitted < 200_000; turn++) builder.step(statement).ownWrite(write, turn * 7919);
  const [events] = builder.takeRecords();
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, frameTrace(head));
    const producerId = events.producerId;
    for (let sequence = head.length; sequence < head.length + sizeMiB; sequence++)
      writeSync(fd, frameRecord({ type: events.type, flags: 0, producerId, sequence, payload: events.payload }));
  } finally {
    closeSync(fd);
  }
}

async function open(path: string, windowMiB: number | undefined): Promise<void> {
  const startCpu = process.cpuUsage();
  const startMs = performance.now();
  const listener = { output() {}, stats() {}, exited() {}, progress() {} };
  const recording = await openTraceRecording(path, listener, new AbortController().signal, {
    ...(windowMiB === undefined ? {} : { windowBytes: windowMiB * 2 ** 20 }),
  });
  const cpu = process.cpuUsage(startCpu);
  const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const wallS = ((performance.now() - startMs) / 1000).toFixed(1);
  const cpuS = ((cpu.user + cpu.system) / 1e6).toFixed(1);
  console.log(JSON.stringify({ peakRssMiB: peakMiB, wallS, cpuS, window: windowMiB ?? 'default' }));
  void recording;
}

const [command, path, size] = process.argv.slice(2);
if (command === 'gen') generate(path, Number(size));
else void open(path, process.env.WINDOW_MIB ? Number(process.env.WINDOW_MIB) : undefined);
