/**
 * Panel decisions are immutable; a change is a new decision that supersedes the current one.
 * supersedesId is unique, so the decisions of a referral form one chain; its head is the current decision.
 */

export interface ChainLink {
  id: string;
  supersedesId: string | null;
}

/** The chain oldest first, or null when the links are not one unbroken chain. */
export function orderChain<T extends ChainLink>(decisions: readonly T[]): T[] | null {
  if (decisions.length === 0) return [];
  const bySuperseded = new Map<string, T>();
  const roots: T[] = [];
  for (const d of decisions) {
    if (d.supersedesId === null) roots.push(d);
    else if (bySuperseded.has(d.supersedesId)) return null;
    else bySuperseded.set(d.supersedesId, d);
  }
  if (roots.length !== 1) return null;
  const out: T[] = [roots[0]!];
  for (let next = bySuperseded.get(roots[0]!.id); next; next = bySuperseded.get(next.id)) out.push(next);
  return out.length === decisions.length ? out : null;
}

/** The decision in force: the one nothing supersedes (null before the first decision). */
export function currentDecision<T extends ChainLink>(decisions: readonly T[]): T | null {
  const superseded = new Set(decisions.map((d) => d.supersedesId).filter((x): x is string => x !== null));
  const heads = decisions.filter((d) => !superseded.has(d.id));
  return heads.length === 1 ? heads[0]! : null;
}

export type SupersedeCheck =
  { ok: true } | { ok: false; kind: 'MUST_SUPERSEDE' | 'NOT_CURRENT' | 'NOTHING_TO_SUPERSEDE'; message: string };

/**
 * A new decision must name the current decision when there is one, so two clerks recording at
 * once cannot both replace the same decision unawares.
 */
export function checkSupersedes(current: ChainLink | null, supersedesId: string | null | undefined): SupersedeCheck {
  if (!current)
    return supersedesId
      ? {
          ok: false,
          kind: 'NOTHING_TO_SUPERSEDE',
          message: 'This referral has no decision yet, so there is nothing to supersede.',
        }
      : { ok: true };
  if (!supersedesId)
    return {
      ok: false,
      kind: 'MUST_SUPERSEDE',
      message: `This referral already has a decision (${current.id}); a change is a new decision that supersedes it: give supersedesDecisionId.`,
    };
  if (supersedesId !== current.id)
    return {
      ok: false,
      kind: 'NOT_CURRENT',
      message: `That decision is not the one in force: the current decision is ${current.id}.`,
    };
  return { ok: true };
}
