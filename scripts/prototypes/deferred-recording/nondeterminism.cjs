// PROTOTYPE (docs/DEFERRED_RECORDING.md): a `--require` preload that either LOGS every value a
// Node program reads from a nondeterministic source (REWIND_ND_MODE=log) or FEEDS the logged values
// back in the same order (REWIND_ND_MODE=feed), so a later run re-executes the same way. Sources:
// clocks, randomness, process statistics, file contents read synchronously; the order of async
// callbacks is logged and checked (not enforced). Not shipped: a measurement of the idea only.
'use strict';
const fs = require('node:fs');
const crypto = require('node:crypto');
const asyncHooks = require('node:async_hooks');
const { performance } = require('node:perf_hooks');

const mode = process.env.REWIND_ND_MODE;
const logPath = process.env.REWIND_ND_LOG;
// REWIND_ND_PROGRAM: only the process running that script (not `rewind record` itself, which
// passes NODE_OPTIONS on to the program).
const onlyProgram = process.env.REWIND_ND_PROGRAM;
const isProgram = !onlyProgram || require('node:path').resolve(process.argv[1] || '') === onlyProgram;
if ((mode === 'log' || mode === 'feed') && logPath && isProgram) install(mode, logPath);

function install(mode, logPath) {
  const readFileSync = fs.readFileSync;
  const writeFileSync = fs.writeFileSync;
  /** Values read, in program order: [source, value] pairs (JSON-safe encodings). */
  const values = mode === 'feed' ? JSON.parse(readFileSync(logPath, 'utf8')).values : [];
  /** Async callback order: the sequence of async resource types entered (checked at feed). */
  const order = mode === 'feed' ? JSON.parse(readFileSync(logPath, 'utf8')).order : [];
  let next = 0;
  let orderIndex = 0;
  let diverged = undefined;
  let reordered = undefined;

  /** Wraps a nondeterministic read: logs its result, or returns the logged one in feed mode. */
  function source(name, read, encode = (v) => v, decode = (v) => v) {
    return function recordedSource(...args) {
      if (mode === 'log') {
        const value = read.apply(this, args);
        values.push([name, encode(value)]);
        return value;
      }
      const entry = values[next++];
      if (!entry || entry[0] !== name) return divergence(`read #${next - 1} is ${name}, the log has ${entry ? entry[0] : 'nothing'}`, read, this, args);
      return decode(entry[1]);
    };
  }
  function divergence(why, read, self, args) {
    if (diverged === undefined) diverged = why;
    return read.apply(self, args);
  }

  const realNow = Date.now;
  Date.now = source('Date.now', realNow);
  const RealDate = Date;
  // `new Date()` reads the clock natively: route the no-argument forms through the logged Date.now.
  function LoggedDate(...args) {
    if (!new.target) return new RealDate(Date.now()).toString();
    return args.length === 0 ? new RealDate(Date.now()) : new RealDate(...args);
  }
  LoggedDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(LoggedDate, RealDate);
  globalThis.Date = LoggedDate;

  Math.random = source('Math.random', Math.random);
  performance.now = source('performance.now', performance.now.bind(performance));
  const hrtime = process.hrtime;
  const bigint = hrtime.bigint;
  process.hrtime = source('hrtime', hrtime);
  process.hrtime.bigint = source('hrtime.bigint', bigint, (v) => v.toString(), (v) => BigInt(v));
  process.cpuUsage = source('cpuUsage', process.cpuUsage);
  process.memoryUsage = source('memoryUsage', process.memoryUsage);
  process.resourceUsage = source('resourceUsage', process.resourceUsage);
  crypto.randomUUID = source('randomUUID', crypto.randomUUID);
  crypto.randomBytes = source('randomBytes', crypto.randomBytes, (b) => b.toString('base64'), (s) => Buffer.from(s, 'base64'));
  const loggedReadFileSync = source(
    'readFileSync',
    readFileSync,
    (v) => (typeof v === 'string' ? ['s', v] : ['b', Buffer.from(v).toString('base64')]),
    ([kind, text]) => (kind === 's' ? text : Buffer.from(text, 'base64')),
  );
  // Module sources are code, not input: Node's CommonJS loader reads them through fs.readFileSync,
  // Rewind's loader does not. (A real implementation keys code by content hash, as the
  // instrumentation cache does, and refuses a re-execution whose code changed.)
  fs.readFileSync = function readFileSyncUnlessModule(...args) {
    const caller = new Error().stack.split('\n')[2] || '';
    if (caller.includes('node:internal/modules')) return readFileSync.apply(this, args);
    return loggedReadFileSync.apply(this, args);
  };

  // Callback order: which kind of async resource runs next. Logged, and compared when fed.
  const types = new Map();
  asyncHooks
    .createHook({
      init(asyncId, type) {
        types.set(asyncId, type);
      },
      before(asyncId) {
        const type = types.get(asyncId);
        if (type === undefined) return; // created before this hook: Node's or Rewind's own start-up
        if (mode === 'log') order.push(type);
        else if (order[orderIndex++] !== type && reordered === undefined)
          reordered = `callback #${orderIndex - 1} is ${type}, the log has ${order[orderIndex - 1]}`;
      },
      destroy(asyncId) {
        types.delete(asyncId);
      },
    })
    .enable();

  process.on('exit', () => {
    if (mode === 'log') writeFileSync(logPath, JSON.stringify({ values, order }));
    if (mode === 'feed' && (diverged !== undefined || next !== values.length))
      process.stderr.write(`[nd] DIVERGED: ${diverged ?? `used ${next} of ${values.length} logged values`}\n`);
    if (mode === 'feed' && reordered !== undefined) process.stderr.write(`[nd] REORDERED: ${reordered}\n`);
  });
}
