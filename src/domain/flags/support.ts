/** Small helpers shared by the rule files: date windows, provision on a day, building a candidate. */
import { daysBetween, type IsoDate } from '../dates';
import { RULES } from './catalogue';
import type { PlacementFacts } from './snapshots';
import type { ResolvedThresholds } from './thresholds';
import type { Evidence, FlagCandidate, RuleId, SchoolDays } from './types';

export const PROPOSAL_LABEL = 'proposed limit — not yet law';

interface Span {
  startDate: IsoDate;
  endDate: IsoDate | null;
  status?: string;
}

/** Running on day d: the end date is the last day (inclusive); ENDED with no end date counts as over. */
export function activeOn(p: Span, d: IsoDate): boolean {
  if (p.startDate > d) return false;
  return p.endDate === null ? p.status !== 'ENDED' : p.endDate >= d;
}

/** Closed by asOf: an end date on or before asOf, or ENDED with no date. */
export function ended(p: Span, asOf: IsoDate): boolean {
  return p.endDate === null ? p.status === 'ENDED' : p.endDate <= asOf;
}

/** Started and not yet closed on asOf: what "still open" rules (P3, P4 …) test. */
export function stillOpen(p: Span, asOf: IsoDate): boolean {
  return p.startDate <= asOf && !ended(p, asOf);
}

/** The nth school day after d; d itself when n is 0 (a zero tolerance). */
export function afterSchoolDays(cal: SchoolDays, d: IsoDate, n: number): IsoDate {
  return n <= 0 ? d : cal.addSchoolDays(d, n);
}

/** Calendar days from a to b counting both: a placement started and checked the same day is 1 day old. */
export function inclusiveDays(a: IsoDate, b: IsoDate): number {
  return daysBetween(a, b) + 1;
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
export const onOrBefore = (d: IsoDate | null | undefined, asOf: IsoDate): d is IsoDate =>
  d !== null && d !== undefined && d <= asOf;
export const round1 = (n: number): number => Math.round(n * 10) / 10;
export const round2 = (n: number): number => Math.round(n * 100) / 100;

export function isHealthBased(p: Pick<PlacementFacts, 'reason' | 'legalBasis'>): boolean {
  return p.reason === 'HEALTH_NEEDS' || p.legalBasis === 'S19_HEALTH';
}

/** Tier 1 is outreach in the pupil's own mainstream school, not a stay in AP. */
export function isApPlacement(p: Pick<PlacementFacts, 'tier'>): boolean {
  return p.tier !== 'TIER_1_TARGETED_SUPPORT';
}

/** Provision running on day d: full-time when the hours add up, or when any of it is for health needs. */
export function provisionOn(placements: readonly PlacementFacts[], d: IsoDate, fullTimeHours: number) {
  const running = placements.filter((p) => activeOn(p, d));
  const hours = round1(running.reduce((n, p) => n + p.hoursPerWeek, 0));
  const healthBased = running.some(isHealthBased);
  return {
    hours,
    fullTime: hours >= fullTimeHours || healthBased,
    healthBased,
    placementIds: running.map((p) => p.id),
  };
}

export interface RaiseFields {
  subjectId: string;
  laId: string;
  periodKey?: string;
  pupilId?: string | null;
  placementId?: string | null;
  providerId?: string | null;
  schoolId?: string | null;
  /** Defaults to the catalogue title. */
  title?: string;
  /** Overrides the catalogue's label, for a rule that is a proposal only until a provision commences. */
  proposal?: boolean;
  evidence: Evidence;
  score: number;
}

/** A candidate stamped with the rule's catalogue severity and outcome; proposals are labelled. */
export function raise(ruleId: RuleId, t: ResolvedThresholds, f: RaiseFields): FlagCandidate {
  const meta = RULES[ruleId];
  const title = f.title ?? meta.title;
  const proposal = f.proposal ?? meta.proposal;
  const c: FlagCandidate = {
    ruleId,
    outcome: meta.outcome,
    severity: meta.severity,
    subjectType: meta.subjectType,
    subjectId: f.subjectId,
    periodKey: f.periodKey ?? '',
    laId: f.laId,
    title: proposal ? `${title} (${PROPOSAL_LABEL})` : title,
    evidence: f.evidence,
    evidenceScore: f.score,
    configVersion: t.configVersion,
    proposal,
  };
  if (f.pupilId) c.pupilId = f.pupilId;
  if (f.placementId) c.placementId = f.placementId;
  if (f.providerId) c.providerId = f.providerId;
  if (f.schoolId) c.schoolId = f.schoolId;
  return c;
}

/** The ids every placement-subject candidate carries. */
export function placementRefs(p: PlacementFacts) {
  return {
    subjectId: p.id,
    laId: p.laId,
    pupilId: p.pupilId,
    placementId: p.id,
    providerId: p.providerId,
    schoolId: p.commissioningSchoolId,
  };
}
