/**
 * Rates used across the reports. Each answers null when it is undefined (nothing to divide by),
 * never 0, so "no data" is never mistaken for "none".
 */

/** Rule R2/R3: sustained / (sustained + broken down). Pending reintegrations are not yet an outcome. */
export function reintegrationRate(sustained: number, brokenDown: number): number | null {
  const decided = sustained + brokenDown;
  return decided > 0 ? sustained / decided : null;
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function per100(count: number, base: number): number | null {
  return base > 0 ? (100 * count) / base : null;
}

/**
 * Disproportionality: a characteristic's share among the pupils a school moved into AP, divided by its
 * share among the pupils on that school's roll. 1 = proportionate; 2 = twice as common among those moved.
 * Undefined when nobody was moved or nobody on the roll has the characteristic.
 */
export function disproportionalityRatio(
  movedWith: number,
  moved: number,
  rollWith: number,
  roll: number,
): number | null {
  const a = share(movedWith, moved);
  const b = share(rollWith, roll);
  return a === null || b === null || b === 0 ? null : a / b;
}

/** Rounds a rate for display, keeping null. */
export const round = (v: number | null, dp = 3): number | null =>
  v === null ? null : Math.round(v * 10 ** dp) / 10 ** dp;
