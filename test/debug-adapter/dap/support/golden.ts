// Golden transcripts of whole DAP sessions (DAP-17), js-debug style: every message in order, one
// per line, normalized so they are stable across machines and runs — no absolute paths, pids,
// timestamps or seq numbers; references shown as placeholders; output chunks merged (how the
// program's output is split depends on timing). `REWIND_UPDATE_GOLDEN=1` rewrites the files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import type { LoggedMessage } from './client';
import { FIXTURES, REPO_ROOT } from './fixtures';

const GOLDEN_DIR = path.resolve(__dirname, '../golden');
/** Keys whose values depend on timing or allocation order, not on behaviour. */
const UNSTABLE = new Set(['seq', 'request_seq', 'pid', 'systemProcessId', 'timeMs', 'startWallTimeMs', 'progressId']);
const REFERENCES = new Set(['variablesReference', 'frameId', 'sourceReference']);
/** Events whose count and timing vary from run to run. */
const DROPPED_EVENTS = new Set(['rewind/recordingStats', 'progressUpdate', 'loadedSource', 'module']);

export function transcript(log: readonly LoggedMessage[]): string {
  const lines: string[] = [];
  // The program's own output races the configuration requests, so it is gathered and shown just
  // before the next event that waits for it (exited, stopped, terminated): content, not timing.
  const pending = new Map<string, string>();
  // A request is written just before its response: when the client sent it relative to the
  // adapter's unsolicited events is timing, the order of what the adapter sends is behaviour.
  const requests = new Map<number, string>();
  const flushOutput = (): void => {
    for (const [category, text] of pending) lines.push(`! output ${category} ${JSON.stringify(text)}`);
    pending.clear();
  };
  for (const entry of log) {
    const message = entry.message as unknown as Record<string, unknown>;
    if (entry.direction === 'in' && message.type === 'event') {
      const event = message.event as string;
      if (DROPPED_EVENTS.has(event)) continue;
      const body = (message.body ?? {}) as Record<string, unknown>;
      if (event === 'output' && body.source === undefined && body.data === undefined) {
        const category = String(body.category ?? 'console');
        pending.set(category, (pending.get(category) ?? '') + normalizeText(String(body.output ?? '')));
        continue;
      }
      if (event === 'exited' || event === 'stopped' || event === 'terminated') flushOutput();
      lines.push(`! ${event} ${stable(body)}`);
    } else if (entry.direction === 'in') {
      const request = requests.get(Number(message.request_seq));
      if (request !== undefined) lines.push(request);
      const status = message.success ? 'ok' : `error ${JSON.stringify(normalizeText(String(message.message ?? '')))}`;
      lines.push(`← ${String(message.command)} ${status} ${stable(message.body ?? {})}`);
    } else {
      requests.set(Number(message.seq), `→ ${String(message.command)} ${stable(message.arguments ?? {})}`);
    }
  }
  flushOutput();
  return `${lines.join('\n')}\n`;
}

/** Instrumented code's marker: the user must never see it (source maps map crashes to their lines). */
export const INSTRUMENTATION_MARKER = '$rw$';

export function expectGolden(name: string, text: string): void {
  const file = path.join(GOLDEN_DIR, `${name}.txt`);
  // Checked before writing too, so regenerating can never bless instrumented code in a transcript.
  expect(
    text.includes(INSTRUMENTATION_MARKER),
    `${name}: the session shows instrumented code (${INSTRUMENTATION_MARKER})`,
  ).toBe(false);
  if (process.env.REWIND_UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, text);
    if (process.env.REWIND_UPDATE_GOLDEN !== '1' && process.env.CI)
      throw new Error(`golden ${name}.txt was missing; it was written — commit it`);
    return;
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

function stable(value: unknown): string {
  return JSON.stringify(normalize(value, ''));
}

function normalize(value: unknown, key: string): unknown {
  if (typeof value === 'string') return normalizeText(value);
  if (typeof value === 'number' && REFERENCES.has(key)) return value === 0 ? 0 : '<ref>';
  if (Array.isArray(value)) return value.map((item) => normalize(item, key));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([name, item]) => !UNSTABLE.has(name) && item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, item]) => [name, name === 'id' && key === 'stackFrames' ? '<frame>' : normalize(item, name)]);
    return Object.fromEntries(entries);
  }
  return value;
}

export function normalizeText(text: string): string {
  return (
    text
      .split(FIXTURES)
      .join('${fixtures}')
      .split(REPO_ROOT)
      .join('${repo}')
      .split(tmpdir())
      .join('${tmp}')
      .replace(/\/tmp\/rewind-[\w-]+/g, '${tmp}/rewind-*')
      .replace(/\bpid \d+/g, 'pid <pid>')
      // Node's own frames differ between Node versions; the user's frames are what matters.
      .replace(/\n\s+at [^\n]*\(?node:internal\/[^\n]*/g, '')
      .replace(/\nNode\.js v\d+\.\d+\.\d+/g, '\nNode.js <version>')
      .replace(/instrumentation cache: \d+ hits, \d+ misses/g, 'instrumentation cache: <counts>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
  );
}
