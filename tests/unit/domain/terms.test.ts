import { describe, expect, it } from 'vitest';
import { buildHalves } from '../../../src/domain/calendar/terms';
import { fromDayNumber, toDayNumber, dayOfWeek, addDays } from '../../../src/domain/dates';

/**
 * Terms and half-terms from the breaks alone (no term names in term-date files). A made-up 2030-31
 * year, weekdays 2 Sep 2030 – 22 Jul 2031 less the holidays given; halves hand-worked from the list.
 */
function schoolDays(from: string, to: string, holidays: [string, string][]): Int32Array {
  const out: number[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const w = dayOfWeek(d);
    if (w === 0 || w === 6 || holidays.some(([a, b]) => d >= a && d <= b)) continue;
    out.push(toDayNumber(d));
  }
  return Int32Array.from(out);
}
const halves = (days: Int32Array) =>
  buildHalves(2030, days).map((h) => `${h.term}-${h.half} ${fromDayNumber(h.startDay)}..${fromDayNumber(h.endDay)}`);

const USUAL: [string, string][] = [
  ['2030-10-28', '2030-11-01'], // autumn half-term (5 weekdays)
  ['2030-12-23', '2031-01-03'], // Christmas
  ['2031-02-17', '2031-02-21'], // February half-term
  ['2031-04-07', '2031-04-18'], // Easter (10 weekdays, starting in April)
  ['2031-05-26', '2031-05-30'], // May half-term
];

