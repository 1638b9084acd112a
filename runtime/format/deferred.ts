// Deferred recording's log (format 3.3, additive; more sources in 3.4, 3.14, 3.15 and 3.16): what a program read
// from nondeterministic sources, the order its async callbacks ran in, and what made it impossible
// to re-execute — the words of the sized EXT events ND_VALUE/ND_CALLBACK/ND_UNSUPPORTED and their decoding. Knows the
// encoding and the names of the sources, not how they are wrapped (runtime/recorder/nondeterminism*)
// nor how a log is fed back.
import { decodePackedText } from './valueDecode';

/**
 * The sources, by the number an ND_VALUE carries (index + 1). Append only: a number names the
 * same source in every 3.x trace.
 */
const ND_SOURCES = [
  'Date.now',
  'new Date',
  'performance.now',
  'performance.timeOrigin',
  'process.hrtime',
  'process.hrtime.bigint',
  'Math.random',
  'crypto.randomBytes',
  'crypto.randomUUID',
  'crypto.randomInt',
  'crypto.getRandomValues',
  'crypto.randomFillSync',
  'process.memoryUsage',
  'process.memoryUsage.rss',
  'process.cpuUsage',
  'process.resourceUsage',
  'process.uptime',
  'os.hostname',
  'os.loadavg',
  'os.uptime',
  'os.freemem',
  'os.totalmem',
  'os.cpus',
  'os.networkInterfaces',
  'os.userInfo',
  'os.homedir',
  'os.tmpdir',
  'os.release',
  'os.version',
  'os.availableParallelism',
  'fs.readFileSync',
  'fs.existsSync',
  'fs.readFile',
  'fs.promises.readFile',
  'environment',
  'crypto.randomBytes (callback)',
  // 3.4
  'fs.statSync',
  'fs.lstatSync',
  'fs.fstatSync',
  'fs.readdirSync',
  'fs.stat',
  'fs.lstat',
  'fs.fstat',
  'fs.readdir',
  'fs.promises.stat',
  'fs.promises.lstat',
  'fs.promises.readdir',
  'fs.readSync',
  'fs.read',
  'FileHandle.read',
  'FileHandle.readFile',
  'FileHandle.stat',
  'dns.lookup',
  'dns.promises.lookup',
  'process.stdin',
  // 3.14
  'fs.accessSync',
  'fs.access',
  'fs.promises.access',
  'fs.exists',
  'fs.realpathSync',
  'fs.realpathSync.native',
  'fs.realpath',
  'fs.realpath.native',
  'fs.promises.realpath',
  'fs.readlinkSync',
  'fs.readlink',
  'fs.promises.readlink',
  'fs.readvSync',
  'fs.readv',
  'fs.opendirSync',
  'fs.opendir',
  'fs.promises.opendir',
  'Dir.readSync',
  'Dir.read',
  'process.pid',
  'process.ppid',
  'crypto.randomFill',
  'dns.resolve*',
  'dns.reverse',
  'dns.promises.resolve*',
  'dns.promises.reverse',
  // Also 3.14: writes (a deferred run logs their outcomes; its re-execution is fed them and writes nothing)
  'fs.writeFileSync',
  'fs.writeFile',
  'fs.promises.writeFile',
  'fs.appendFileSync',
  'fs.appendFile',
  'fs.promises.appendFile',
  'fs.mkdirSync',
  'fs.mkdir',
  'fs.promises.mkdir',
  'fs.mkdtempSync',
  'fs.mkdtemp',
  'fs.promises.mkdtemp',
  'fs.rmSync',
  'fs.rm',
  'fs.promises.rm',
  'fs.rmdirSync',
  'fs.rmdir',
  'fs.promises.rmdir',
  'fs.unlinkSync',
  'fs.unlink',
  'fs.promises.unlink',
  'fs.renameSync',
  'fs.rename',
  'fs.promises.rename',
  'fs.copyFileSync',
  'fs.copyFile',
  'fs.promises.copyFile',
  'fs.cpSync',
  'fs.cp',
  'fs.promises.cp',
  'fs.truncateSync',
  'fs.truncate',
  'fs.promises.truncate',
  'fs.chmodSync',
  'fs.chmod',
  'fs.promises.chmod',
  'fs.chownSync',
  'fs.chown',
  'fs.promises.chown',
  'fs.lchownSync',
  'fs.lchown',
  'fs.promises.lchown',
  'fs.utimesSync',
  'fs.utimes',
  'fs.promises.utimes',
  'fs.lutimesSync',
  'fs.lutimes',
  'fs.promises.lutimes',
  'fs.symlinkSync',
  'fs.symlink',
  'fs.promises.symlink',
  'fs.linkSync',
  'fs.link',
  'fs.promises.link',
  'fs.openSync (to write)',
  'fs.open (to write)',
  'fs.promises.open (to write)',
  // 3.15: opens to read (a deferred run logs whether each opened; its re-execution gives a scratch descriptor)
  'fs.openSync (to read)',
  'fs.open (to read)',
  'fs.promises.open (to read)',
  // Also 3.15: the terminal (read #4 of every log: whether stdin, stdout and stderr were terminals;
  // then an output terminal's [columns, rows] when the program first touches that stream)
  'terminal',
  'terminal size',
  // Also 3.15: synchronous child processes (a deferred run logs their outcomes; its re-execution starts none)
  'child_process.spawnSync',
  'child_process.execSync',
  'child_process.execFileSync',
  // Also 3.15: file watchers (nondeterminismWatchers.ts): whether a handle started (its error
  // number, 0 when it did) and each call to its onchange ([handle number, …its arguments] as JSON)
  'FSEvent.start',
  'FSEvent.onchange',
  'StatWatcher.start',
  'StatWatcher.onchange',
  // 3.16: file-system stats (fs.statfs in its three forms; the value a StatFs, numbers or bigints)
  'fs.statfsSync',
  'fs.statfs',
  'fs.promises.statfs',
  // Also 3.16: a terminal output's window size when Node refreshes it on SIGWINCH (JSON [error
  // number, columns, rows], what the tty handle's getWindowSize gave)
  'terminal resize',
  // Also 3.16: TCP servers (nondeterminismSockets.ts): the outcomes of a server handle's bind, bind6
  // and listen, the addresses its handles report (JSON [error number, the fields]), each accepted
  // connection (JSON [server number, error number]) and each read on one (bytes: the connection's
  // number, 4 bytes little-endian; what the read did, 1 byte; the chunk, or the error as JSON text)
  'TCP.bind',
  'TCP.bind6',
  'TCP.listen',
  'TCP.getsockname',
  'TCP.getpeername',
  'TCP.onconnection',
  'TCP.onread',
  // 3.17: each write the program made to an accepted connection, in program order (JSON [the
  // connection's number, the data's length: bytes, or a string's characters, CRC-32 of the data]):
  // a re-execution compares its own writes with these, as it compares what it prints
  'TCP.write',
  // 3.18: outgoing TCP connections (nondeterminismConnections.ts): what a program handle's connect
  // or connect6 returned (a number) and, at its turn, what the connect came to (JSON [connection
  // number, status, readable, writable, local port, remote port], 0 for a port not known); its reads,
  // addresses and writes are logged as an accepted connection's, under the same numbers
  'TCP.connect',
  'TCP.connect complete',
  // Also 3.18: local sockets (Unix domain sockets, Windows named pipes), servers and outgoing
  // connections: a Pipe handle's bind and listen outcomes, its connect's and its completion, shaped
  // as TCP's; their accepts, reads and writes are logged under TCP.onconnection, TCP.onread and
  // TCP.write, numbered with the TCP servers and connections (one stream, one numbering)
  'Pipe.bind',
  'Pipe.listen',
  'Pipe.connect',
  'Pipe.connect complete',
  // Also 3.18: UDP sockets (nondeterminismDatagrams.ts), numbered with the connections: the outcomes
  // of bind, bind6, connect and connect6 (numbers), the addresses a socket reports (JSON [error
  // number, the fields]) and each message Node handed the program (bytes: the socket's number and
  // the read's result, 4 bytes each, little-endian; the sender's JSON length, 2 bytes; the sender
  // as JSON; the message); each datagram sent is digested under TCP.write
  'UDP.bind',
  'UDP.bind6',
  'UDP.connect',
  'UDP.connect6',
  'UDP.getsockname',
  'UDP.getpeername',
  'UDP.onmessage',
  // 3.19: asynchronous child processes (nondeterminismProcesses.ts: spawn, exec, execFile, fork),
  // numbered in the order spawned: what a child's spawn came to (JSON [error number, pid]), what its
  // kill calls returned (numbers) and, at its turn, how it exited (JSON [child number, exit code,
  // signal name or '']); its stdio pipes and IPC channel are numbered with the connections, their
  // reads and writes logged under TCP.onread and TCP.write
  'ProcessWrap.spawn',
  'ProcessWrap.kill',
  'ProcessWrap.onexit',
] as const;
export type NdSource = (typeof ND_SOURCES)[number];

