// `rewind record` runs a body of its own (dist/cliRecord.js, debug-adapter/cli/recordMain.ts): the
// recording side alone, since every recorded run waits for its CLI to load before the program
// starts. Read from the body's source map: it holds the launcher and the collector, and none of
// replay, the DAP server, source maps or the instrumenter (which make dist/cliMain.js 1.5 MB).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(resolve(__dirname, '../..'), 'dist');
const sourcesOf = (bundle: string): string[] =>
  (JSON.parse(readFileSync(join(dist, `${bundle}.map`), 'utf8')) as { sources: string[] }).sources.map((source) =>
    source.replace(/^(\.\.\/)+/, ''),
  );

describe("the record command's body", () => {
  const sources = sourcesOf('cliRecord.js');

  it('holds the launcher, the collector and the command', () => {
    expect(sources).toEqual(
      expect.arrayContaining([
        'debug-adapter/cli/recordMain.ts',
        'debug-adapter/cli/record.ts',
        'debug-adapter/recording/launch.ts',
        'debug-adapter/recording/collector.ts',
      ]),
    );
  });

  it('holds nothing of replay, the DAP server, source maps or the instrumenter', () => {
    const heavy =
      /^(debug-adapter\/(replay\/|session\/|sourceMaps\/|server\.ts|session\.ts)|runtime\/instrument\/|node_modules\/)/;
    expect(sources.filter((source) => heavy.test(source))).toEqual([]);
    // The whole CLI does hold them: the pattern names real folders.
    expect(sourcesOf('cliMain.js').filter((source) => heavy.test(source)).length).toBeGreaterThan(100);
  });

  it('is a small part of the whole CLI', () => {
    expect(statSync(join(dist, 'cliRecord.js')).size).toBeLessThan(statSync(join(dist, 'cliMain.js')).size / 4);
  });
});
