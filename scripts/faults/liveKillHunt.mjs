// Hunts issue 12 item 11 (a live program SIGKILLed under the adapter, and no stop ever came):
// many sessions against a built adapter, each killing its program at a seeded random point in one
// of the adapter's windows, with programs unlike the DAP tests' own (an HTTP server with requests
// in flight, a fast writer, a worker thread and a child process, TypeScript). Every session must
// end in a `stopped` with frames, or a `terminated` that says nothing was recorded. One JSON line
// per run (seed, program, window, kill point, outcome) goes to stdout; a run is replayed by its seed.
//
//   node scripts/faults/liveKillHunt.mjs [--runs N] [--repo DIR] [--seed S] [--programs a,b] [--windows a,b]
//
// --repo: the checkout whose dist/debugAdapter.js is hunted (default: this one). Load is not this
// script's business: run CPU spinners beside it (`node -e 'for(;;);' &`) for a loaded machine.
import testSupport from '@vscode/debugadapter-testsupport';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seededRandom } from '../bench/pairedStats.mjs';

const { DebugClient } = testSupport;
const ANSWER_WITHIN_MS = 30_000;

const options = parseOptions(process.argv.slice(2));
const adapterPath = join(resolve(options.repo), 'dist/debugAdapter.js');
const folder = mkdtempSync(join(tmpdir(), 'rewind-killhunt-'));

/** The hunted programs; `line` marks where a breakpoint goes (`// @hunt`). */
const PROGRAMS = {
  server: {
    file: 'server.js',
    text: `const http = require('node:http');
function handle(request, response) {
  const greeting = 'hello ' + request.url; // @hunt
  setTimeout(() => response.end(greeting + '\\n'), Math.random() * 20);
}
const server = http.createServer(handle);
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
`,
  },
  writer: {
    file: 'writer.js',
    text: `let line = 0;
function burst() {
  for (let i = 0; i < 200; i++) {
    line++; // @hunt
    process.stdout.write('line ' + line + ' ' + 'x'.repeat(60) + '\\n');
    if (i % 50 === 0) process.stderr.write('err ' + line + '\\n');
  }
  setImmediate(burst);
}
burst();
`,
  },
  workerChild: {
    file: 'workerChild.js',
    text: `const { Worker } = require('node:worker_threads');
const { fork } = require('node:child_process');
const path = require('node:path');
if (process.argv[2] === 'child') {
  process.on('message', (m) => process.send({ answer: m.value * 10 }));
} else {
  const worker = new Worker("const { parentPort } = require('node:worker_threads');" +
    "parentPort.on('message', (m) => parentPort.postMessage(m * 2));", { eval: true });
  const child = fork(__filename, ['child']);
  let ticks = 0;
  worker.on('message', (value) => console.log('worker ' + value));
  child.on('message', (reply) => console.log('child ' + reply.answer));
  setInterval(() => {
    ticks++; // @hunt
    worker.postMessage(ticks);
    child.send({ value: ticks });
  }, 10);
}
`,
  },
  typescript: {
    file: 'ticks.ts',
    text: `interface Tick { count: number; label: string }
let count = 0;
function next(previous: Tick): Tick {
  const label: string = 'tick ' + (previous.count + 1); // @hunt
  return { count: previous.count + 1, label };
}
let tick: Tick = { count, label: 'start' };
setInterval(() => {
  tick = next(tick);
  if (tick.count % 10 === 0) console.log(tick.label);
}, 5);
`,
  },
  busy: {
    file: 'busy.js',
    text: `let spins = 0;
while (true) {
  spins++; // @hunt
}
`,
  },
};

/**
 * Where the kill lands. random: anywhere from spawn on; configured: in the same turn as
 * configurationDone; indexing: while a backlog is being indexed (bytes arriving); requests: while
 * stackTrace/scopes/variables requests are answered at a live stop, then a Continue; step: around
 * a live next/stepIn/continue from a breakpoint.
 */
const WINDOWS = ['random', 'configured', 'indexing', 'requests', 'step'];

for (const [name, program] of Object.entries(PROGRAMS)) {
  program.path = join(folder, program.file);
  writeFileSync(program.path, program.text);
  program.line = program.text.split('\n').findIndex((line) => line.includes('@hunt')) + 1;
  program.name = name;
}

