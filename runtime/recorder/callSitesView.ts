// `util.getCallSites()` (Node 22.9+) as a plain run returns it: V8 reports positions in the
// instrumented text, whose lines are the user's but whose columns are only at a line's start; this
// stand-in maps each site of an instrumented file back to the user's line and column, and leaves out
// its own frame. Asked for source maps (`{ sourceMap: true }`, `--enable-source-maps`), Node maps the
// sites itself, through the map the loaders registered: that form is handed over as it is. Knows
// Node's getCallSites arguments and site objects; not how files are instrumented.
import { B } from './builtins';
import { disguise } from './functionText';

/** What the stand-in needs of the loaders: which files are instrumented, and their source maps. */
export interface CallSitesSources {
  isInstrumented(fileName: string): boolean;
  findSourceMap(fileName: string): object | undefined;
  findEntry: (line0: number, column0: number) => { originalLine?: number; originalColumn?: number };
}

type GetCallSites = (this: unknown, frameCount?: unknown, options?: unknown) => unknown;
/** Node's bounds on `frameCount` (and its default). */
const MOST_FRAMES = 200;
const DEFAULT_FRAMES = 10;

export function installCallSitesView(sources: CallSitesSources): void {
  // Not a default import: the bundle's interop would read every export's descriptor, and on Node 24
  // reading `diff`'s loads Node's colour helper, which opens stderr's terminal stream (a SIGWINCH
  // listener a plain run does not have before the program's code: deferredTerminal.test.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object, with no interop copy
  const util = require('node:util') as typeof import('node:util');
  const descriptor = B.getOwnPropertyDescriptor(util, 'getCallSites');
  const original = descriptor?.value as GetCallSites | undefined;
  if (typeof original !== 'function' || !descriptor!.writable || !descriptor!.configurable) return;
  let enableSourceMaps = false;
  for (let i = 0; i < process.execArgv.length; i++)
    if (process.execArgv[i] === '--enable-source-maps') enableSourceMaps = true;
  const standIn = {
    getCallSites(this: unknown, ...args: unknown[]): unknown {
      const frameCount = args[0];
      const options = args[1];
      // Node's reading of its arguments: an object first is the options, and the count its default.
      const optionsFirst = options === undefined && typeof frameCount === 'object' && frameCount !== null;
      const given = optionsFirst ? frameCount : options;
      const count = frameCount === undefined || optionsFirst ? DEFAULT_FRAMES : frameCount;
      // Node reads `sourceMap` too; a value it refuses makes it throw, below.
      const sourceMap =
        typeof given === 'object' && given !== null ? (given as { sourceMap?: unknown }).sourceMap : undefined;
      const nodeMaps = sourceMap === true || (enableSourceMaps && sourceMap !== false);
      // What Node refuses goes to it unchanged: it throws as it would (stacks leave this frame out).
      if (typeof count !== 'number' || !B.NumberIsInteger(count) || count < 1 || count > MOST_FRAMES)
        return B.apply(original, this, args as never[]);
      // One frame more, this one's, left out (at Node's most, 200, the program gets 199).
      const sites = B.apply(original, this, [B.MathMin(count + 1, MOST_FRAMES), given] as never[]);
      if (!B.isArray(sites)) return sites;
      const found: unknown[] = [];
      for (let i = 1; i < sites.length; i++) {
        if (!nodeMaps) userSite(sources, sites[i]);
        found[i - 1] = sites[i];
      }
      return found;
    },
  }.getCallSites;
  disguise(standIn, original);
  B.defineProperty(util, 'getCallSites', { ...descriptor, value: standIn });
}

/** Puts the user's line and column in a site of an instrumented file. */
function userSite(sources: CallSitesSources, site: unknown): void {
  if (typeof site !== 'object' || site === null) return;
  const fields = site as { scriptName?: unknown; lineNumber?: unknown; column?: unknown; columnNumber?: unknown };
  const { scriptName, lineNumber } = fields;
  const column = B.hasOwn(fields, 'columnNumber') ? fields.columnNumber : fields.column;
  if (typeof scriptName !== 'string' || typeof lineNumber !== 'number' || typeof column !== 'number') return;
  if (!sources.isInstrumented(scriptName)) return;
  const map = sources.findSourceMap(scriptName);
  if (!map) return;
  const entry = B.apply(sources.findEntry, map, [lineNumber - 1, column - 1]);
  const { originalLine, originalColumn } = entry;
  if (typeof originalLine !== 'number' || typeof originalColumn !== 'number') return;
  fields.lineNumber = originalLine + 1;
  if (B.hasOwn(fields, 'columnNumber')) fields.columnNumber = originalColumn + 1;
  if (B.hasOwn(fields, 'column')) fields.column = originalColumn + 1;
}
