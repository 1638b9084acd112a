// What the editor needs from the adapter to stay safe and truthful while stopped (issue 15 §1, §2,
// §6): stack frames carry a position and never a range (VS Code selects a frame's range, and a
// stray key then replaced the statement); custom moves (`rewind/seek`, `rewind/stepBackOut`) say
// `continued` before they stop, so no stale exception state survives a jump — with their response
// between the two, so VS Code has handled `continued` before `stopped` comes; Step Back Out lands
// on the call site in one request; a missing path is named.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

describe('stack frames select nothing', () => {
  it('every frame has a line and column and no endLine/endColumn', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('recursion.js'), () => breakAt(client, 'recursion.js', 'fact-base'));
    const trace = await client.stackTraceRequest({ threadId: 1 });
    expect(trace.body.stackFrames.length).toBeGreaterThan(1);
    for (const frame of trace.body.stackFrames) {
      expect(frame.line).toBeGreaterThan(0);
      expect(frame).not.toHaveProperty('endLine');
      expect(frame).not.toHaveProperty('endColumn');
    }
  });
});

describe('custom moves refresh the client', () => {
  it('rewind/seek from an exception stop: continued, then a goto stop that is no exception', async () => {
    const client = newClient();
    await client.start();
    const first = await client.launchAndStop(programArgs('exceptions.js'), () =>
      client.setExceptionBreakpointsRequest({ filters: ['uncaught'] }),
    );
    expect(first.body.reason).toBe('exception');
    const order: string[] = [];
    client.on('continued', (event: DebugProtocol.ContinuedEvent) =>
      order.push(`continued ${event.body.threadId} all=${String(event.body.allThreadsContinued)}`),
    );
    client.on('stopped', (event: DebugProtocol.StoppedEvent) => order.push(`stopped ${event.body.reason}`));
    const stopped = client.waitForEvent('stopped');
    const mark = client.log.length;
    await client.customRequest('rewind/seek', { step: 1 });
    await stopped;
    expect(order).toEqual(['continued 1 all=true', 'stopped goto']);
    expect(wireOrder(client, mark)).toEqual(['continued', 'response rewind/seek', 'stopped']);
    // The new moment is not an exception: asking for one is refused, so no widget can show it.
    const info = await client.request('exceptionInfo', { threadId: 1 });
    expect(info.success).toBe(false);
  });

  it('rewind/stepBackOut goes back to the call site of the current frame in one request', async () => {
    const client = newClient();
    await client.start();
    const file = fixture('recursion.js');
    await client.launchAndStop(programArgs('recursion.js'), () =>
      breakAt(client, 'recursion.js', 'fact-base', { condition: 'n <= 1' }),
    );
    const depthAtBase = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames.length;
    const order: string[] = [];
    client.on('continued', () => order.push('continued'));
    client.on('stopped', () => order.push('stopped'));
    const stopped = client.waitForEvent('stopped');
    const mark = client.log.length;
    const response = await client.request('rewind/stepBackOut', { threadId: 1 });
    expect(response.success).toBe(true);
    await stopped;
    expect(order).toEqual(['continued', 'stopped']);
    expect(wireOrder(client, mark)).toEqual(['continued', 'response rewind/stepBackOut', 'stopped']);
    const trace = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    // One frame fewer, on the line that made the call (the recursive call inside factorial).
    expect(trace.length).toBe(depthAtBase - 1);
    expect(trace[0]?.line).toBe(lineOf(file, 'fact-call'));
    expect((await client.locals()).get('n')?.value).toBe('2');
  });
});

/**
 * `continued`, the response and `stopped` as they crossed the wire since `mark`. VS Code runs two
 * events in one task but a response in its own: with `stopped` right behind `continued`, its
 * `continued` handler cleared the new stop's details a microtask later (a blank Call Stack header).
 */
function wireOrder(client: ReturnType<typeof newClient>, mark: number): string[] {
  return client.log
    .slice(mark)
    .filter((entry) => entry.direction === 'in')
    .map(({ message }) =>
      message.type === 'response'
        ? `response ${(message as DebugProtocol.Response).command}`
        : (message as DebugProtocol.Event).event,
    )
    .filter((name) => name === 'continued' || name === 'stopped' || name.startsWith('response'));
}

describe('a missing path is named', () => {
  it.each([{}, { deferred: true }])(
    'a program in a folder that does not exist: the launch names the missing path, not the runtime (%o)',
    async (extra) => {
      const client = newClient();
      await client.start();
      await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
      const missing = path.join(path.dirname(fixture('loops.js')), 'no-such-folder', 'app.js');
      const response = await client.request('launch', { program: missing, ...extra });
      expect(response.success).toBe(false);
      expect(response.message).toContain(missing);
      expect(response.message).not.toMatch(/ENOENT/);
    },
  );
});

