import type { FieldProblem } from '../errors';
import type { Clock } from '../time/clock';

/** Conversions at the database boundary: Prisma DATE columns are JS Dates at UTC midnight. */
export const toDb = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);
export const toDbOrNull = (iso: string | null | undefined): Date | null => (iso ? toDb(iso) : null);
export const fromDb = (d: Date): string => d.toISOString().slice(0, 10);
export const fromDbOrNull = (d: Date | null | undefined): string | null => (d ? fromDb(d) : null);

const addYears = (iso: string, n: number) => `${Number(iso.slice(0, 4)) + n}${iso.slice(4)}`;

/**
 * No event dated before the pupil's birth or absurdly in the future: a fact that has happened cannot be
 * later than today (England's date, from the one clock); a planned start may be up to a year ahead.
 */
export function eventDateProblem(
  clock: Clock,
  field: string,
  date: string,
  dateOfBirth: string,
  kind: 'happened' | 'planned' = 'happened',
): FieldProblem | null {
  if (date < dateOfBirth) return { field, message: `${date} is before the pupil's date of birth.` };
  const today = clock.today();
  const limit = kind === 'planned' ? addYears(today, 1) : today;
  if (date > limit)
    return {
      field,
      message:
        kind === 'planned'
          ? `${date} is more than a year ahead.`
          : `${date} is in the future; record this once it has happened.`,
    };
  return null;
}
