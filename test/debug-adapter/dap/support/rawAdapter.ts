// The built adapter over a raw stdio pipe: tests write arbitrary bytes (bad JSON, bad headers,
// unknown commands) and read every message back, with the seq numbers untouched (DAP-02/04).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ADAPTER, REPO_ROOT } from './fixtures';

export interface RawMessage {
  seq: number;
  type: string;
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: unknown;
}

export class RawAdapter {
  readonly messages: RawMessage[] = [];
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  exited = false;

  /** The standalone adapter by default; `['dist/cli.js', 'dap']` serves the same through the CLI. */
  constructor(command: readonly string[] = [ADAPTER]) {
    this.process = spawn(process.execPath, [...command], { cwd: REPO_ROOT });
    this.process.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    this.process.stdin.on('error', () => undefined); // tests write after the adapter left, on purpose
    this.process.on('exit', () => {
      this.exited = true;
      this.wake();
    });
  }

  writeRaw(text: string): void {
    this.process.stdin.write(text);
  }

  send(message: unknown): void {
    const json = JSON.stringify(message);
    this.writeRaw(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
  }

  /** Waits until `predicate` holds over the messages so far. */
  async until(predicate: (messages: RawMessage[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline)
        throw new Error(`timed out; got ${JSON.stringify(this.messages.map((m) => m.command ?? m.event))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  responseTo(requestSeq: number): RawMessage | undefined {
    return this.messages.find((message) => message.type === 'response' && message.request_seq === requestSeq);
  }

  kill(): void {
    if (!this.exited) this.process.kill('SIGKILL');
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.toString('latin1', 0, headerEnd))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) break;
      this.messages.push(JSON.parse(this.buffer.toString('utf8', headerEnd + 4, headerEnd + 4 + length)));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
