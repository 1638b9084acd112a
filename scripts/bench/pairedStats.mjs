// Statistics for paired benchmark rounds (liveCheckBench.mjs, replayCompare.mjs, replayStepCompare.mjs):
// medians of paired ratios with a distribution-free interval, their printing, and a seeded generator
// for resampling.
// Knows numbers only, nothing of what was measured.

export const sorted = (values) => [...values].sort((a, b) => a - b);

export const median = (values) => {
  const list = sorted(values);
  const middle = list.length >> 1;
  return list.length % 2 ? list[middle] : (list[middle - 1] + list[middle]) / 2;
};

/** A ratio as a signed percentage change: 1.018 → "+1.8%". */
export const percent = (ratio) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;

/**
 * A 95% interval for the median of n paired ratios from their order statistics (no assumption on
 * their distribution): [x(k), x(n+1-k)] with the largest k where P(Binomial(n, ½) < k) ≤ 2.5%.
 * Under 6 samples no such k exists: the whole range is given (it covers less than 95%).
 */
export function medianInterval(values) {
  const list = sorted(values);
  const n = list.length;
  // Past ~1000 samples 2 ** n overflows: the binomial's normal approximation gives k there.
  if (n > 100) {
    const k = Math.max(1, Math.floor((n - 1.96 * Math.sqrt(n)) / 2));
    return [list[k - 1], list[n - k]];
  }
  let below = 0; // P(Binomial(n, ½) < k), k = 1…
  let k = 0;
  let choose = 1; // C(n, k-1)
  for (let next = 1; next <= n; next++) {
    below += choose / 2 ** n;
    if (below > 0.025) break;
    k = next;
    choose = (choose * (n - next + 1)) / next;
  }
  return k === 0 ? [list[0], list[n - 1]] : [list[k - 1], list[n - k]];
}

/** A seeded generator (mulberry32): an interval resampled with it is reproducible from the printed samples. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
