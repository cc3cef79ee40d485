import type { PrismaClient } from '../generated/prisma/client';
import { SchoolCalendar, loadBankHolidays, type TermDates } from '../domain/calendar';

/**
 * One school-day calendar per LA: its loaded term dates, else the documented default pattern.
 * Cached briefly; loading term dates invalidates this process's copy.
 */
export interface CalendarService {
  calendarFor(laId: string): Promise<SchoolCalendar>;
  sourceFor(laId: string): Promise<string>;
  invalidate(laId: string): void;
}

const TTL_MS = 5 * 60_000;

export function createCalendarService(prisma: PrismaClient): CalendarService {
  const cache = new Map<string, { at: number; calendar: SchoolCalendar; source: string }>();
  const bankHolidays = loadBankHolidays();

  async function entry(laId: string) {
    const hit = cache.get(laId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit;
    const rows = await prisma.termDates.findMany({ where: { laId }, orderBy: { academicYear: 'asc' } });
    const terms: TermDates[] = rows.map((r) => ({
      academicYear: r.academicYear,
      holidays: r.holidays as unknown as TermDates['holidays'],
      insetDays: r.insetDays as unknown as string[],
      source: r.source,
    }));
    const source = rows.length
      ? `loaded term dates for ${rows.map((r) => r.academicYear).join(', ')}; default pattern for other years`
      : 'default pattern (no term dates loaded)';
    const fresh = { at: Date.now(), calendar: new SchoolCalendar(bankHolidays, terms), source };
    cache.set(laId, fresh);
    return fresh;
  }

  return {
    calendarFor: async (laId) => (await entry(laId)).calendar,
    sourceFor: async (laId) => (await entry(laId)).source,
    invalidate: (laId) => void cache.delete(laId),
  };
}
