import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import type { CalendarService } from '../calendar/calendarService';
import type { SchoolCalendar } from '../domain/calendar';
import { resolveThresholds } from '../domain/flags/thresholds';
import { conditionFor } from './permissions';

/**
 * Least privilege by time: provider staff keep reading a pupil for `providerAccessAfterPlacementSchoolDays`
 * school days after the placement ends (threshold table; default 130, the final reintegration checkpoint).
 * The earliest end date still inside the window, as of today, is worked out once per request.
 */
export function placementAccessFrom(cal: SchoolCalendar, today: string, schoolDays: number): string {
  // The earliest date d with at most `schoolDays` school days after it up to today; school days elapsed
  // since d only fall as d moves later, so a binary search over calendar days finds it.
  const dayMs = 86_400_000;
  const t = Date.parse(`${today}T00:00:00Z`);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  let lo = 0; // days back: always inside
  let hi = Math.ceil(schoolDays * 1.6) + 60; // days back: far enough to be outside (holidays included)
  while (cal.schoolDaysElapsedSince(iso(t - hi * dayMs), today) <= schoolDays) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cal.schoolDaysElapsedSince(iso(t - mid * dayMs), today) <= schoolDays) lo = mid;
    else hi = mid;
  }
  return iso(t - lo * dayMs);
}

/** The actor with its provider access window filled in (a no-op for roles whose scope has no window). */
export async function withAccessWindow(
  deps: { prisma: PrismaClient; calendars: CalendarService },
  actor: Actor,
  today: string,
): Promise<Actor> {
  if (conditionFor(actor, 'placement.read') !== 'PLACEMENT_AT_PROVIDER') return actor;
  const overrides = await deps.prisma.laRuleOverride.findMany({
    where: { laId: actor.laId, key: 'providerAccessAfterPlacementSchoolDays' },
  });
  const days = resolveThresholds(overrides).values.providerAccessAfterPlacementSchoolDays;
  const cal = await deps.calendars.calendarFor(actor.laId);
  return { ...actor, placementAccessFrom: placementAccessFrom(cal, today, days) };
}
