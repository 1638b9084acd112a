// Offsets → line1/column0 (STYLE.md 6), with JavaScript's own line terminators (\n, \r\n, \r,
// U+2028, U+2029) so positions agree with acorn and V8. Built once per file; lookups are a binary
// search, so the probe table costs O(probes · log lines) instead of acorn's per-node `locations`.
import type { SourcePosition, SourceRange } from '../format/probes';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): SourcePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line1: low + 1, column0: offset - this.starts[low] };
  }

  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(end) };
  }
}
