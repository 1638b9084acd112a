// A recording that instruments no file (`--level none` without a focus; a deferred run is the
// same, insCorpusDeferred.test.ts) leaves Node's source maps as the program has them. With maps
// turned on for instrumented files that never came, Node 24 looked for a map of the failing file,
// found none and gave up on `assert(expr)`'s message: "false == true" where a plain run names the
// expression. The source-map and crash fixtures of the INS corpus must read as in a plain run too.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../cli/harness';
import { REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'ins');
const FIXTURES = [
  'ins-19-assert-messages.js',
  'ins-19-assert-messages.mjs',
  'ins-19-source-map-api.js',
  'ins-19-source-maps.js',
  'ins-19-uncaught.js',
];

describe.each(nodeBinaries())('a recording that instruments nothing on $label', ({ path: nodeBinary }) => {
  beforeAll(assertBuilt);

  it.each(FIXTURES)('%s behaves as in a plain run', (fixture) => {
    const run = runPlainAndRecorded(nodeBinary, join(FIXTURE_DIR, fixture), [], ['--level', 'none']);
    try {
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      expect(run.recorded.stderr).toBe(run.plain.stderr);
      expect(run.recorded.status).toBe(run.plain.status);
    } finally {
      run.cleanup();
    }
  });
});