export function ndSourceId(name: NdSource): number {
  return ND_SOURCES.indexOf(name) + 1;
}

export function ndSourceName(id: number): string {
  return ND_SOURCES[id - 1] ?? `source #${id}`;
}

/** How a re-execution's divergence NOTE begins: replay and `rewind expand` find it by this. */
export const DIVERGENCE_PREFIX = 'The re-execution of the deferred recording diverged';

/** How a partial expansion's NOTE begins (it stopped where it was asked to, not at a divergence). */
export const PARTIAL_PREFIX = 'Partial expansion of the deferred recording';

/** How the NOTE begins of a re-execution that ended where a signal ended its deferred run (then the signal's name). */
export const SIGNAL_END_PREFIX = 'The deferred run was ended by';

/** The exit status of a re-execution stopped at a divergence (the NOTE says why; this only ends it). */
export const DIVERGED_EXIT_CODE = 70;

/** How an ND_VALUE's body encodes its value. */
export const NdForm = {
  /** [lo, hi]: a float64 */
  NUMBER: 1,
  /** packed text: a string */
  TEXT: 2,
  /** packed text: JSON of the value */
  JSON: 3,
  /** [byteCount, ceil(byteCount/4) words]: bytes */
  BYTES: 4,
  /** packed text: JSON of { name, message, code, errno, syscall, path } — the read threw */
  ERROR: 5,
  /** no body: undefined */
  UNDEFINED: 6,
} as const;
/** Or-ed into the form word: the next ND_VALUE continues this one's text or bytes (a value larger than one event). */
export const ND_MORE = 0x100;
/** Body words one ND_VALUE carries at most: fits the smallest ring's largest event (512 words). */
export const ND_CHUNK_WORDS = 480;

