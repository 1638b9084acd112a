// Which files get instrumented: include/exclude globs (relative to root, or absolute) compiled to
// regular expressions. Supports `**`, `*`, `?`, `{a,b}` and `[...]`; paths use '/'. Default:
// everything under root, nothing in node_modules. Knows paths only.
import { isAbsolute, resolve, sep } from 'node:path';
import { B } from '../recorder/builtins';

export interface FileFilter {
  (absolutePath: string): boolean;
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*') {
      if (glob[index + 1] === '*') {
        // `**/` matches zero or more whole directories; a trailing `**` matches everything.
        index++;
        if (glob[index + 1] === '/') {
          index++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const close = glob.indexOf('}', index);
      if (close < 0) {
        source += '\\{';
        continue;
      }
      source += `(?:${glob
        .slice(index + 1, close)
        .split(',')
        .map(escape)
        .join('|')})`;
      index = close;
    } else if (char === '[') {
      const close = glob.indexOf(']', index);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      source += `[${glob
        .slice(index + 1, close)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`;
      index = close;
    } else source += escape(char);
  }
  return new RegExp(`^${source}$`);
}

function escape(text: string): string {
  return text.replace(/[.+^$()|\\{}[\]*?]/g, '\\$&');
}

export function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** A glob relative to root becomes absolute; `**` globs like the default exclude stay as they are. */
export function anchor(glob: string, root: string): string {
  if (glob.startsWith('**') || isAbsolute(glob)) return toSlashes(glob);
  return toSlashes(resolve(root, glob));
}

export function createFileFilter(options: { include: string[]; exclude: string[]; root: string }): FileFilter {
  const root = toSlashes(resolve(options.root || process.cwd()));
  const include =
    options.include.length > 0
      ? options.include.map((glob) => globToRegExp(anchor(glob, root)))
      : [globToRegExp(`${root === '/' ? '' : root}/**`)];
  const exclude = options.exclude.map((glob) => globToRegExp(anchor(glob, root)));
  // Asked at every load, after user code may have replaced Array/RegExp methods: plain loops and
  // the RegExp exec captured before user code ran (recorder/builtins.ts).
  return (absolutePath) => {
    const path = toSlashes(absolutePath);
    return matchesAny(include, path) && !matchesAny(exclude, path);
  };
}

function matchesAny(patterns: readonly RegExp[], path: string): boolean {
  for (let index = 0; index < patterns.length; index++) if (B.regexpExec(patterns[index], path) !== null) return true;
  return false;
}
