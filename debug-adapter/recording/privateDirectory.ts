// A private rendezvous for the recording channel (SEC-09): a fresh 0700 directory holding the
// collector's Unix socket, so only this user can connect; never a TCP port. Knows nothing of what
// flows through the socket.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Linux sockaddr_un allows 108 bytes including the terminator; macOS 104. */
const MAX_SOCKET_PATH_BYTES = 100;

export interface PrivateSocketPlace {
  directory: string;
  socketPath: string;
  remove(): void;
}

export function createPrivateSocketPlace(prefix = 'rewind-'): PrivateSocketPlace {
  const parent =
    Buffer.byteLength(join(tmpdir(), `${prefix}XXXXXX`, 'c.sock')) <= MAX_SOCKET_PATH_BYTES ? tmpdir() : '/tmp';
  // mkdtemp creates the directory 0700 already; chmod states it whatever the umask did.
  const directory = mkdtempSync(join(parent, prefix));
  chmodSync(directory, 0o700);
  return {
    directory,
    socketPath: join(directory, 'c.sock'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
