/**
 * Percentiles by the nearest-rank method: the p-th percentile of n values is the value at rank
 * ceil(p × n) (1-based) in ascending order. Every reported figure is therefore a stay length that
 * actually occurred (whole school days, no interpolation); the median of an even count is the lower
 * middle value, and P100 is the maximum. This is PostgreSQL's percentile_disc.
 */
export function nearestRank(sortedAscending: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile must be in (0, 1], got ${p}`);
  const n = sortedAscending.length;
  if (n === 0) return null;
  return sortedAscending[Math.ceil(p * n) - 1] as number;
}

export interface Distribution {
  n: number;
  median: number | null;
  p75: number | null;
  p90: number | null;
  max: number | null;
}

export function distribution(values: readonly number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    median: nearestRank(s, 0.5),
    p75: nearestRank(s, 0.75),
    p90: nearestRank(s, 0.9),
    max: nearestRank(s, 1),
  };
}
