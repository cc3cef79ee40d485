import type { FieldProblem } from '../errors';
import type { Clock } from '../time/clock';

// The database date conversions live with the database (src/db/dates.ts) so queries and records reach them
// without importing use cases; use cases keep importing them from here, next to the date rules of their inputs.
export { fromDb, fromDbOrNull, toDb, toDbOrNull } from '../db/dates';

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
