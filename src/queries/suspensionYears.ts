/**
 * Rule E1 across academic years: each suspension's school days counted in the year they fall in,
 * by the calendar of the excluding school's LA. Used when a suspension is recorded or corrected (the
 * cap) and by the suspensionTotal query (the totals the API returns).
 */
import type { Prisma } from '../generated/prisma/client';
import type { CalendarService } from '../calendar/calendarService';
import { academicYearStart } from '../domain/academicYear';
import { addDays } from '../domain/dates';
import { suspensionDaysByAcademicYear, type YearDays } from '../domain/movements/exclusions';
import { fromDb } from '../db/dates';

type Db = Pick<Prisma.TransactionClient, 'exclusion'>;

/** Longer than any suspension can run (45 school days, with a summer holiday inside it). */
const REACH_BACK_DAYS = 200;

/** The year shares of a pupil's counted suspensions (not reinstated) that can touch `years`, except `exceptId`. */
export async function suspensionShares(
  db: Db,
  calendars: CalendarService,
  pupilId: string,
  years: readonly string[],
  exceptId?: string,
): Promise<YearDays[]> {
  if (!years.length) return [];
  const from = addDays(academicYearStart([...years].sort()[0]!), -REACH_BACK_DAYS);
  const rows = await db.exclusion.findMany({
    where: {
      pupilId,
      kind: 'SUSPENSION',
      governorOutcome: { not: 'REINSTATED' },
      startDate: { gte: new Date(`${from}T00:00:00Z`) },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { startDate: true, schoolDays: true, school: { select: { laId: true } } },
  });
  const wanted = new Set(years);
  const out: YearDays[] = [];
  for (const r of rows) {
    const cal = await calendars.calendarFor(r.school.laId);
    for (const share of suspensionDaysByAcademicYear(cal, fromDb(r.startDate), Number(r.schoolDays ?? 0)))
      if (wanted.has(share.academicYear)) out.push(share);
  }
  return out;
}
