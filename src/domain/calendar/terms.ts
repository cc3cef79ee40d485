/**
 * Splits a year's school days into terms and half-terms. Term dates only list holidays, so the
 * halves are found from the breaks: a run of school days ends at a break of 3 or more weekdays.
 * The run starting before 25 December is autumn; the Easter break (the longest break starting in
 * March or April) separates spring from summer; within a term the longest break is half-term.
 */
import { civilToDayNumber, dayOfWeekOfDayNumber, type IsoDate } from '../dates';
import type { AcademicYearLabel } from '../academicYear';

export type Term = 'AUTUMN' | 'SPRING' | 'SUMMER';

export interface TermInfo {
  academicYear: AcademicYearLabel;
  term: Term;
  half: 1 | 2;
  /** First and last school day of this half-term. */
  start: IsoDate;
  end: IsoDate;
}

export interface Half {
  term: Term;
  half: 1 | 2;
  startDay: number;
  endDay: number;
}

const MIN_BREAK_WEEKDAYS = 3;

interface Run {
  startDay: number;
  endDay: number;
  /** Weekdays off between the previous run and this one (0 for the first). */
  breakBefore: number;
  breakStart: number;
}

function weekdaysStrictlyBetween(a: number, b: number): number {
  let n = 0;
  for (let d = a + 1; d < b; d++) {
    const w = dayOfWeekOfDayNumber(d);
    if (w !== 0 && w !== 6) n++;
  }
  return n;
}

function runsOf(schoolDays: Int32Array, christmas: number): Run[] {
  const runs: Run[] = [];
  schoolDays.forEach((d, i) => {
    const prev = i > 0 ? (schoolDays[i - 1] as number) : undefined;
    const current = runs[runs.length - 1];
    const gap = prev === undefined ? 0 : weekdaysStrictlyBetween(prev, d);
    if (current && prev !== undefined && gap < MIN_BREAK_WEEKDAYS && !(prev < christmas && d > christmas))
      current.endDay = d;
    else runs.push({ startDay: d, endDay: d, breakBefore: gap, breakStart: prev === undefined ? d : prev + 1 });
  });
  return runs;
}

export function buildHalves(startYear: number, schoolDays: Int32Array): Half[] {
  const christmas = civilToDayNumber(startYear, 12, 25);
  const runs = runsOf(schoolDays, christmas);
  const march1 = civilToDayNumber(startYear + 1, 3, 1);
  const may1 = civilToDayNumber(startYear + 1, 5, 1);
  let easter: Run | undefined;
  for (const r of runs)
    if (r.breakStart >= march1 && r.breakStart < may1 && r.breakBefore > (easter?.breakBefore ?? 0)) easter = r;
  const summerFrom = easter?.startDay ?? civilToDayNumber(startYear + 1, 4, 1);
  const termOf = (r: Run): Term => (r.startDay < christmas ? 'AUTUMN' : r.startDay < summerFrom ? 'SPRING' : 'SUMMER');

  const halves: Half[] = [];
  for (const term of ['AUTUMN', 'SPRING', 'SUMMER'] as const) {
    const inTerm = runs.filter((r) => termOf(r) === term);
    if (inTerm.length === 0) continue;
    let split = 0; // index of the first run of the second half, 0 = no second half
    for (let i = 1; i < inTerm.length; i++)
      if ((inTerm[i] as Run).breakBefore > (split ? (inTerm[split] as Run).breakBefore : 0)) split = i;
    const first = split ? inTerm.slice(0, split) : inTerm;
    halves.push({
      term,
      half: 1,
      startDay: (first[0] as Run).startDay,
      endDay: (first[first.length - 1] as Run).endDay,
    });
    if (split)
      halves.push({
        term,
        half: 2,
        startDay: (inTerm[split] as Run).startDay,
        endDay: (inTerm[inTerm.length - 1] as Run).endDay,
      });
  }
  return halves;
}