/**
 * The async callbacks ND_CALLBACK logs, by number (index + 1): the ones whose order the event loop
 * decides. Promise reactions and ticks are not logged: their order follows from these and the code.
 */
export const ND_CALLBACK_TYPES = ['Timeout', 'Immediate', 'async read', 'signal'] as const;

export function ndCallbackTypeId(type: string): number {
  return (ND_CALLBACK_TYPES as readonly string[]).indexOf(type) + 1;
}

export function ndCallbackTypeName(id: number): string {
  return ND_CALLBACK_TYPES[id - 1] ?? `callback kind #${id}`;
}

/** One logged read, decoded. `ticket`: 0 for a synchronous read; an async read's issue number (from 1). */
export interface LoggedRead {
  source: number;
  ticket: number;
  form: number;
  /** number, string, parsed JSON, Uint8Array, error fields, or undefined, by form. */
  value: unknown;
}

export interface DeferredLog {
  /** Synchronous reads in program order. */
  reads: LoggedRead[];
  /** Async reads by ticket. */
  asyncReads: Map<number, LoggedRead>;
  /** ND_CALLBACK entries in dispatch order: type id and ticket. */
  callbacks: Array<{ type: number; ticket: number }>;
  /** Why the program cannot be re-executed faithfully (ND_UNSUPPORTED texts), once each. */
  unsupported: string[];
  /** ND_UNSUPPORTED texts this reader re-executes after all (FED_NOW): what the log says it holds. */
  marks: string[];
  /**
   * TCP.write values ([connection number, length, CRC-32]) in log order: not among `reads`, since
   * a write dispatched by a completion (a full socket buffer) has no fixed place among them; a
   * re-execution compares each connection's writes in order.
   */
  writes: Array<readonly number[]>;
}

function emptyDeferredLog(): DeferredLog {
  return { reads: [], asyncReads: new Map(), callbacks: [], unsupported: [], marks: [], writes: [] };
}

/**
 * Logged (ND_UNSUPPORTED) by a deferred run that watched files: an expander from before format 3.15
 * cannot feed watchers (it would hang waiting for their events, or see others) and refuses the log
 * with this reason; a reader that feeds them drops it here.
 */
export const WATCHERS_FED_REASON =
  'file watchers were logged to be fed at re-execution, which this version of Rewind cannot do: expand it with a newer one';

/**
 * Logged (ND_UNSUPPORTED) by a deferred run whose TCP server accepted connections: an expander from
 * before format 3.16 refused a server outright and cannot give it its logged clients.
 */
export const SOCKETS_FED_REASON =
  "a TCP server's connections were logged to be fed at re-execution, which this version of Rewind cannot do: expand it with a newer one";

