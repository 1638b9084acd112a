// Which TCP ports the producers of this recording listen on, so a recorded client adds a W3C
// `traceparent` only to requests whose server is recorded too (traceContext.ts): one file per port,
// named by it and holding the listener's pid, in `<tmpdir>/rewind-<uid>/listening-<sessionId>/` (a
// folder only this user can have written, ownedDirectory.ts, made at the first registration). A
// producer removes its files, and the folder once empty, when it ends; a file left by a killed one
// is ignored once its pid is gone. Knows files and pids, not HTTP.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { capturedFs, readFlags, readWholeFile } from '../capturedNode';
import { currentUid, ownedDirectoryProblem } from '../ownedDirectory';
import { B } from './builtins';

const { O_CREAT, O_TRUNC, O_WRONLY } = fs.constants;
/** Captured before user code runs (capturedNode.ts has no rmdirSync). */
const removeDirectory = fs.rmdirSync;
/** Captured before user code runs, and before a deferred re-execution feeds os.tmpdir/userInfo from its
 * log: the recorder's own reads must be neither fed nor logged (they would shift the program's). */
const tmpdir = os.tmpdir;
const userInfo = os.userInfo;
/** Captured before user code runs: a program that replaces process.kill must not see our probes. */
const signalProcess = process.kill.bind(process);

let directory: string | undefined;
let directoryMade = false;
const ownFiles = B.list<string>();

/** The recording's folder, when its id can name one (an unnamed session shares nothing). */
export function configureListeningRegistry(sessionId: string, beforeEnd: Array<() => void>): void {
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(sessionId)) return;
  const parent = join(tmpdir(), `rewind-${currentUid() ?? userInfo().username}`);
  if (ownedDirectoryProblem(parent, { tightenMode: true }) !== undefined) return;
  directory = join(parent, `listening-${sessionId}`);
  beforeEnd.push(forgetOwnPorts);
}

/** This producer listens on `port` (any address of this machine). */
export function registerListening(port: number): void {
  if (directory === undefined || !(port > 0)) return;
  if (!directoryMade && ownedDirectoryProblem(directory, { tightenMode: true }) !== undefined) return;
  directoryMade = true;
  const file = join(directory, String(port));
  try {
    const fd = capturedFs.openSync(file, O_CREAT | O_TRUNC | O_WRONLY, 0o600);
    try {
      capturedFs.writeSync(fd, String(process.pid));
    } finally {
      capturedFs.closeSync(fd);
    }
    B.listPush(ownFiles, file);
  } catch {
    // unregistered: its clients are linked by their connection instead
  }
}

/** Whether a live producer of this recording listens on `port`. */
export function isRecordedListener(port: number): boolean {
  if (directory === undefined || !(port > 0)) return false;
  return isAlive(listenerOf(join(directory, String(port))));
}

/** The pid a port's file names, 0 when there is none. */
function listenerOf(file: string): number {
  try {
    return Number(B.bufferToString(readWholeFile(file, readFlags(true)), 'latin1')) || 0;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  if (pid === process.pid) return true;
  try {
    signalProcess(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** At the end: the files still naming this process (another listener may have taken a port since). */
function forgetOwnPorts(): void {
  for (let at = 0; at < ownFiles.length; at++) {
    if (listenerOf(ownFiles[at]) !== process.pid) continue;
    try {
      capturedFs.unlinkSync(ownFiles[at]);
    } catch {
      // already gone
    }
  }
  ownFiles.length = 0;
  if (!directoryMade || directory === undefined) return;
  try {
    removeDirectory(directory); // the last producer's to end succeeds: the others' files are there
  } catch {
    // not empty, or gone
  }
}
