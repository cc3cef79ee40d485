import { loadBankHolidays } from './bankHolidays';
import { SchoolCalendar } from './schoolCalendar';

export { BankHolidays, BANK_HOLIDAY_FILE, computedBankHolidays, easterSunday, loadBankHolidays } from './bankHolidays';
export {
  DEFAULT_TERM_DATES_SOURCE,
  defaultTermDates,
  parseSheffieldTermDatesJson,
  type Holiday,
  type TermDates,
} from './termDates';
export { SchoolCalendar, type BankHolidaySource, type Term, type TermInfo } from './schoolCalendar';

let england: SchoolCalendar | undefined;

/** England & Wales bank holidays and the default term pattern (no LA's term dates). */
export function defaultEnglandCalendar(): SchoolCalendar {
  england ??= new SchoolCalendar(loadBankHolidays(), []);
  return england;
}
