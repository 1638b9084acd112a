// Whether a deferred run is inside a logged file-system operation that Node implements with other
// public fs functions (fs.rm over lstat, readdir, unlink; fs.cp over fs.promises; writeFileSync over
// openSync): those inner calls are the outer one's own, and must not be logged, since a re-execution
// is fed the outer operation's outcome and never makes them. The deferred run's log tap asks here
// (an inner read runs unlogged; an inner async read's ticket is 0). Knows a depth, nothing else.

let depth = 0;

export function enterLoggedOperation(): void {
  depth++;
}

export function leaveLoggedOperation(): void {
  depth--;
}

/** True while a logged operation's own calls run: they are performed, not logged. */
export function insideLoggedOperation(): boolean {
  return depth > 0;
}
