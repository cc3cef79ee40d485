/**
 * Small-number suppression for published counts.
 *
 * Primary: a count from 1 to threshold − 1 is hidden. Zero is shown: it identifies nobody, and hiding it
 * would hide that a table is empty.
 *
 * Secondary: a table publishes additive constraints (total = sum of parts, e.g. a row total or the
 * LA total of a column). A constraint with exactly one hidden member would give it away by subtraction,
 * so another member is hidden too: the smallest non-zero visible part, else the total. This repeats
 * until no constraint has exactly one hidden member, so a cell hidden for one constraint is also
 * protected in every other constraint it belongs to (rows and columns alike). It is the usual greedy
 * heuristic, not an optimal pattern; it does not defend against differencing two reports run with
 * different filters.
 */
export interface SuppressibleCell {
  /** The exact count. */
  readonly exact: number;
  suppressed: boolean;
}

export interface AdditiveConstraint {
  total: SuppressibleCell;
  parts: readonly SuppressibleCell[];
}

export function isBelowThreshold(n: number, threshold: number): boolean {
  return n > 0 && n < threshold;
}

export function applySuppression(
  cells: Iterable<SuppressibleCell>,
  constraints: readonly AdditiveConstraint[],
  threshold: number,
): void {
  for (const c of cells) if (isBelowThreshold(c.exact, threshold)) c.suppressed = true;
  let changed = true;
  while (changed) {
    changed = false;
    for (const k of constraints) {
      const hidden = (k.total.suppressed ? 1 : 0) + k.parts.filter((p) => p.suppressed).length;
      if (hidden !== 1) continue;
      const visible = k.parts.filter((p) => !p.suppressed && p.exact > 0).sort((a, b) => a.exact - b.exact);
      const pick = visible[0] ?? (k.total.suppressed ? undefined : k.total);
      if (pick) {
        pick.suppressed = true;
        changed = true;
      }
    }
  }
}
