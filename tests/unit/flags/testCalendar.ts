/**
 * A small fixed school calendar for the flag tests, independent of domain/calendar: Monday–Friday
 * except these holidays (inclusive). Counts in the tests are hand-computed against this list.
 *
 *   Summer 2025        Wed 23 Jul – Tue 2 Sep 2025   (autumn term starts Wed 3 Sep)
 *   Autumn half-term   Mon 27 Oct – Fri 31 Oct 2025
 *   Christmas          Mon 22 Dec 2025 – Fri 2 Jan 2026
 *   February half-term Mon 16 Feb – Fri 20 Feb 2026
 *   Easter             Mon 30 Mar – Fri 10 Apr 2026
 *   May bank holiday   Mon 4 May 2026
 *   May half-term      Mon 25 May – Fri 29 May 2026
 *   Summer 2026        Wed 22 Jul – Tue 1 Sep 2026   (autumn term starts Wed 2 Sep)
 *   Autumn half-term   Mon 26 Oct – Fri 30 Oct 2026
 *   Christmas          Mon 21 Dec 2026 – Fri 1 Jan 2027
 */
import { academicYearOf } from '../../../src/domain/academicYear';
import { addDays, dayOfWeek } from '../../../src/domain/dates';
import type { SchoolDays } from '../../../src/domain/flags/types';

const HOLIDAYS: [string, string][] = [
  ['2025-07-23', '2025-09-02'],
  ['2025-10-27', '2025-10-31'],
  ['2025-12-22', '2026-01-02'],
  ['2026-02-16', '2026-02-20'],
  ['2026-03-30', '2026-04-10'],
  ['2026-05-04', '2026-05-04'],
  ['2026-05-25', '2026-05-29'],
  ['2026-07-22', '2026-09-01'],
  ['2026-10-26', '2026-10-30'],
  ['2026-12-21', '2027-01-01'],
];

// Spring runs from January to the Easter holiday; summer after it.
const EASTER_START: Record<string, string> = { '2025-26': '2026-03-30', '2026-27': '2027-03-29' };

export class TestCalendar implements SchoolDays {
  isSchoolDay(d: string): boolean {
    const w = dayOfWeek(d);
    return w !== 0 && w !== 6 && !HOLIDAYS.some(([a, b]) => d >= a && d <= b);
  }

  schoolDaysBetween(start: string, end: string): number {
    let n = 0;
    for (let d = start; d <= end; d = addDays(d, 1)) if (this.isSchoolDay(d)) n++;
    return n;
  }

  addSchoolDays(d: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be >= 1, got ${n}`);
    let day = d;
    for (let k = 0; k < n;) {
      day = addDays(day, 1);
      if (this.isSchoolDay(day)) k++;
    }
    return day;
  }

  nthSchoolDayFrom(d: string, n: number): string {
    return this.addSchoolDays(addDays(d, -1), n);
  }

  termOf(d: string): { academicYear: string; term: string } | null {
    if (!this.isSchoolDay(d)) return null;
    const academicYear = academicYearOf(d);
    const month = Number(d.slice(5, 7));
    const term =
      month >= 9 ? 'AUTUMN' : d < (EASTER_START[academicYear] ?? `${d.slice(0, 4)}-04-01`) ? 'SPRING' : 'SUMMER';
    return { academicYear, term };
  }
}

export const cal = new TestCalendar();
