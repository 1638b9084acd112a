// Glob lists as used by `outFiles` and `skipFiles`: `**` any depth, `*` within a segment, `?` one
// character, a leading `!` excludes. A path matches when an including pattern matches and no
// excluding one does. Pure string work; `<node_internals>` is just text here.

export type PathPredicate = (absolutePath: string) => boolean;

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*' && pattern[index + 1] === '*') {
      const slashAfter = pattern[index + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      index += slashAfter ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** An empty list matches nothing unless `emptyMatchesAll`. */
export function globListMatcher(patterns: readonly string[] | undefined, emptyMatchesAll: boolean): PathPredicate {
  const normalized = (patterns ?? []).map((pattern) => pattern.replace(/\\/g, '/'));
  const include = normalized.filter((pattern) => !pattern.startsWith('!')).map(globToRegExp);
  const exclude = normalized
    .filter((pattern) => pattern.startsWith('!'))
    .map((pattern) => globToRegExp(pattern.slice(1)));
  return (absolutePath) => {
    const subject = absolutePath.replace(/\\/g, '/');
    const included = include.length === 0 ? emptyMatchesAll : include.some((regex) => regex.test(subject));
    return included && !exclude.some((regex) => regex.test(subject));
  };
}
