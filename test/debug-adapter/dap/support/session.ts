// Per-test session setup for the suites: a fresh RecordingClient, a fixture program launched
// recorded, and teardown that ends the adapter (and with it the program).
import { afterEach } from 'vitest';
import { RecordingClient } from './client';
import { FIXTURES, fixture, lineOf } from './fixtures';

export function useClient(): () => RecordingClient {
  let current: RecordingClient | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    current = new RecordingClient();
    return current;
  };
}

/**
 * Launch arguments recording a fixture (cwd = the fixtures folder, so it is "workspace code").
 * These suites test replay of a complete recording: the program runs to its end first
 * (`live: false`); live.test.ts passes `live: true` for live stops (the default for users).
 */
export function programArgs(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { program: fixture(name), cwd: FIXTURES, live: false, ...extra };
}

/** A line breakpoint on a fixture's marker, set during the configuration phase. */
export async function breakAt(
  client: RecordingClient,
  name: string,
  marker: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const file = fixture(name);
  const line = lineOf(file, marker);
  const response = await client.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line, ...extra }] });
  return response.body.breakpoints[0]?.id ?? -1;
}

/**
 * `expression` evaluated in the top frame as a watch: its result text, or the adapter's refusal
 * (`ok: false`, its message) — a name not in scope at that moment is an answer too.
 */
export async function evaluated(client: RecordingClient, expression: string): Promise<{ ok: boolean; text: string }> {
  const frame = await client.topFrame();
  const response = await client.request('evaluate', { expression, frameId: frame.id, context: 'watch' });
  return response.success
    ? { ok: true, text: (response as { body: { result: string } }).body.result }
    : { ok: false, text: response.message ?? '' };
}

export { fixture, lineOf };
