// Coming back to a moment shows that moment, whatever was shown before (DAP-08): at the first step
// of loop.js after a reverse-continue, nothing from later stops leaks into the Variables view.
// And the end of a recording is a place to stop, not the end of the session (ARCHITECTURE §4).
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { REPO_ROOT } from './support/fixtures';
import { useClient } from './support/session';

const newClient = useClient();
const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');
const LOOP = path.join(WORKSPACE, 'loop.js');

/** Every scope of the top frame, name → (variable name → value), as a client would fetch them. */
async function allScopes(client: RecordingClient): Promise<Record<string, Record<string, string>>> {
  const frame = await client.topFrame();
  const scopes = await client.scopesRequest({ frameId: frame.id });
  const shown: Record<string, Record<string, string>> = {};
  for (const scope of scopes.body.scopes) {
    const variables = await client.variablesRequest({ variablesReference: scope.variablesReference });
    shown[scope.name] = Object.fromEntries(variables.body.variables.map((variable) => [variable.name, variable.value]));
  }
  return shown;
}

describe('revisiting the first step of loop.js (DAP-08)', () => {
  it('shows no value from the future after continue then reverse-continue back to the start', async () => {
    const client = newClient();
    await client.start();
    const first = await client.launchAndStop({ program: LOOP, cwd: WORKSPACE }, () =>
      client.setBreakpointsRequest({ source: { path: LOOP }, breakpoints: [{ line: 5 }] }),
    );
    expect(first.body.reason).toBe('breakpoint');
    const atBreakpoint = await allScopes(client);
    expect(JSON.stringify(atBreakpoint)).toMatch(/"i":"1"/);
    const later = await client.move('continue');
    expect(later.body.reason).toBe('breakpoint');
    // Keep a reference from this stop: after moving it must not show this moment's data.
    const staleFrame = await client.topFrame();
    const staleScopes = await client.scopesRequest({ frameId: staleFrame.id });

    const back = await client.move('reverseContinue');
    expect(back.body.reason).toBe('breakpoint');
    const start = await client.move('reverseContinue');
    expect(start.body.description).toMatch(/Start of the recording/);
    expect((await client.topFrame()).line).toBe(2);
    const shown = await allScopes(client);
    expect(shown.Local).toEqual({}); // nothing declared has run yet (engine: Local is empty at step 0)
    for (const [scope, variables] of Object.entries(shown)) {
      expect(variables.i, `${scope} shows i at the first step`).toBeUndefined();
      if (variables.total !== undefined) expect(variables.total, `${scope}.total at the first step`).not.toBe('0');
    }
    // A reference from the later stop is refused (DAP-08), quietly: a view refreshing while the
    // cursor moved is not the user's mistake, so no error toast.
    for (const scope of staleScopes.body.scopes) {
      const response = await client.request('variables', { variablesReference: scope.variablesReference });
      expect(response.success, `stale ${scope.name}`).toBe(false);
      expect((response.body as { error?: { showUser?: boolean } }).error?.showUser).toBe(false);
    }
  });
});

describe('the end of the recording', () => {
  it('continue past the last breakpoint stops at the end and keeps the session; seek then stops with goto', async () => {
    const client = newClient();
    await client.start();
    let terminated = false;
    client.on('terminated', () => {
      terminated = true;
    });
    await client.launchAndStop({ program: LOOP, cwd: WORKSPACE }, () =>
      client.setBreakpointsRequest({ source: { path: LOOP }, breakpoints: [{ line: 7 }] }),
    );
    expect((await client.topFrame()).line).toBe(7);
    const end = await client.move('continue');
    expect(end.body.description).toMatch(/End of the recording/);
    const again = await client.move('continue');
    expect(again.body.description).toMatch(/End of the recording/);
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const seek = await client.request('rewind/seek', { step: 0 });
    expect(seek.success, seek.message).toBe(true);
    expect((await stopped).body.reason).toBe('goto');
    expect((await client.topFrame()).line).toBe(2);
    expect(terminated).toBe(false);
  });
});
