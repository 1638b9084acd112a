// Fault injection on redaction (issue 10 item 9, SEC-10): secrets must not reach a trace however
// many probes came before them (ids past 2^20 were unflagged), and values of the environment are
// redacted wherever a copy of one is recorded (`const v = process.env.MY_SECRET`), short or long,
// interned or inline. A leak check looks for the secret's UTF-16 units anywhere in the trace bytes.
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_NAME } from '../../runtime/format/hotPath';
import { tryInstrument } from '../../runtime/instrument';
import { InstrumentCache } from '../../runtime/loader/cache';
import { createFileFilter } from '../../runtime/loader/globs';
import { instrumentFile, type LoaderContext } from '../../runtime/loader/instrumentFile';
import { createHotPath } from '../../runtime/recorder/hotPath';
import { Control } from '../../runtime/recorder/layout';
import { createProbeFlagTable, rememberEnvironmentSecrets, useProbeFlags } from '../../runtime/recorder/limits';
import { buildRuntime, type RuntimeBuild } from '../support/recorder/build';
import { recordInThread } from '../support/recorder/memory';
import { runPlainAndRecorded, writeProgram } from '../support/recorder/run';
import { encodeFileHeader } from '../../runtime/format/recordWriter';
import { TEST_HEADER } from '../support/recorder/memory';

/** The text anywhere in the trace, as the recorder stores strings: two bytes a unit, or one (format 3.13). */
function leaks(bytes: Uint8Array, secret: string): boolean {
  const trace = Buffer.from(bytes);
  return trace.includes(Buffer.from(secret, 'utf16le')) || trace.includes(Buffer.from(secret, 'latin1'));
}

const SECRETS = { password: 'hunter2-pw', token: 'tok-3141592', passwd: 'param-pw-77' };
const PROGRAM = [
  `let password = ${JSON.stringify(SECRETS.password)};`,
  'const o = {};',
  `o.token = ${JSON.stringify(SECRETS.token)};`,
  'function login(passwd) { return passwd.length; }',
  `login(${JSON.stringify(SECRETS.passwd)});`,
  "let color = 'visible-value';",
].join('\n');

describe('redaction does not depend on probe numbering', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[RUNTIME_NAME];
  });

  it.each([5, 2 ** 20 + 3, 2 ** 26])(
    'a file whose probes start at id %i: let password, o.token = …, a parameter passwd are all redacted',
    (firstProbeId) => {
      const recording = recordInThread();
      const table = new Uint8Array(createProbeFlagTable());
      useProbeFlags(table);
      const control = new Int32Array(new SharedArrayBuffer(64));
      control[Control.PROBE_COUNTER] = firstProbeId;
      const context: LoaderContext = {
        settings: { level: 'full', redact: true },
        control,
        probeFlags: table,
        post: () => {},
        instrument: tryInstrument,
        filter: createFileFilter({ include: [], exclude: [], root: '/app' }),
        cache: new InstrumentCache(''),
        instrumented: 0,
      };
      const code = instrumentFile(context, PROGRAM, '/app/secrets.js', 'commonjs')!;
      Object.defineProperty(globalThis, RUNTIME_NAME, { value: createHotPath(), configurable: true });
      (
        runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`) as (
          ...args: unknown[]
        ) => void
      )({}, require, {}, '/app/secrets.js', '/app');
      const trace = recording.finish();
      const bytes = new Uint8Array(trace.main.words.buffer, trace.main.words.byteOffset, trace.main.words.byteLength);
      for (const [name, secret] of Object.entries(SECRETS))
        expect(leaks(bytes, secret), `${name} at probe base ${firstProbeId}`).toBe(false);
      expect(leaks(bytes, 'visible-value')).toBe(true); // the check can see a string when it is there
    },
  );
});

describe('values of the environment are redacted wherever they are copied to', () => {
  afterEach(() => {
    rememberEnvironmentSecrets({});
  });

  it('in-thread: a short (interned) and a long (inline) environment value written to variables, properties and inside objects', () => {
    const recording = recordInThread();
    const short = 's3cr3t-short';
    const long = `postgres://admin:${'x'.repeat(60)}@db.internal/app`;
    rememberEnvironmentSecrets({ MY_SECRET: short, DATABASE_URL: long, HOME: '/home/someone', FLAG: 'true' });
    const hot = createHotPath();
    hot.wf(5, short, 0);
    hot.wf(5, short, 0); // a second use (an intern-table hit) is redacted too
    hot.wf(6, long, 0);
    hot.wf(7, { nested: { url: long, key: short } }, 0);
    hot.pv(8, {}, 'anything', short);
    hot.wf(9, '/home/someone', 0); // a public variable's value stays readable
    const bytes = Buffer.concat([encodeFileHeader(TEST_HEADER), Buffer.from(recording.finish().main.words.buffer)]);
    expect(leaks(bytes, short)).toBe(false);
    expect(leaks(bytes, long)).toBe(false);
    expect(leaks(bytes, '/home/someone')).toBe(true);
  });
});