describe('terms and half-terms from the breaks', () => {
  it('a usual year: six halves', () => {
    expect(halves(schoolDays('2030-09-02', '2031-07-22', USUAL))).toEqual([
      'AUTUMN-1 2030-09-02..2030-10-25',
      'AUTUMN-2 2030-11-04..2030-12-20',
      'SPRING-1 2031-01-06..2031-02-14',
      'SPRING-2 2031-02-24..2031-04-04',
      'SUMMER-1 2031-04-21..2031-05-23',
      'SUMMER-2 2031-06-02..2031-07-22',
    ]);
  });

  it('a break of 2 weekdays (INSET) does not split a half; 3 weekdays do', () => {
    const two: [string, string][] = [['2030-10-30', '2030-10-31'], ...USUAL.slice(1)];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', two)).slice(0, 1)).toEqual([
      'AUTUMN-1 2030-09-02..2030-12-20',
    ]);
    const three: [string, string][] = [['2030-10-29', '2030-10-31'], ...USUAL.slice(1)];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', three)).slice(0, 2)).toEqual([
      'AUTUMN-1 2030-09-02..2030-10-28',
      'AUTUMN-2 2030-11-01..2030-12-20',
    ]);
  });

  it('within a term the longest break is half-term, wherever it falls', () => {
    // A 3-weekday break in late September and the 5-weekday one at the end of October: October's wins.
    const both: [string, string][] = [['2030-09-24', '2030-09-26'], ...USUAL];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', both)).slice(0, 2)).toEqual([
      'AUTUMN-1 2030-09-02..2030-10-25',
      'AUTUMN-2 2030-11-04..2030-12-20',
    ]);
    // The September break longer (7 weekdays): the half-term is there, and October's break stays inside the second half.
    const longer: [string, string][] = [['2030-09-23', '2030-10-01'], ...USUAL];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', longer)).slice(0, 2)).toEqual([
      'AUTUMN-1 2030-09-02..2030-09-20',
      'AUTUMN-2 2030-10-02..2030-12-20',
    ]);
  });

  it('Christmas always ends the autumn term, even with no break around it', () => {
    // School every weekday of December and January except Christmas Day itself (Wed 25 Dec).
    const noChristmas: [string, string][] = [USUAL[0]!, ['2030-12-25', '2030-12-25'], ...USUAL.slice(2)];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', noChristmas)).slice(1, 3)).toEqual([
      'AUTUMN-2 2030-11-04..2030-12-24',
      'SPRING-1 2030-12-26..2031-02-14',
    ]);
  });

  it('Easter is the longest break starting in March or April; a shorter March break is spring’s half-term', () => {
    const march: [string, string][] = [USUAL[0]!, USUAL[1]!, ['2031-03-10', '2031-03-14'], USUAL[3]!, USUAL[4]!];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', march)).slice(2, 5)).toEqual([
      'SPRING-1 2031-01-06..2031-03-07',
      'SPRING-2 2031-03-17..2031-04-04',
      'SUMMER-1 2031-04-21..2031-05-23',
    ]);
  });

  it('with no break starting in March or April, summer starts on 1 April', () => {
    const noEaster: [string, string][] = [USUAL[0]!, USUAL[1]!, USUAL[2]!, ['2031-05-05', '2031-05-09']];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', noEaster)).slice(2)).toEqual([
      // The run from 24 Feb to 2 May starts before 1 April: spring. The run after the May break is summer, one half.
      'SPRING-1 2031-01-06..2031-02-14',
      'SPRING-2 2031-02-24..2031-05-02',
      'SUMMER-1 2031-05-12..2031-07-22',
    ]);
  });

  it('a term with no break is one half; a year that starts late has no autumn', () => {
    expect(halves(schoolDays('2031-01-06', '2031-03-28', []))).toEqual(['SPRING-1 2031-01-06..2031-03-28']);
    expect(buildHalves(2030, new Int32Array(0))).toEqual([]);
  });

  it('a two-weekday closure either side of a weekend (Thu–Fri) is not a break: weekends are not counted', () => {
    // Spring with no February half-term, closed Thu 13 and Fri 14 Feb: Wed 12 → Mon 17 has 2 weekdays off.
    const longWeekend: [string, string][] = [USUAL[0]!, USUAL[1]!, ['2031-02-13', '2031-02-14'], USUAL[3]!, USUAL[4]!];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', longWeekend)).slice(2)).toEqual([
      'SPRING-1 2031-01-06..2031-04-04',
      'SUMMER-1 2031-04-21..2031-05-23',
      'SUMMER-2 2031-06-02..2031-07-22',
    ]);
  });

  it('a break starts the day after the last school day: one starting Sat 1 March can be Easter', () => {
    // Last school day Fri 28 Feb 2031; off Mon 3 – Fri 14 Mar; no February half-term, no April break.
    const firstOfMarch: [string, string][] = [USUAL[0]!, USUAL[1]!, ['2031-03-03', '2031-03-14'], USUAL[4]!];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', firstOfMarch)).slice(2)).toEqual([
      'SPRING-1 2031-01-06..2031-02-28',
      'SUMMER-1 2031-03-17..2031-05-23',
      'SUMMER-2 2031-06-02..2031-07-22',
    ]);
  });

  it('a break starting in February is not Easter, even when it ends in March', () => {
    // Last school day Fri 21 Feb: the break starts Sat 22 Feb and runs to Fri 7 Mar (10 weekdays).
    // No break starts in March or April, so summer starts on 1 April: the run from 10 Mar is spring's second half.
    const february: [string, string][] = [USUAL[0]!, USUAL[1]!, ['2031-02-24', '2031-03-07'], USUAL[4]!];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', february)).slice(2)).toEqual([
      'SPRING-1 2031-01-06..2031-02-21',
      'SPRING-2 2031-03-10..2031-05-23',
      'SUMMER-1 2031-06-02..2031-07-22',
    ]);
  });

  it('a longer break starting on 1 May is not Easter; the April one is', () => {
    // Off Tue 15 – Thu 17 Apr (3 weekdays, starting in April) and Thu 1 – Fri 9 May (7 weekdays, last school day
    // Wed 30 Apr, so the break starts on 1 May): Easter is April's, and May's is summer's half-term.
    const mayBreak: [string, string][] = [
      USUAL[0]!,
      USUAL[1]!,
      USUAL[2]!,
      ['2031-04-15', '2031-04-17'],
      ['2031-05-01', '2031-05-09'],
    ];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', mayBreak)).slice(2)).toEqual([
      'SPRING-1 2031-01-06..2031-02-14',
      'SPRING-2 2031-02-24..2031-04-14',
      'SUMMER-1 2031-04-18..2031-04-30',
      'SUMMER-2 2031-05-12..2031-07-22',
    ]);
  });

  it('an early Easter ending in March starts the summer term, and a shorter April break after it is not Easter', () => {
    // Easter off Mon 17 – Fri 28 Mar (10 weekdays); later off Tue 22 – Thu 24 Apr (3 weekdays, Mon 21 → Fri 25).
    const early: [string, string][] = [
      USUAL[0]!,
      USUAL[1]!,
      USUAL[2]!,
      ['2031-03-17', '2031-03-28'],
      ['2031-04-22', '2031-04-24'],
      USUAL[4]!,
    ];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', early)).slice(2)).toEqual([
      'SPRING-1 2031-01-06..2031-02-14',
      'SPRING-2 2031-02-24..2031-03-14',
      // Summer's longest break is May's (5 weekdays), so the 3-weekday April break stays inside the first half.
      'SUMMER-1 2031-03-31..2031-05-23',
      'SUMMER-2 2031-06-02..2031-07-22',
    ]);
  });

  it('ties: of two equally long breaks, the earlier is half-term (and the earlier one in March–April is Easter)', () => {
    // Autumn off Mon 7 – Fri 11 Oct and Mon 28 Oct – Fri 1 Nov: 5 weekdays each.
    const twoAutumn: [string, string][] = [['2030-10-07', '2030-10-11'], ...USUAL];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', twoAutumn)).slice(0, 2)).toEqual([
      'AUTUMN-1 2030-09-02..2030-10-04',
      'AUTUMN-2 2030-10-14..2030-12-20',
    ]);
    // No February half-term; off Mon 10 – Fri 14 Mar and Mon 7 – Fri 11 Apr (5 weekdays each): March's is Easter.
    const twoSpring: [string, string][] = [
      USUAL[0]!,
      USUAL[1]!,
      ['2031-03-10', '2031-03-14'],
      ['2031-04-07', '2031-04-11'],
      USUAL[4]!,
    ];
    expect(halves(schoolDays('2030-09-02', '2031-07-22', twoSpring)).slice(2)).toEqual([
      'SPRING-1 2031-01-06..2031-03-07',
      'SUMMER-1 2031-03-17..2031-04-04',
      'SUMMER-2 2031-04-14..2031-07-22',
    ]);
  });
});
