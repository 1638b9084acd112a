// Breakpoints in modules loaded after a live session started (issue 13 item 3): the loader flags
// the pending breakpoints of a file as it registers the file's probes, so a breakpoint in its
// top-level code stops the program before that code runs (the adapter learns the file only later);
// CommonJS (require) and ES modules (a dynamic import() on the off-thread loader) alike.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/polling';
import { fixture, lineOf, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('liveLate/main.js');
const LATE = fixture('liveLate/lateModule.js');
const ESM_MAIN = fixture('liveLateEsm/main.mjs');
const ESM_LATE = fixture('liveLateEsm/lateModule.mjs');

describe('live breakpoints in late-loaded modules', () => {
  it('a breakpoint in a module required later stops in its top-level code, before it runs', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const stop = await client.launchAndStop({ program: MAIN, cwd: fixture('liveLate'), live: true }, () =>
      client.setBreakpointsRequest({ source: { path: LATE }, breakpoints: [{ line: lineOf(LATE, 'late-top') }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(LATE);
    expect(frame.line).toBe(lineOf(LATE, 'late-top'));
    expect(await client.evaluate('base')).toBe('20');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output.join('')).not.toContain('late module ran');
    // Continue: the module's code runs on, and main goes on with it.
    await client.setBreakpointsRequest({ source: { path: LATE }, breakpoints: [] });
    await client.request('continue', { threadId: stop.body.threadId });
    await waitUntil(() => output.join('').includes('loaded 42'), 5000);
    expect(output.join('')).toContain('late module ran 42');
    expect(output.join('')).toContain('loaded 42');
  });

  it('a breakpoint in an ES module imported later (dynamic import()) stops in its top-level code, before it runs', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const line = lineOf(ESM_LATE, 'late-esm-top');
    const stop = await client.launchAndStop({ program: ESM_MAIN, cwd: fixture('liveLateEsm'), live: true }, () =>
      client.setBreakpointsRequest({ source: { path: ESM_LATE }, breakpoints: [{ line }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(ESM_LATE);
    expect(frame.line).toBe(line);
    expect(await client.evaluate('base')).toBe('20');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output.join('')).not.toContain('late module ran');
    await client.setBreakpointsRequest({ source: { path: ESM_LATE }, breakpoints: [] });
    await client.request('continue', { threadId: stop.body.threadId });
    await waitUntil(() => output.join('').includes('loaded 42'), 5000);
    expect(output.join('')).toContain('late module ran 42');
  });
});
