import { describe, expect, it } from 'vitest';
import {
  ruleF1AllocationTarget,
  ruleF2StartBy,
  timeToPlaceSchoolDays,
} from '../../../src/domain/fairAccess/timeliness';
import { allocatedOn, referralDeadlines, type ChainDecision } from '../../../src/domain/fairAccess/deadlines';
import { sheffield } from '../../support/sheffieldCalendar';

// Agreed Mon 13 Oct 2025. School days after it: 14–17 Oct (4), 20–24 Oct (9), half-term 27–31 Oct,
// 3–7 Nov (14), 10–14 Nov (19), Mon 17 Nov is the 20th. Without the half-term it would be Mon 10 Nov.
const AGREED = '2025-10-13';

describe('rule F1: 20 school days to allocate, across a holiday', () => {
  it('the target date skips the autumn half-term', () => {
    expect(
      ruleF1AllocationTarget(sheffield, { agreedToConsiderOn: AGREED, allocatedOn: null, closedOn: null }, '2025-10-13')
        .allocateBy,
    ).toBe('2025-11-17');
  });

  it('counts days elapsed and remaining; the half-term adds nothing', () => {
    const during = ruleF1AllocationTarget(
      sheffield,
      { agreedToConsiderOn: AGREED, allocatedOn: null, closedOn: null },
      '2025-10-31',
    );
    expect(during).toMatchObject({ schoolDaysElapsed: 9, schoolDaysRemaining: 11, overdue: false });
    const friday = ruleF1AllocationTarget(
      sheffield,
      { agreedToConsiderOn: AGREED, allocatedOn: null, closedOn: null },
      '2025-11-14',
    );
    expect(friday).toMatchObject({ schoolDaysElapsed: 19, schoolDaysRemaining: 1, overdue: false });
  });

  it('is overdue the day after the 20th school day, not on it', () => {
    expect(
      ruleF1AllocationTarget(
        sheffield,
        { agreedToConsiderOn: AGREED, allocatedOn: null, closedOn: null },
        '2025-11-17',
      ),
    ).toMatchObject({ overdue: false, schoolDaysRemaining: 0 });
    expect(
      ruleF1AllocationTarget(
        sheffield,
        { agreedToConsiderOn: AGREED, allocatedOn: null, closedOn: null },
        '2025-11-18',
      ),
    ).toMatchObject({ overdue: true, schoolDaysOverdue: 1, schoolDaysElapsed: 21 });
  });

  it('stops at allocation and says whether the target was met', () => {
    const met = ruleF1AllocationTarget(
      sheffield,
      { agreedToConsiderOn: AGREED, allocatedOn: '2025-11-17', closedOn: null },
      '2025-12-01',
    );
    expect(met).toMatchObject({
      schoolDaysElapsed: 20,
      schoolDaysRemaining: null,
      overdue: false,
      allocatedWithinTarget: true,
    });
    const late = ruleF1AllocationTarget(
      sheffield,
      { agreedToConsiderOn: AGREED, allocatedOn: '2025-11-18', closedOn: null },
      '2025-12-01',
    );
    expect(late).toMatchObject({ allocatedWithinTarget: false, overdue: false });
  });

  it('judged as at a day: an allocation or closure after that day has not happened yet; one on it has', () => {
    const f = (allocatedOn: string | null, closedOn: string | null, asOf: string) =>
      ruleF1AllocationTarget(sheffield, { agreedToConsiderOn: AGREED, allocatedOn, closedOn }, asOf);
    // Tue 18 Nov is the 21st school day after 13 Oct (see above).
    expect(f('2025-11-20', null, '2025-11-18')).toMatchObject({
      overdue: true,
      schoolDaysOverdue: 1,
      schoolDaysRemaining: 0,
      allocatedWithinTarget: null,
    });
    expect(f('2025-11-18', null, '2025-11-18')).toMatchObject({
      overdue: false,
      schoolDaysElapsed: 21,
      schoolDaysRemaining: null,
      allocatedWithinTarget: false,
    });
    expect(f(null, '2025-11-20', '2025-11-18')).toMatchObject({ overdue: true, schoolDaysRemaining: 0 });
    expect(f(null, '2025-11-18', '2025-11-18')).toMatchObject({
      overdue: false,
      schoolDaysElapsed: 21,
      schoolDaysRemaining: null,
    });
    // Before the panel agreed (Fri 10 Oct): the clock has not started.
    expect(f(null, null, '2025-10-10')).toEqual({
      clockStartedOn: AGREED,
      allocateBy: null,
      schoolDaysElapsed: null,
      schoolDaysRemaining: null,
      overdue: false,
      schoolDaysOverdue: 0,
      allocatedWithinTarget: null,
    });
  });

  it('no clock before the panel agrees to consider the case; none after it is closed', () => {
    expect(
      ruleF1AllocationTarget(sheffield, { agreedToConsiderOn: null, allocatedOn: null, closedOn: null }, '2025-11-18'),
    ).toMatchObject({ allocateBy: null, overdue: false });
    expect(
      ruleF1AllocationTarget(
        sheffield,
        { agreedToConsiderOn: AGREED, allocatedOn: null, closedOn: '2025-10-20' },
        '2025-12-01',
      ),
    ).toMatchObject({ overdue: false, schoolDaysElapsed: 5 });
  });
});

