import { describe, expect, it } from 'vitest';
import {
  ruleO1NoticeProblems,
  ruleP2NextReviewDue,
  stayLength,
  type DirectionNotice,
} from '../../../src/domain/movements/schedule';
import { sheffield } from '../../support/sheffieldCalendar';

// Hand-counted on Sheffield's 2025-26 calendar: autumn term Mon 1 Sep – Fri 19 Dec 2025, half-term
// Mon 27 – Fri 31 Oct (school holiday Sat 25 Oct – Sun 2 Nov).

describe('rule P2: the next review within one half-term (30 school days)', () => {
  it('30 school days after Mon 1 Sep 2025 is Mon 13 Oct', () => {
    // 2–5 Sep (4), 8–12 (9), 15–19 (14), 22–26 (19), 29 Sep–3 Oct (24), 6–10 Oct (29), Mon 13 Oct (30).
    expect(ruleP2NextReviewDue(sheffield, '2025-09-01', 30)).toBe('2025-10-13');
  });

  it('skips the half-term: 10 school days after Mon 20 Oct is Mon 10 Nov', () => {
    // 21–24 Oct (4), half-term, 3–7 Nov (9), Mon 10 Nov (10).
    expect(ruleP2NextReviewDue(sheffield, '2025-10-20', 10)).toBe('2025-11-10');
  });
});

describe('rule O1: written notice of an off-site direction 2 school days before the first day', () => {
  const notice: DirectionNotice = {
    address: '1 Mill Lane, Sheffield',
    personToReportTo: 'Ms Patel, head of centre',
    numberOfDays: 20,
    reasonsAndObjectives: 'Improve behaviour; keep up with English and maths.',
    sessionTimes: '09:00–15:00',
  };

  it('notice on Wed 22 Oct: the earliest start is Fri 24 Oct (23 and 24 Oct are the two days)', () => {
    expect(ruleO1NoticeProblems(sheffield, '2025-10-22', notice, '2025-10-24')).toEqual([]);
    const early = ruleO1NoticeProblems(sheffield, '2025-10-22', notice, '2025-10-23');
    expect(early).toEqual([
      {
        rule: 'O1',
        field: 'startDate',
        message:
          'Written notice must be given at least 2 school days before the first day: with notice on 2025-10-22 the earliest start is 2025-10-24',
      },
    ]);
  });

  it('counts school days, not calendar days: notice on Thu 23 Oct, earliest start Mon 3 Nov after half-term', () => {
    // Fri 24 Oct (1), half-term, Mon 3 Nov (2).
    expect(ruleO1NoticeProblems(sheffield, '2025-10-23', notice, '2025-10-31').map((p) => p.message)).toEqual([
      expect.stringContaining('the earliest start is 2025-11-03'),
    ]);
    expect(ruleO1NoticeProblems(sheffield, '2025-10-23', notice, '2025-11-03')).toEqual([]);
  });

  it('a different minimum is honoured', () => {
    // Notice Mon 1 Dec, 3 school days: 2, 3, 4 Dec.
    expect(ruleO1NoticeProblems(sheffield, '2025-12-01', notice, '2025-12-03', 3).map((p) => p.field)).toEqual([
      'startDate',
    ]);
    expect(ruleO1NoticeProblems(sheffield, '2025-12-01', notice, '2025-12-04', 3)).toEqual([]);
  });

  it('no notice or no date: one problem, nothing else checked', () => {
    const expected = [
      {
        rule: 'O1',
        field: 'directionNotice',
        message: 'An off-site direction needs the written notice to parents and its date',
      },
    ];
    expect(ruleO1NoticeProblems(sheffield, null, notice, '2025-11-03')).toEqual(expected);
    expect(ruleO1NoticeProblems(sheffield, '2025-10-01', null, '2025-11-03')).toEqual(expected);
    expect(ruleO1NoticeProblems(sheffield, undefined, undefined, '2025-11-03')).toEqual(expected);
  });

  it('names every missing part of the notice (SI 2010/1156 reg 3), and needs a number of days', () => {
    const bare = { address: ' ', personToReportTo: '', numberOfDays: 0, reasonsAndObjectives: '', sessionTimes: '' };
    expect(ruleO1NoticeProblems(sheffield, '2025-10-01', bare, '2025-11-03')).toEqual([
      {
        rule: 'O1',
        field: 'directionNotice',
        message: 'The notice must include: address, personToReportTo, reasonsAndObjectives, sessionTimes',
      },
      { rule: 'O1', field: 'directionNotice.numberOfDays', message: 'The notice must give the number of days' },
    ]);
    expect(ruleO1NoticeProblems(sheffield, '2025-10-01', { ...notice, sessionTimes: '' }, '2025-11-03')).toEqual([
      { rule: 'O1', field: 'directionNotice', message: 'The notice must include: sessionTimes' },
    ]);
    expect(
      ruleO1NoticeProblems(sheffield, '2025-10-01', { ...notice, numberOfDays: -2 }, '2025-11-03').map((p) => p.field),
    ).toEqual(['directionNotice.numberOfDays']);
    expect(ruleO1NoticeProblems(sheffield, '2025-10-01', { ...notice, numberOfDays: 1 }, '2025-11-03')).toEqual([]);
    // A notice read from stored JSON may lack a part altogether.
    const { address: _dropped, ...noAddress } = notice;
    expect(ruleO1NoticeProblems(sheffield, '2025-10-01', noAddress as DirectionNotice, '2025-11-03')).toEqual([
      { rule: 'O1', field: 'directionNotice', message: 'The notice must include: address' },
    ]);
  });
});

describe('stay length, counted inclusively', () => {
  it('Mon 20 Oct – Fri 7 Nov 2025: 10 school days (half-term between), 19 calendar days', () => {
    expect(stayLength(sheffield, '2025-10-20', '2025-11-07')).toEqual({ schoolDays: 10, calendarDays: 19 });
  });

  it('one school day is 1 and 1; a Saturday is 0 school days and 1 calendar day', () => {
    expect(stayLength(sheffield, '2025-11-03', '2025-11-03')).toEqual({ schoolDays: 1, calendarDays: 1 });
    expect(stayLength(sheffield, '2025-11-08', '2025-11-08')).toEqual({ schoolDays: 0, calendarDays: 1 });
  });

  it('an end before the start is an empty stay', () => {
    expect(stayLength(sheffield, '2025-11-07', '2025-11-06')).toEqual({ schoolDays: 0, calendarDays: 0 });
    expect(stayLength(sheffield, '2025-11-07', '2025-11-03')).toEqual({ schoolDays: 0, calendarDays: 0 });
  });

  it('across the clocks going back (Sun 26 Oct 2025): whole calendar days', () => {
    expect(stayLength(sheffield, '2025-10-24', '2025-11-03')).toEqual({ schoolDays: 2, calendarDays: 11 });
  });
});
