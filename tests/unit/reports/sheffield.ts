import { readFileSync } from 'node:fs';
import { loadBankHolidays, parseSheffieldTermDatesJson, SchoolCalendar } from '../../../src/domain/calendar';

/** Sheffield's 2025-26 to 2027-28 term dates: every weekday 1 Sep – 19 Dec 2025 is a school day except half-term 27–31 Oct. */
export const sheffield = new SchoolCalendar(
  loadBankHolidays(),
  parseSheffieldTermDatesJson(
    JSON.parse(readFileSync('data/reference/sheffield_la_term_dates_2025_2028.json', 'utf8')),
  ),
);