/**
 * Logged (ND_UNSUPPORTED) with SOCKETS_FED_REASON since format 3.17: the log has each write to an
 * accepted connection (TCP.write), which a re-execution compares with its own. An expander from
 * 3.16 would find those reads unexpected; one from 3.17 compares writes only in logs that say this.
 */
export const SOCKET_WRITES_REASON =
  "a TCP server's writes to its clients were logged to be compared at re-execution, which this version of Rewind cannot do: expand it with a newer one";

/**
 * Logged (ND_UNSUPPORTED) by a deferred run that made an outgoing TCP connection (format 3.18): an
 * expander from before refused those ("its peer is not there") and cannot feed them.
 */
export const OUTGOING_FED_REASON =
  "a program's outgoing TCP connections were logged to be fed at re-execution, which this version of Rewind cannot do: expand it with a newer one";

/**
 * Logged (ND_UNSUPPORTED) by a deferred run that served or connected a local socket (format 3.18):
 * an expander from before refused those ("a local socket …") and cannot feed them.
 */
export const LOCAL_SOCKETS_FED_REASON =
  "a program's local socket servers and connections were logged to be fed at re-execution, which this version of Rewind cannot do: expand it with a newer one";

/**
 * Logged (ND_UNSUPPORTED) by a deferred run that opened a UDP socket (format 3.18): an expander
 * from before refused those ("a UDP socket was opened") and cannot feed them.
 */
export const DATAGRAMS_FED_REASON =
  "a program's UDP sockets were logged to be fed at re-execution, which this version of Rewind cannot do: expand it with a newer one";

/**
 * Logged (ND_UNSUPPORTED) by a deferred run that spawned a child process asynchronously (format
 * 3.19): an expander from before refused those ("a child process was started") and cannot feed them.
 */
export const CHILDREN_FED_REASON =
  "a program's child processes were logged to be fed at re-execution, which this version of Rewind cannot do: expand it with a newer one";

const TCP_WRITE_SOURCE = ndSourceId('TCP.write');

/** ND_UNSUPPORTED texts this reader can re-execute after all (they only stop older readers). */
const FED_NOW: readonly string[] = [
  WATCHERS_FED_REASON,
  SOCKETS_FED_REASON,
  SOCKET_WRITES_REASON,
  OUTGOING_FED_REASON,
  LOCAL_SOCKETS_FED_REASON,
  DATAGRAMS_FED_REASON,
  CHILDREN_FED_REASON,
];

/**
 * Collects a producer's log from its event words, one ND event at a time (the reader has walked
 * to it: `at` is its header, `words[at + 1]` its length). Values split over several events are
 * joined here.
 */
export class DeferredLogBuilder {
  readonly log: DeferredLog = emptyDeferredLog();
  private partText = '';
  private partBytes: Uint8Array[] = [];

  value(words: Int32Array, at: number): void {
    const source = words[at + 2];
    const formWord = words[at + 3];
    const ticket = words[at + 4];
    const form = formWord & 0xff;
    const body = at + 5;
    let value: unknown;
    if (form === NdForm.NUMBER) {
      value = new Float64Array(new Int32Array([words[body], words[body + 1]]).buffer)[0];
    } else if (form === NdForm.BYTES) {
      const count = words[body];
      const bytes = new Uint8Array(words.buffer, words.byteOffset + (body + 1) * 4, Math.ceil(count / 4) * 4).slice(
        0,
        count,
      );
      this.partBytes.push(bytes);
      if (formWord & ND_MORE) return;
      value = joinBytes(this.partBytes);
      this.partBytes = [];
    } else if (form === NdForm.UNDEFINED) {
      value = undefined;
    } else {
      this.partText += decodePackedText(words, body);
      if (formWord & ND_MORE) return;
      const text = this.partText;
      this.partText = '';
      value = form === NdForm.TEXT ? text : JSON.parse(text);
    }
    const read: LoggedRead = { source, ticket, form, value };
    if (source === TCP_WRITE_SOURCE) this.log.writes.push(value as readonly number[]);
    else if (ticket === 0) this.log.reads.push(read);
    else this.log.asyncReads.set(ticket, read);
  }

  callback(words: Int32Array, at: number): void {
    this.log.callbacks.push({ type: words[at + 2], ticket: words[at + 3] });
  }

  unsupported(words: Int32Array, at: number): void {
    const reason = decodePackedText(words, at + 2);
    if (FED_NOW.includes(reason)) {
      if (!this.log.marks.includes(reason)) this.log.marks.push(reason);
      return;
    }
    if (!this.log.unsupported.includes(reason)) this.log.unsupported.push(reason);
  }
}

function joinBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
