import { readFileSync } from 'node:fs';
import { loadBankHolidays, parseSheffieldTermDatesJson, SchoolCalendar } from '../../src/domain/calendar';

/**
 * Sheffield's published 2025-26 to 2027-28 term dates (bundled copy), the calendar the unit tests count school
 * days on by hand: autumn half-term Mon 27 – Fri 31 Oct 2025; Christmas Mon 22 Dec 2025 – Fri 2 Jan 2026 (term
 * ends Fri 19 Dec, restarts Mon 5 Jan); every other weekday 1 Sep – 19 Dec 2025 is a school day.
 */
export const sheffield = new SchoolCalendar(
  loadBankHolidays(),
  parseSheffieldTermDatesJson(
    JSON.parse(
      readFileSync(new URL('../../data/reference/sheffield_la_term_dates_2025_2028.json', import.meta.url), 'utf8'),
    ),
  ),
);
