/**
 * "Whose turn": which school should be asked next for a year group (domain.md §4.1: no school —
 * including those with places — takes a disproportionate number). Documented in docs/fair-access.md.
 *
 * Candidates: open mainstream schools (maintained or academy) of the phase, all-through schools in
 * both phases. A full school is NOT skipped: fair access admissions may exceed the published
 * admission number (§4.1), so capacity never enters the ordering.
 *
 * Order, each key breaking ties in the one before:
 *   1. fair access placements of this year group in the window, per 100 pupils on roll (fewest first);
 *   2. fair access placements of any year group in the window, per 100 on roll (fewest first);
 *   3. the longest since the school's last fair access placement (never first);
 *   4. the larger school first (a place there is the smaller share of its roll);
 *   5. URN, so the order is always the same.
 * A placement counts from its admission, or from its allocation while the child has yet to start,
 * so a school just asked is not asked again before the child arrives.
 */
import type { SchoolPhase, SchoolType } from '../enums';
import { addDays, type IsoDate } from '../dates';
import { phaseForYearGroup } from './eligibility';

/** "Recent" is a rolling 12 months, so the order does not reset every September. */
export const WHOSE_TURN_WINDOW_DAYS = 365;

export interface TurnSchool {
  id: string;
  urn: string;
  name: string;
  phase: SchoolPhase;
  type: SchoolType;
  numberOnRoll: number;
  isOpen: boolean;
}

export interface FapPlacementFact {
  schoolId: string;
  yearGroup: number;
  /** Admission date, or allocation date while the child has yet to start. */
  on: IsoDate;
}

export interface WhoseTurnEntry {
  rank: number;
  schoolId: string;
  yearGroupPlacements: number;
  yearGroupPer100: number;
  allPlacements: number;
  allPer100: number;
  lastPlacementOn: IsoDate | null;
  numberOnRoll: number;
}

const MAINSTREAM: ReadonlySet<SchoolType> = new Set(['MAINTAINED', 'ACADEMY']);

/** Open mainstream schools that teach the phase. */
export function schoolsForPhase<S extends TurnSchool>(schools: readonly S[], phase: 'PRIMARY' | 'SECONDARY'): S[] {
  return schools.filter((s) => s.isOpen && MAINSTREAM.has(s.type) && (s.phase === phase || s.phase === 'ALL_THROUGH'));
}

const per100 = (n: number, roll: number) => (n * 100) / Math.max(roll, 1);

export interface WhoseTurnQuery {
  yearGroup: number;
  asOf: IsoDate;
  windowDays?: number;
  /** E.g. the child's previous schools: never proposed. */
  excludeSchoolIds?: readonly string[];
}

export function rankWhoseTurn(
  schools: readonly TurnSchool[],
  facts: readonly FapPlacementFact[],
  q: WhoseTurnQuery,
): WhoseTurnEntry[] {
  const from = addDays(q.asOf, -(q.windowDays ?? WHOSE_TURN_WINDOW_DAYS));
  const recent = facts.filter((f) => f.on > from && f.on <= q.asOf);
  const excluded = new Set(q.excludeSchoolIds ?? []);
  const rows = schoolsForPhase(schools, phaseForYearGroup(q.yearGroup))
    .filter((s) => !excluded.has(s.id))
    .map((s) => {
      const mine = recent.filter((f) => f.schoolId === s.id);
      const sameYear = mine.filter((f) => f.yearGroup === q.yearGroup).length;
      const last = mine.reduce<IsoDate | null>((m, f) => (m === null || f.on > m ? f.on : m), null);
      return {
        school: s,
        rank: 0,
        schoolId: s.id,
        yearGroupPlacements: sameYear,
        yearGroupPer100: per100(sameYear, s.numberOnRoll),
        allPlacements: mine.length,
        allPer100: per100(mine.length, s.numberOnRoll),
        lastPlacementOn: last,
        numberOnRoll: s.numberOnRoll,
      };
    });
  rows.sort(
    (a, b) =>
      a.yearGroupPer100 - b.yearGroupPer100 ||
      a.allPer100 - b.allPer100 ||
      (a.lastPlacementOn ?? '').localeCompare(b.lastPlacementOn ?? '') ||
      b.numberOnRoll - a.numberOnRoll ||
      a.school.urn.localeCompare(b.school.urn),
  );
  return rows.map(({ school: _s, ...r }, i) => ({
    ...r,
    rank: i + 1,
    yearGroupPer100: round2(r.yearGroupPer100),
    allPer100: round2(r.allPer100),
  }));
}

const round2 = (n: number) => Math.round(n * 100) / 100;
