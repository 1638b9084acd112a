// Milliseconds on a monotonic clock, for the recorder's own accounting (time the program waited for
// ring space, how often printed output publishes a batch). process.hrtime, captured when this module
// loads: before the program can replace it (INS-25), and before a deferred run wraps it to log the
// program's reads (the recorder's own must not be logged). Not performance.now: the first touch of the
// `performance` global loads perf_hooks and seven of Node's modules under it, ~3–6 ms of every
// recorded process's start on Node 24, which a `full` or `calls` recording has no other use for
// (docs/PERFORMANCE.md, "Session 34"). Knows nothing of what it times.
const hrtime = process.hrtime;

export function monotonicMs(): number {
  const time = hrtime(); // indexed below: no array iterator the program could have replaced
  return time[0] * 1e3 + time[1] / 1e6;
}
