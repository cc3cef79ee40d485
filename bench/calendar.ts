/**
 * `npm run bench:calendar`: a million decade-spanning school-day counts on Sheffield's calendar (the
 * flag scan and the reports count school days for every placement). No database. Target: under 5 s on
 * this 2-core machine (it was a timed assertion in tests/unit/domain/schoolCalendar.test.ts; timings
 * live here, not in tests). Prints the wall time and the count, which must not change between runs.
 */
import { readFileSync } from 'node:fs';
import { loadBankHolidays, parseSheffieldTermDatesJson, SchoolCalendar } from '../src/domain/calendar';

const terms = parseSheffieldTermDatesJson(
  JSON.parse(
    readFileSync(new URL('../data/reference/sheffield_la_term_dates_2025_2028.json', import.meta.url), 'utf8'),
  ),
);
const cal = new SchoolCalendar(loadBankHolidays(), terms);
const N = 1_000_000;
const t0 = performance.now();
let total = 0;
for (let i = 0; i < N; i++) total += cal.schoolDaysBetween('2015-09-01', i % 2 ? '2035-08-31' : '2027-02-14');
const ms = performance.now() - t0;
console.log(
  `${N.toLocaleString('en-GB')} schoolDaysBetween calls: ${ms.toFixed(0)} ms (target < 5000 ms); sum of counts ${total}`,
);