describe('time to place: school days from referral to admission', () => {
  it('across the autumn half-term', () => {
    // Referred Fri 17 Oct; 20–24 Oct (5), half-term, Mon 3 Nov (6).
    expect(timeToPlaceSchoolDays(sheffield, '2025-10-17', '2025-11-03')).toBe(6);
  });
  it('across Christmas', () => {
    // Referred Thu 18 Dec; Fri 19 Dec (1), holiday to Sun 4 Jan, Mon 5 and Tue 6 Jan (3).
    expect(timeToPlaceSchoolDays(sheffield, '2025-12-18', '2026-01-06')).toBe(3);
  });
  it('a Monday-to-Monday wait in term is 5', () => {
    expect(timeToPlaceSchoolDays(sheffield, '2025-11-03', '2025-11-10')).toBe(5);
  });
});

describe('rule F2 and the deadlines of a referral', () => {
  const d = (
    id: string,
    outcome: ChainDecision['outcome'],
    meetingDate: string,
    supersedesId: string | null,
    admissionDeadline: string | null = null,
  ): ChainDecision => ({ id, outcome, meetingDate, supersedesId, admissionDeadline });

  it('F2: a target of 0 school days means the day of allocation', () => {
    expect(ruleF2StartBy(sheffield, '2025-12-15', 0)).toBe('2025-12-15');
  });

  it('F2: 10 school days after allocation, over Christmas', () => {
    // Allocated Mon 15 Dec: 16–19 Dec (4), 5–9 Jan (9), Mon 12 Jan (10).
    expect(ruleF2StartBy(sheffield, '2025-12-15')).toBe('2026-01-12');
  });

  it('re-allocating after a refusal keeps the first allocation date; a deferral in between restarts it', () => {
    expect(
      allocatedOn([
        d('a', 'ALLOCATE_SCHOOL', '2025-11-03', null, '2025-11-14'),
        d('b', 'ALLOCATE_SCHOOL', '2025-11-17', 'a', '2025-11-28'),
      ]),
    ).toBe('2025-11-03');
    expect(
      allocatedOn([
        d('a', 'ALLOCATE_SCHOOL', '2025-11-03', null, '2025-11-14'),
        d('b', 'DEFER', '2025-11-10', 'a'),
        d('c', 'ALLOCATE_SCHOOL', '2025-11-17', 'b', '2025-11-28'),
      ]),
    ).toBe('2025-11-17');
    expect(
      allocatedOn([d('a', 'ALLOCATE_SCHOOL', '2025-11-03', null, '2025-11-14'), d('b', 'DEFER', '2025-11-10', 'a')]),
    ).toBeNull();
  });

  it('exposes elapsed, remaining, overdue and the admission deadline together', () => {
    const r = referralDeadlines(
      sheffield,
      {
        referredOn: '2025-10-10',
        agreedToConsiderOn: AGREED,
        admittedOn: null,
        closedOn: null,
        decisions: [d('a', 'ALLOCATE_SCHOOL', '2025-11-03', null, '2025-11-14')],
      },
      '2025-11-20',
      { allocationSchoolDays: 20, startSchoolDays: 10 },
    );
    expect(r).toMatchObject({
      allocatedOn: '2025-11-03',
      allocatedWithinTarget: true,
      overdue: false,
      admissionDeadline: '2025-11-14',
      admissionOverdue: true,
      startBy: '2025-11-17',
      startOverdue: true,
      timeToPlaceSchoolDays: null,
    });
  });
});
