import { describe, expect, it } from 'vitest';
import {
  ALLOCATING_OUTCOMES,
  allocatedOn,
  referralDeadlines,
  type ChainDecision,
  type DeadlineFacts,
} from '../../../src/domain/fairAccess/deadlines';
import { sheffield } from '../../support/sheffieldCalendar';

// Sheffield autumn 2025 (half-term Mon 27 – Fri 31 Oct). Agreed to consider Mon 13 Oct: the 20th school
// day after is Mon 17 Nov (rule F1). Allocated Mon 3 Nov: the 10th school day after is Mon 17 Nov, the
// 5th is Mon 10 Nov (rule F2).
const d = (
  id: string,
  outcome: ChainDecision['outcome'],
  meetingDate: string,
  supersedesId: string | null,
  admissionDeadline: string | null = null,
): ChainDecision => ({ id, outcome, meetingDate, supersedesId, admissionDeadline });
const facts = (over: Partial<DeadlineFacts> = {}): DeadlineFacts => ({
  referredOn: '2025-10-10',
  agreedToConsiderOn: '2025-10-13',
  admittedOn: null,
  closedOn: null,
  decisions: [d('a', 'ALLOCATE_SCHOOL', '2025-11-03', null, '2025-11-14')],
  ...over,
});
const SETTINGS = { allocationSchoolDays: 20, startSchoolDays: 10 };

describe('the deadlines of a referral (rules F1, F2)', () => {
  it('allocating outcomes: a school, a managed move or an AP placement', () => {
    expect([...ALLOCATING_OUTCOMES].sort()).toEqual(['ALLOCATE_SCHOOL', 'AP_PLACEMENT', 'MANAGED_MOVE']);
    for (const o of ['MANAGED_MOVE', 'AP_PLACEMENT'] as const)
      expect(allocatedOn([d('a', o, '2025-11-03', null)]), o).toBe('2025-11-03');
    for (const o of ['DEFER', 'NOT_ELIGIBLE', 'WITHDRAWN'] as const)
      expect(allocatedOn([d('a', o, '2025-11-03', null)]), o).toBeNull();
    expect(allocatedOn([])).toBeNull();
  });

  it('waiting on the admission deadline: overdue the day after it, not on it', () => {
    const on = referralDeadlines(sheffield, facts(), '2025-11-14', SETTINGS);
    expect(on).toMatchObject({
      asOf: '2025-11-14',
      admissionDeadline: '2025-11-14',
      admissionOverdue: false,
      startBy: '2025-11-17',
      startOverdue: false,
      allocationTargetSchoolDays: 20,
    });
    const after = referralDeadlines(sheffield, facts(), '2025-11-15', SETTINGS);
    expect(after).toMatchObject({ admissionOverdue: true, startOverdue: false });
    expect(referralDeadlines(sheffield, facts(), '2025-11-17', SETTINGS)).toMatchObject({ startOverdue: false });
    expect(referralDeadlines(sheffield, facts(), '2025-11-18', SETTINGS)).toMatchObject({ startOverdue: true });
  });

  it('the start target comes from the settings', () => {
    expect(
      referralDeadlines(sheffield, facts(), '2025-11-04', { allocationSchoolDays: 20, startSchoolDays: 5 }),
    ).toMatchObject({ startBy: '2025-11-10' });
    expect(
      referralDeadlines(sheffield, facts({ decisions: [] }), '2025-11-04', {
        allocationSchoolDays: 15,
        startSchoolDays: 5,
      }),
    ).toMatchObject({ allocationTargetSchoolDays: 15, startBy: null, allocatedOn: null });
  });

  it('admitted: nothing is overdue any more, and time to place is counted from the referral', () => {
    // Referred Fri 10 Oct; 13–17 Oct (5), 20–24 Oct (10), half-term, 3–7 Nov (15), 10–14 Nov (20), Mon 17 Nov (21).
    const r = referralDeadlines(sheffield, facts({ admittedOn: '2025-11-17' }), '2025-11-20', SETTINGS);
    expect(r).toMatchObject({
      admittedOn: '2025-11-17',
      admissionOverdue: false,
      startOverdue: false,
      timeToPlaceSchoolDays: 21,
    });
    // Admitted on the day asked about counts as admitted.
    expect(referralDeadlines(sheffield, facts({ admittedOn: '2025-11-18' }), '2025-11-18', SETTINGS)).toMatchObject({
      admissionOverdue: false,
      startOverdue: false,
    });
    // An admission recorded for a later day: still waiting today.
    expect(referralDeadlines(sheffield, facts({ admittedOn: '2025-11-24' }), '2025-11-20', SETTINGS)).toMatchObject({
      admissionOverdue: true,
      startOverdue: true,
      timeToPlaceSchoolDays: 26,
    });
  });

  it('closed: nothing is overdue', () => {
    expect(referralDeadlines(sheffield, facts({ closedOn: '2025-11-10' }), '2025-11-20', SETTINGS)).toMatchObject({
      admissionOverdue: false,
      startOverdue: false,
      timeToPlaceSchoolDays: null,
    });
  });

  it('the admission deadline is that of the decision in force, and only of a school allocation', () => {
    const chain = [
      d('a', 'ALLOCATE_SCHOOL', '2025-11-03', null, '2025-11-14'),
      d('b', 'ALLOCATE_SCHOOL', '2025-11-10', 'a', '2025-11-21'),
    ];
    expect(referralDeadlines(sheffield, facts({ decisions: chain }), '2025-11-20', SETTINGS)).toMatchObject({
      admissionDeadline: '2025-11-21',
      admissionOverdue: false,
      allocatedOn: '2025-11-03',
    });
    const moved = [d('a', 'MANAGED_MOVE', '2025-11-03', null, '2025-11-14')];
    expect(referralDeadlines(sheffield, facts({ decisions: moved }), '2025-11-20', SETTINGS)).toMatchObject({
      admissionDeadline: null,
      admissionOverdue: false,
      startBy: '2025-11-17',
      startOverdue: true,
    });
  });
});
