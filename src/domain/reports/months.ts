/**
 * The calendar months a period covers, clipped to it and to today (nothing has happened after today),
 * the latest `max` of them. The movement trend report counts each month; its charts label them.
 */
export interface CalendarMonth {
  /** "Sept 2026": en-GB short month name and year. */
  label: string;
  from: string;
  to: string;
}

export function calendarMonths(from: string, to: string, today: string, max = 24): CalendarMonth[] {
  const end = to < today ? to : today;
  const months: CalendarMonth[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    if (first > end) break;
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    months.push({
      label: new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }),
      from: first < from ? from : first,
      to: last > end ? end : last,
    });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months.slice(-max);
}