describe('in a real process', () => {
  let runtime: RuntimeBuild;
  beforeAll(async () => {
    runtime = await buildRuntime();
  });

  it('const v = process.env.MY_SECRET (and destructured, and passed as an argument) is recorded as the marker', async () => {
    const dir = writeProgram({
      'main.js': [
        'const v = process.env.MY_SECRET;',
        'const { DATABASE_URL } = process.env;',
        'function connect(url) { return url.length; }',
        'const n = connect(DATABASE_URL);',
        "const shown = 'plain-' + 'value';",
        'console.log(v.length, n);',
      ].join('\n'),
    });
    const secret = 'my-secret-value-42';
    const url = `postgres://admin:${'p'.repeat(50)}@db/app`;
    const { recorded, outFile } = await runPlainAndRecorded({
      bootloader: runtime.bootloader,
      dir,
      main: 'main.js',
      env: { MY_SECRET: secret, DATABASE_URL: url },
    });
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toBe(`${secret.length} ${url.length}\n`);
    const bytes = readFileSync(outFile);
    expect(leaks(bytes, secret)).toBe(false);
    expect(leaks(bytes, url)).toBe(false);
    expect(leaks(bytes, 'plain-value')).toBe(true);
    expect(leaks(bytes, '[redacted by rewind]')).toBe(true);
  });

  it('values the program put into process.env after start-up (dotenv), then read, are recorded as the marker', async () => {
    // The fake dotenv lives in node_modules: uninstrumented, as the real one is. It sets the
    // variables after the recorder took its list of environment values at boot.
    const url = `postgres://svc:${'q'.repeat(40)}@late-db/app`;
    const credential = 'late-credential-7781';
    const seed = 'late-session-seed-5150';
    const dir = writeProgram({
      'node_modules/fake-dotenv/index.js': [
        'exports.config = () => {',
        `  Object.assign(process.env, { LATE_DATABASE_URL: ${JSON.stringify(url)}, SERVICE_CREDENTIAL: ${JSON.stringify(credential)}, SESSION_SEED: ${JSON.stringify(seed)} });`,
        '};',
      ].join('\n'),
      'main.js': [
        "require('fake-dotenv').config();",
        'const v = process.env.LATE_DATABASE_URL;',
        'const { SERVICE_CREDENTIAL: cred } = process.env;',
        'function use(text) { return text.length; }',
        "const n = use(process.env['SESSION_' + 'SEED']);",
        'console.log(v.length, cred.length, n);',
      ].join('\n'),
    });
    const { plain, recorded, outFile } = await runPlainAndRecorded({
      bootloader: runtime.bootloader,
      dir,
      main: 'main.js',
    });
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toBe(plain.stdout);
    expect(recorded.stdout).toBe(`${url.length} ${credential.length} ${seed.length}\n`);
    const bytes = readFileSync(outFile);
    expect(leaks(bytes, url), 'the url').toBe(false);
    expect(leaks(bytes, credential), 'the credential').toBe(false);
    expect(leaks(bytes, seed), 'the seed').toBe(false);
    expect(leaks(bytes, '[redacted by rewind]')).toBe(true);
  });
});