const programs = (options.programs ?? Object.keys(PROGRAMS)).map((name) => PROGRAMS[name]);
const windows = options.windows ?? WINDOWS;
let failures = 0;
for (let run = 0; run < options.runs; run++) {
  const seed = options.seed + run;
  const random = seededRandom(seed);
  const program = programs[Math.floor(random() * programs.length)];
  const window = windows[Math.floor(random() * windows.length)];
  const startedMs = Date.now();
  const outcome = await huntOnce(program, window, random).catch((error) => ({ ok: false, why: String(error) }));
  if (!outcome.ok) failures++;
  const line = { run, seed, program: program.name, window, ms: Date.now() - startedMs, ...outcome };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
process.stdout.write(`${JSON.stringify({ runs: options.runs, failures })}\n`);
process.exit(failures > 0 ? 1 : 0);

async function huntOnce(program, window, random) {
  const client = new DebugClient(process.execPath, adapterPath, 'rewind', { cwd: folder }, false);
  client.defaultTimeout = 20_000;
  await client.start();
  const adapter = client._adapterProcess;
  adapter?.stdin.on('error', () => undefined);
  const said = [];
  // An adapter that dies (an unhandled rejection ends a Node process) is silence too: say how.
  let stderr = '';
  adapter?.stderr?.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  adapter?.on('exit', (code, signal) => said.push(`adapter exited: ${code ?? signal} ${stderr}`));
  for (const event of ['output', 'stopped', 'terminated', 'exited'])
    client.on(event, (message) => said.push(`${event}:${JSON.stringify(message.body ?? {}).slice(0, 200)}`));
  let recordedEvents = 0;
  let recordedBytes = 0;
  let held = false;
  client.on('rewind/recordingStats', (message) => {
    held ||= message.body?.held === true;
    recordedEvents = Math.max(recordedEvents, message.body?.events ?? 0);
    recordedBytes = Math.max(recordedBytes, message.body?.bytes ?? 0);
  });
  const traffic = program.name === 'server' ? serverTraffic() : undefined;
  try {
    const processEvent = client.waitForEvent('process', 20_000);
    const launch = { program: program.path, cwd: folder, live: true };
    const breakpoint = window === 'requests' || window === 'step';
    const answer = firstAnswer(client);
    let point = '';
    let pid = 0;
    const kill = () => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };

    const initialized = client.waitForEvent('initialized');
    await client.initializeRequest({ adapterID: 'rewind', linesStartAt1: true, columnsStartAt1: true });
    await initialized;
    await client.launchRequest(launch);
    pid = Number((await processEvent).body.systemProcessId);
    if (breakpoint)
      await client.setBreakpointsRequest({
        source: { path: program.path },
        breakpoints: [{ line: program.line, hitCondition: String(1 + Math.floor(random() * 5)) }],
      });
    if (window === 'configured') {
      // Mostly once the program waits at its first step for the configuration (what the session
      // binds and resumes there is the window), else a random time after the launch.
      const atFirstStep = random() < 0.75;
      const leadMs = Math.floor(random() * 400);
      const startedMs = Date.now();
      if (atFirstStep) while (!held && Date.now() - startedMs < 15_000) await sleep(5);
      await sleep(atFirstStep ? leadMs % 50 : leadMs);
      const before = random() < 0.5;
      if (before) kill();
      const done = client.configurationDoneRequest();
      if (!before) kill();
      await done.catch(() => undefined);
      const when = atFirstStep
        ? `${Date.now() - startedMs} ms after launch, held: ${held}`
        : `${leadMs} ms after launch`;
      point = `${before ? 'before' : 'after'} configurationDone, ${when}`;
      return await judge(client, await answer, point, recordedEvents, said);
    }
    await client.configurationDoneRequest();
    if (traffic) traffic.start(said);
    if (window === 'random') {
      // Half from configurationDone (start-up included), half once steps arrive (a loaded machine
      // starts a program slowly: most early kills would land before its first statement).
      const afterSteps = random() < 0.5;
      const startedMs = Date.now();
      if (afterSteps) while (recordedEvents === 0 && Date.now() - startedMs < 15_000) await sleep(5);
      const delayMs = Math.floor(random() * (afterSteps ? 400 : 1500));
      await sleep(delayMs);
      point = `${delayMs} ms after ${afterSteps ? `the first recorded events (${recordedEvents})` : 'configurationDone'}`;
      kill();
      return await judge(client, await answer, point, recordedEvents, said);
    }
    if (window === 'indexing') {
      const startedMs = Date.now();
      const wantBytes = Math.floor(random() * 4_000_000);
      while (recordedBytes < wantBytes && Date.now() - startedMs < 8000) await sleep(5);
      point = `${recordedBytes} bytes received (wanted ${wantBytes})`;
      kill();
      return await judge(client, await answer, point, recordedEvents, said);
    }
    // requests / step: from a live stop at the breakpoint.
    const first = await answer;
    if (!first?.stopped) return judge(client, first, 'before the breakpoint', recordedEvents, said);
    const threadId = first.stopped.body.threadId ?? 1;
    if (window === 'requests') {
      const count = 1 + Math.floor(random() * 20);
      const leadCount = Math.floor(random() * count);
      const asked = [];
      for (let index = 0; index < count; index++) {
        if (index === leadCount) kill();
        asked.push(inspect(client, threadId));
        if (random() < 0.5) await sleep(Math.floor(random() * 20));
      }
      const next = firstAnswer(client);
      await Promise.allSettled(asked);
      if (random() < 0.5) await sleep(Math.floor(random() * 300));
      await client.continueRequest({ threadId }).catch(() => undefined);
      point = `after ${leadCount} of ${count} inspection requests, then continue`;
      return await judge(client, await next, point, recordedEvents, said);
    }
    const move = ['next', 'stepIn', 'continue'][Math.floor(random() * 3)];
    const leadMs = Math.floor(random() * 80) - 40;
    const next = firstAnswer(client);
    if (leadMs < 0) {
      kill();
      await sleep(-leadMs);
    }
    await client.send(move, { threadId }).catch(() => undefined);
    if (leadMs >= 0) {
      await sleep(leadMs);
      kill();
    }
    point = `${move}, kill ${leadMs} ms after it`;
    // A step that stopped before the kill: the session must still stop again after a Continue.
    let result = await next;
    if (result?.stopped && leadMs >= 0) {
      const again = firstAnswer(client);
      await sleep(300);
      await client.continueRequest({ threadId: result.stopped.body.threadId ?? threadId }).catch(() => undefined);
      result = await again;
      point += ', then continue';
    }
    return await judge(client, result, point, recordedEvents, said);
  } finally {
    traffic?.stop();
    await Promise.race([client.disconnectRequest({}).catch(() => undefined), sleep(3000)]);
    adapter?.kill('SIGKILL');
  }
}

