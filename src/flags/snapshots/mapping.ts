import { DEFAULT_VALUES } from '../../domain/flags/thresholds';
import type { EndReasonKind, ProviderFacts, PlacementFacts, DirectionNoticeFacts } from '../../domain/flags/snapshots';
import type { Placement, Provider } from '../../generated/prisma/client';

/** Prisma rows → the plain facts the pure rules read (dates as YYYY-MM-DD, decimals as numbers). */
export const iso = (d: Date): string => d.toISOString().slice(0, 10);
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? iso(d) : null);

export class BadDataError extends Error {}

export function providerFacts(p: Provider): ProviderFacts {
  return {
    id: p.id,
    kind: p.kind,
    onApprovedList: p.onApprovedList,
    qaOutcome: p.qaOutcome,
    qaCheckDate: isoOrNull(p.qaCheckDate),
    safeguardingOutcome: p.safeguardingOutcome,
    safeguardingCheckDate: isoOrNull(p.safeguardingCheckDate),
    riskAssessmentDate: isoOrNull(p.riskAssessmentDate),
  };
}

function directionNotice(v: unknown): DirectionNoticeFacts | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new BadDataError('Placement.directionNotice is not an object');
  return v as DirectionNoticeFacts;
}

/** Start of the first placement of a transfer chain: the episode a long stay is measured from (P4). */
export function episodeStart(
  p: Pick<Placement, 'id' | 'previousPlacementId' | 'startDate'>,
  all: Map<string, Pick<Placement, 'id' | 'previousPlacementId' | 'startDate'>>,
): string {
  let cur = p;
  const seen = new Set<string>();
  while (cur.previousPlacementId && all.has(cur.previousPlacementId) && !seen.has(cur.id)) {
    seen.add(cur.id);
    cur = all.get(cur.previousPlacementId)!;
  }
  return iso(cur.startDate);
}

export function placementFacts(
  p: Placement & { provider: Provider; reintegration?: { startDate: Date } | null },
  episodeStartDate: string,
): PlacementFacts {
  return {
    id: p.id,
    laId: p.laId,
    pupilId: p.pupilId,
    providerId: p.providerId,
    provider: providerFacts(p.provider),
    commissionerKind: p.commissionerKind,
    commissioningSchoolId: p.commissioningSchoolId,
    reason: p.reason,
    legalBasis: p.legalBasis,
    tier: p.tier,
    startDate: iso(p.startDate),
    plannedEndDate: isoOrNull(p.plannedEndDate),
    endDate: isoOrNull(p.endDate),
    status: p.status,
    episodeStartDate,
    hoursPerWeek: Number(p.hoursPerWeek),
    registration: p.registration,
    maximumPeriodSchoolDays: p.maximumPeriodSchoolDays,
    reviewIntervalSchoolDays: p.reviewIntervalSchoolDays,
    lastReviewDate: isoOrNull(p.lastReviewDate),
    laNotifiedOn: isoOrNull(p.laNotifiedOn),
    directionNoticeDate: isoOrNull(p.directionNoticeDate),
    directionNotice: directionNotice(p.directionNotice),
    ehcpLaNoticeDate: isoOrNull(p.ehcpLaNoticeDate),
    reintegrationDate: isoOrNull(p.reintegration?.startDate),
    destination: p.destination,
  };
}

export const endReasonKind = (category: string | null): EndReasonKind | null =>
  (category as EndReasonKind | null) ?? null;

const FULL_TIME = DEFAULT_VALUES.fullTimeHoursPerWeek;

/**
 * A pupil still on a school's roll during a placement that keeps them there (dual or home-school
 * registration) is taken to be taught by that school for the rest of the full-time week: the
 * school stays responsible. Without that assumption every part-time placement would look like
 * a part-time education (A5, U3). No roll, or single registration at the AP: nothing is assumed.
 */
export function homeSchoolRemainder(keepsHomeRoll: boolean, running: { hoursPerWeek: unknown }[]): number {
  if (!keepsHomeRoll) return 0;
  return Math.max(0, FULL_TIME - running.reduce((sum, x) => sum + Number(x.hoursPerWeek), 0));
}
