// Reads DAP's `Content-Length` framing from a byte stream and hands each message on, keeping
// malformed input from reaching @vscode/debugadapter: its own reader turns one bad JSON body
// into an 'error' event that shuts the adapter down, and DAP-02 wants the session to go on.
// Knows framing and JSON only; what a message means is the session's business.

const HEADER_END = Buffer.from('\r\n\r\n');
/** A header block longer than this without its blank line is garbage; drop it rather than grow. */
const MAX_HEADER_BYTES = 8 * 1024;
/** One message may not exceed this (a hostile length must not allocate without bound). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface FrameListener {
  message(value: unknown): void;
  malformed(problem: string): void;
}

export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private bodyBytes = -1;

  constructor(private readonly listener: FrameListener) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.bodyBytes < 0 ? this.readHeader() : this.readBody()) {
      // each pass consumes one header or one body
    }
  }

  private readHeader(): boolean {
    const end = this.pending.indexOf(HEADER_END);
    if (end < 0) {
      if (this.pending.length > MAX_HEADER_BYTES) this.discard('header too long');
      return false;
    }
    const header = this.pending.toString('latin1', 0, end);
    this.pending = this.pending.subarray(end + HEADER_END.length);
    const match = /(?:^|\r\n)Content-Length:\s*(\d+)\s*(?:\r\n|$)/i.exec(header);
    const length = match ? Number(match[1]) : NaN;
    if (!Number.isSafeInteger(length) || length > MAX_BODY_BYTES) {
      this.listener.malformed(`bad header ${JSON.stringify(header.slice(0, 200))}`);
      return true;
    }
    this.bodyBytes = length;
    return true;
  }

  private readBody(): boolean {
    if (this.pending.length < this.bodyBytes) return false;
    const text = this.pending.toString('utf8', 0, this.bodyBytes);
    this.pending = this.pending.subarray(this.bodyBytes);
    this.bodyBytes = -1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.listener.malformed(`invalid JSON (${(error as Error).message})`);
      return true;
    }
    this.listener.message(value);
    return true;
  }

  private discard(problem: string): void {
    this.pending = Buffer.alloc(0);
    this.listener.malformed(problem);
  }
}
