import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { once } from '../../record/idempotency';
import { invalid, type FieldProblem } from '../../errors';
import { academicYearStart, academicYearEnd } from '../../domain/academicYear';
import { SchoolCalendar, loadBankHolidays } from '../../domain/calendar';
import { audit } from '../../record/audit';
import { parseInput, isoDate, requiredText } from '../validation';
import type { UseCaseDeps } from '../deps';

const schema = z.object({
  academicYear: z.string().regex(/^\d{4}-\d{2}$/, 'The academic year is written like 2025-26.'),
  holidays: z.array(z.object({ start: isoDate, end: isoDate, label: requiredText('A holiday label', 100) })).max(40),
  insetDays: z.array(isoDate).max(10).default([]),
  source: requiredText('The source of these dates', 500),
});

/** Loads an LA's term dates for one academic year; school-day counts use them from then on. */
export async function loadTermDates(deps: UseCaseDeps, actor: Actor, input: unknown, clientKey?: string | null) {
  authorise(actor, 'organisation.manage');
  const f = parseInput(schema, input);
  const problems: FieldProblem[] = [];
  const [y1, y2] = f.academicYear.split('-');
  if ((Number(y1) + 1) % 100 !== Number(y2))
    problems.push({ field: 'academicYear', message: 'The academic year must be two consecutive years, e.g. 2025-26.' });
  else {
    const from = academicYearStart(f.academicYear);
    const to = academicYearEnd(f.academicYear);
    f.holidays.forEach((h, i) => {
      if (h.end < h.start)
        problems.push({ field: `holidays.${i}`, message: `${h.label}: the end is before the start.` });
      if (h.start < from || h.end > to)
        problems.push({
          field: `holidays.${i}`,
          message: `${h.label} falls outside ${f.academicYear} (${from} to ${to}).`,
        });
    });
    f.insetDays.forEach((d, i) => {
      if (d < from || d > to)
        problems.push({ field: `insetDays.${i}`, message: `INSET day ${d} falls outside ${f.academicYear}.` });
    });
  }
  if (problems.length) throw invalid(problems);
  const terms = { academicYear: f.academicYear, holidays: f.holidays, insetDays: f.insetDays, source: f.source };
  const schoolDaysInYear = new SchoolCalendar(loadBankHolidays(), [terms]).schoolDaysBetween(
    academicYearStart(f.academicYear),
    academicYearEnd(f.academicYear),
  );
  if (schoolDaysInYear < 150 || schoolDaysInYear > 200)
    throw invalid([
      {
        field: 'holidays',
        message: `These dates give ${schoolDaysInYear} school days in the year; a school year has about 190. Check the holidays.`,
      },
    ]);
  const result = await once(deps.prisma, actor, clientKey, 'loadTermDates', f, async (tx) => {
    await tx.termDates.upsert({
      where: { laId_academicYear: { laId: actor.laId, academicYear: f.academicYear } },
      create: {
        laId: actor.laId,
        academicYear: f.academicYear,
        holidays: f.holidays,
        insetDays: f.insetDays,
        source: f.source,
      },
      update: { holidays: f.holidays, insetDays: f.insetDays, source: f.source, loadedAt: new Date() },
    });
    await audit(tx, actor, 'calendar.loadTermDates', 'LOCAL_AUTHORITY', [actor.laId]);
    return { academicYear: f.academicYear, schoolDaysInYear };
  });
  deps.calendars.invalidate(actor.laId);
  return result;
}
