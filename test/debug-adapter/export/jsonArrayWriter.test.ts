// JsonArrayWriter over FdSink: what comes out parses back to exactly what went in — across flush
// boundaries, with non-ASCII text and lone surrogates, and with one element larger than a batch.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FdSink, JsonArrayWriter } from '../../../debug-adapter/export/jsonArrayWriter';

const directory = mkdtempSync(join(tmpdir(), 'rewind-json-writer-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeAndRead(elements: unknown[], prefix = '', suffix = ''): { text: string; bytesWritten: number } {
  const path = join(directory, `out-${Math.random()}.json`);
  const fd = openSync(path, 'w');
  const sink = new FdSink(fd);
  const writer = new JsonArrayWriter(sink, prefix);
  for (const element of elements) writer.push(element);
  writer.close(suffix);
  closeSync(fd);
  return { text: readFileSync(path, 'utf8'), bytesWritten: sink.bytesWritten };
}

describe('JsonArrayWriter + FdSink', () => {
  it('writes an empty array and a wrapped one', () => {
    expect(JSON.parse(writeAndRead([]).text)).toEqual([]);
    expect(JSON.parse(writeAndRead([1, 2], '{"a":', ',"b":3}').text)).toEqual({ a: [1, 2], b: 3 });
  });

  it('round-trips many elements across flushes, multi-byte text, lone surrogates and one huge element', () => {
    const elements: unknown[] = [];
    for (let index = 0; index < 60_000; index++)
      elements.push({ index, text: `línea ${index} ✓ 𝄞`, lone: index % 1000 === 0 ? '\ud800' : '' });
    elements.splice(30_000, 0, { huge: 'x'.repeat(300_000) + 'é'.repeat(100_000) });
    const { text, bytesWritten } = writeAndRead(elements);
    expect(Buffer.byteLength(text, 'utf8')).toBe(bytesWritten);
    expect(JSON.parse(text)).toEqual(elements);
  });
});