describe("the Debug Console is the program's", () => {
  const outputOf = async (extra: Record<string, unknown>): Promise<string> => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    await client.launchAndStop(programArgs('loops.js', extra));
    await client.close();
    return output.join('');
  };

  it('Rewind\'s own notes (instrumentation cache) appear only with "verbose": true', async () => {
    const quiet = await outputOf({});
    expect(quiet).toContain('total 30'); // the program's own output is there
    expect(quiet).not.toContain('instrumentation cache');
    expect(await outputOf({ verbose: true })).toMatch(/\[rewind\] instrumentation cache: \d+ hits, \d+ misses/);
  });
});

describe('reopening a saved recording', () => {
  it("prints the program's output again, each line with the place and step of the statement that printed it", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rewind-reopen-'));
    const saved = path.join(folder, 'loops.rwd');
    const recorder = newClient();
    await recorder.start();
    await recorder.launchAndStop(programArgs('loops.js'));
    await recorder.customRequest('rewind/saveTrace', { path: saved });
    await recorder.close();

    const reader = newClient();
    await reader.start();
    const outputs: DebugProtocol.OutputEvent[] = [];
    reader.on('output', (event: DebugProtocol.OutputEvent) => outputs.push(event));
    await reader.launchAndStop({ trace: saved });
    const printed = outputs.filter((event) => event.body.category === 'stdout');
    expect(printed.map((event) => event.body.output).join('')).toContain('total 30');
    const line = printed.find((event) => event.body.output.includes('total 30'));
    expect(line?.body.source?.path).toBe(fixture('loops.js'));
    expect(line?.body.line).toBe(lineOf(fixture('loops.js'), 'loops-print'));
    const step = (line?.body.data as { step?: number } | undefined)?.step;
    expect(Number.isInteger(step)).toBe(true);
    // The step is the moment it was printed: seeking there stands on the printing statement.
    const stopped = reader.waitForEvent('stopped');
    await reader.customRequest('rewind/seek', { step });
    await stopped;
    expect((await reader.topFrame()).line).toBe(lineOf(fixture('loops.js'), 'loops-print'));
  });
});

describe('Locals open by default', () => {
  it("a call's return value is the first entry of Local, and Local is the first scope", async () => {
    const client = newClient();
    await client.start();
    // `return n * rest` with n = 2: the call factorial(1) on the line before has just returned 1.
    await client.launchAndStop(programArgs('recursion.js'), () =>
      breakAt(client, 'recursion.js', 'fact-return', { condition: 'n === 2' }),
    );
    const frame = await client.topFrame();
    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
    expect(scopes[0]).toMatchObject({ name: 'Local', presentationHint: 'locals' });
    expect(scopes.map((scope) => scope.name)).not.toContain('Return value');
    const local = await client.children(scopes[0].variablesReference);
    expect([...local.keys()][0]).toBe('factorial()');
    expect(local.get('factorial()')?.value).toBe('1');
    expect(local.get('n')?.value).toBe('2');
    expect(scopes[0].namedVariables).toBe(local.size);
  });
});

describe('REPL completions', () => {
  it('complete the names in scope and, after a dot, the recorded properties of the value', async () => {
    const client = newClient();
    await client.start();
    const initialized = await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    expect(initialized.body?.supportsCompletionsRequest).toBe(true);
    await client.close();

    const session = newClient();
    await session.start();
    await session.launchAndStop(programArgs('recursion.js'), () =>
      breakAt(session, 'recursion.js', 'fact-return', { condition: 'n === 2' }),
    );
    const frameId = (await session.topFrame()).id;
    const complete = async (text: string): Promise<string[]> => {
      const response = await session.completionsRequest({ text, column: text.length + 1, frameId });
      return response.body.targets.map((target) => target.label);
    };
    expect(await complete('re')).toEqual(['rest']);
    expect(await complete('n * re')).toEqual(['rest']);
    expect(await complete('')).toEqual(expect.arrayContaining(['n', 'rest']));

    const objects = newClient();
    await objects.start();
    await objects.launchAndStop(programArgs('mutation.js'), () => breakAt(objects, 'mutation.js', 'mut-x'));
    const objectFrame = (await objects.topFrame()).id;
    const members = await objects.completionsRequest({
      text: 'point.',
      column: 'point.'.length + 1,
      frameId: objectFrame,
    });
    // At `point.x = 10`, point is { x: 1, y: 2 } as recorded.
    expect(members.body.targets.map((target) => target.label).sort()).toEqual(['x', 'y']);
  });
});
