// Which file `node <script>` would run: the path as given, else with Node's extensions, else a
// folder's package.json "main" or index file — the CommonJS main-entry resolution Node applies to
// its first argument (an ES module entry must name its file, which the first rule finds). Knows
// paths, not recording.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/** The absolute file Node would run for `script` (relative to `cwd`), or undefined if there is none. */
export function resolveEntry(script: string, cwd: string = process.cwd()): string | undefined {
  const absolute = resolve(cwd, script);
  try {
    return createRequire(resolve(cwd, 'noop.js')).resolve(absolute);
  } catch {
    return undefined;
  }
}