/** A stackTrace, then scopes and variables of its top frame, as VS Code asks at a stop. */
async function inspect(client, threadId) {
  const trace = await client.stackTraceRequest({ threadId });
  const frame = trace.body.stackFrames[0];
  if (!frame) return;
  const scopes = await client.scopesRequest({ frameId: frame.id });
  for (const scope of scopes.body.scopes.slice(0, 2))
    await client.variablesRequest({ variablesReference: scope.variablesReference });
}

/** The first stop or end, or undefined after the bound (the hang). */
function firstAnswer(client) {
  return Promise.race([
    client.waitForEvent('stopped', ANSWER_WITHIN_MS).then((event) => ({ stopped: event })),
    client.waitForEvent('terminated', ANSWER_WITHIN_MS).then(() => ({ terminated: true })),
  ]).catch(() => undefined);
}

async function judge(client, result, point, eventsAtKill, said) {
  if (!result) return { ok: false, point, why: `no stop within ${ANSWER_WITHIN_MS} ms`, said: said.slice(-12) };
  if (result.terminated) {
    const text = said.join('\n');
    const why = /(Nothing was recorded[^"]{0,60}|\[rewind:dap\][^"]{0,120})/.exec(text)?.[1];
    return {
      ok: why !== undefined,
      point,
      outcome: 'terminated',
      eventsAtKill,
      ...(why ? { why } : { said: said.slice(-12) }),
    };
  }
  const trace = await client.stackTraceRequest({ threadId: result.stopped.body.threadId ?? 1 }).catch(() => undefined);
  const frames = trace?.body.stackFrames.length ?? 0;
  return {
    ok: frames > 0,
    point,
    outcome: `stopped:${result.stopped.body.reason}`,
    frames,
    ...(result.stopped.body.description ? { description: result.stopped.body.description.slice(0, 160) } : {}),
  };
}

/** Requests kept in flight against the server program, once it printed its port. */
function serverTraffic() {
  let port = 0;
  let stopped = false;
  let look;
  const send = (lane) => {
    if (stopped) return;
    const ask = request({ host: '127.0.0.1', port, path: `/lane${lane}`, timeout: 2000 }, (response) => {
      response.resume();
      response.on('end', () => send(lane));
    });
    ask.on('error', () => setTimeout(() => send(lane), 20));
    ask.on('timeout', () => ask.destroy());
    ask.end();
  };
  return {
    start(said) {
      look = setInterval(() => {
        const line = said.find((text) => /port \d+/.test(text));
        if (!line || port) return;
        port = Number(/port (\d+)/.exec(line)[1]);
        for (let lane = 0; lane < 4; lane++) send(lane);
      }, 10);
    },
    stop() {
      stopped = true;
      clearInterval(look);
    },
  };
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

function parseOptions(args) {
  const value = (name) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  return {
    runs: Number(value('runs') ?? 20),
    seed: Number(value('seed') ?? Date.now() % 1_000_000),
    repo: value('repo') ?? new URL('../..', import.meta.url).pathname,
    programs: value('programs')?.split(','),
    windows: value('windows')?.split(','),
  };
}
