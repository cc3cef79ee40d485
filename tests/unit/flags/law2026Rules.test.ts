/**
 * Issue 14 items 2 and 4 (domain.md §10.2): review of off-site directions (O3, O3b) for academies, AP
 * academies and PRUs from 26 July 2026 (directions already running are transitional), and managed moves
 * (O7 trial, O7b admission priority) agreed from that date. School days from tests/unit/flags/testCalendar.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  reviewMeetingProblems,
  ruleO3ReviewRequestUnanswered,
  ruleO3bReviewMeetingAttendance,
} from '../../../src/domain/flags/offSiteRules';
import {
  ruleO7TrialManagedMove,
  ruleO7bManagedMoveAdmissionPriority,
} from '../../../src/domain/flags/managedMoveRules';
import type { DirectionReviewMeetingFacts, ManagedMoveFacts } from '../../../src/domain/flags/snapshots';
import { T, direction, pupilFacts, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

const goodMeeting = (meetingDate: string, over: Partial<DirectionReviewMeetingFacts> = {}) => ({
  meetingDate,
  headteacherPresent: true,
  parentsInvited: true,
  boardNomineePresent: true,
  laInvitedOn: null,
  ...over,
});

describe('O3 a written request for a review with no review held', () => {
  // Request Mon 3 Nov 2025: the 10th school day after it is Mon 17 Nov (no holiday in between).
  const asked = (over: Parameters<typeof direction>[0] = {}) =>
    direction({
      startDate: '2025-10-01',
      directionNoticeDate: '2025-09-26',
      plannedEndDate: '2026-03-27',
      directionReviewRequests: [{ requestedOn: '2025-11-03', requestedBy: 'PARENT' }],
      ...over,
    });

  it.each([
    ['2025-11-17', false], // the 10th school day: still in time
    ['2025-11-18', true],
  ])('as of %s → flag %s', (asOf, flagged) => {
    expect(ruleO3ReviewRequestUnanswered(asked(), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('names the request and when the review was due', () => {
    const [f] = ruleO3ReviewRequestUnanswered(asked(), '2025-11-19', cal, T);
    expect(f).toMatchObject({
      ruleId: 'O3',
      severity: 'HIGH',
      periodKey: '2025-11-03',
      evidence: { requestedOn: '2025-11-03', requestedBy: 'PARENT', reviewDueBy: '2025-11-17' },
      evidenceScore: 2,
    });
  });

  it('a meeting held after the request answers it, late or not', () => {
    const p = asked({ directionReviewMeetings: [goodMeeting('2025-11-24')] });
    expect(ruleO3ReviewRequestUnanswered(p, '2025-11-21', cal, T)).toHaveLength(1);
    expect(ruleO3ReviewRequestUnanswered(p, '2025-11-24', cal, T)).toEqual([]);
  });

  it('no review is needed when one took place in the 10 weeks before the request (70 days)', () => {
    // 10 weeks before Mon 3 Nov is Mon 25 Aug: a meeting that day counts, one the day before does not.
    expect(
      ruleO3ReviewRequestUnanswered(
        asked({ directionReviewMeetings: [goodMeeting('2025-08-25')] }),
        '2025-12-01',
        cal,
        T,
      ),
    ).toEqual([]);
    expect(
      ruleO3ReviewRequestUnanswered(
        asked({ directionReviewMeetings: [goodMeeting('2025-08-24')] }),
        '2025-12-01',
        cal,
        T,
      ),
    ).toHaveLength(1);
  });

  it('an academy’s direction that started before 26 July 2026 is transitional; one from that day is judged', () => {
    const academy = (startDate: string) =>
      asked({
        commissioningSchoolType: 'ACADEMY',
        startDate,
        directionNoticeDate: '2026-07-13',
        plannedEndDate: null,
        directionReviewRequests: [{ requestedOn: '2026-09-07', requestedBy: 'LOCAL_AUTHORITY' }],
      });
    expect(ruleO3ReviewRequestUnanswered(academy('2026-07-25'), '2026-10-15', cal, T)).toEqual([]);
    expect(ruleO3ReviewRequestUnanswered(academy('2026-07-26'), '2026-10-15', cal, T)).toHaveLength(1);
  });
});

describe('O3b who a direction review meeting must have', () => {
  it.each([
    [{}, false, []],
    [{ headteacherPresent: false }, false, ['NO_HEADTEACHER']],
    [{ parentsInvited: false }, false, ['PARENTS_NOT_INVITED']],
    [{ boardNomineePresent: false }, false, ['NO_BOARD_NOMINEE']],
    [{}, true, ['LA_NOT_INVITED']],
    [{ laInvitedOn: '2025-11-20' }, true, []],
  ])('%j, EHC plan %s → %j', (over, ehcp, problems) => {
    expect(reviewMeetingProblems(goodMeeting('2025-12-01', over), ehcp)).toEqual(problems);
  });

  it('flags each meeting that lacked someone, once held; an EHCP pupil’s LA must be invited', () => {
    const p = direction({
      pupil: { ...pupilFacts(), senStatus: 'EHCP' },
      directionReviewMeetings: [
        goodMeeting('2025-12-01', { laInvitedOn: '2025-11-24' }),
        goodMeeting('2026-01-12', { boardNomineePresent: false }),
      ],
    });
    expect(ruleO3bReviewMeetingAttendance(p, '2026-01-09', cal, T)).toEqual([]);
    const [f, ...rest] = ruleO3bReviewMeetingAttendance(p, '2026-01-12', cal, T);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: 'O3b',
      periodKey: '2026-01-12',
      evidence: { problems: ['NO_BOARD_NOMINEE', 'LA_NOT_INVITED'], pupilHasEhcp: true },
    });
  });

  it.each([
    ['ACADEMY', '2026-07-25', false],
    ['ACADEMY', '2026-07-26', true],
    ['PRU', '2026-07-25', false],
    ['PRU', '2026-07-26', true],
    ['AP_ACADEMY', '2026-07-26', true],
    ['MAINTAINED', '2026-07-25', true],
  ] as const)('%s direction starting %s → judged %s', (type, startDate, judged) => {
    const p = direction({
      commissioningSchoolType: type,
      startDate,
      directionNoticeDate: '2026-07-13',
      plannedEndDate: null,
      directionReviewMeetings: [goodMeeting('2026-09-14', { headteacherPresent: false })],
    });
    expect(ruleO3bReviewMeetingAttendance(p, '2026-09-14', cal, T).length > 0).toBe(judged);
  });
});

describe('O7 / O7b managed moves under the 2026 guidance', () => {
  const move = (over: Partial<ManagedMoveFacts> = {}): ManagedMoveFacts => ({
    id: 'mm-1',
    fromSchoolId: 'school-a',
    toSchoolId: 'school-b',
    agreedOn: '2026-09-07',
    startDate: '2026-09-14',
    recordedAsTrial: false,
    trialEndsOn: null,
    automaticReturn: false,
    admissionPriorityGiven: false,
    receivingSchoolOversubscribed: false,
    ...over,
  });
  const o7 = (m: ManagedMoveFacts, asOf = '2026-09-15') =>
    ruleO7TrialManagedMove(pupilSnapshot({ managedMoves: [m] }), asOf, cal, T);
  const o7b = (m: ManagedMoveFacts, asOf = '2026-09-15') =>
    ruleO7bManagedMoveAdmissionPriority(pupilSnapshot({ managedMoves: [m] }), asOf, cal, T);

  it('a permanent move raises nothing', () => {
    expect(o7(move())).toEqual([]);
    expect(o7b(move())).toEqual([]);
  });

  it('a move recorded as a trial is HIGH, against the school the pupil left, naming every sign of a trial', () => {
    const [f] = o7(move({ recordedAsTrial: true, trialEndsOn: '2026-12-18', automaticReturn: true }));
    expect(f).toMatchObject({
      ruleId: 'O7',
      severity: 'HIGH',
      subjectType: 'PUPIL',
      schoolId: 'school-a',
      periodKey: 'mm-1',
      evidence: { problems: ['RECORDED_AS_TRIAL', 'TRIAL_END_DATE', 'AUTOMATIC_RETURN'] },
      evidenceScore: 3,
    });
  });

  it.each([
    ['2026-07-25', false], // agreed under the earlier guidance: not judged
    ['2026-07-26', true],
  ])('a trial move agreed %s → flag %s', (agreedOn, flagged) => {
    expect(o7(move({ agreedOn, recordedAsTrial: true })).length > 0).toBe(flagged);
  });

  it('priority by an oversubscribed receiving school is flagged against that school; priority by one with places is not', () => {
    expect(o7b(move({ admissionPriorityGiven: true, receivingSchoolOversubscribed: false }))).toEqual([]);
    expect(o7b(move({ admissionPriorityGiven: false, receivingSchoolOversubscribed: true }))).toEqual([]);
    const [f] = o7b(move({ admissionPriorityGiven: true, receivingSchoolOversubscribed: true }));
    expect(f).toMatchObject({ ruleId: 'O7b', severity: 'MED', schoolId: 'school-b', periodKey: 'mm-1' });
    expect(
      o7b(move({ agreedOn: '2026-07-25', admissionPriorityGiven: true, receivingSchoolOversubscribed: true })),
    ).toEqual([]);
  });

  it('a move agreed after the evaluation day is not judged yet', () => {
    expect(o7(move({ recordedAsTrial: true }), '2026-09-06')).toEqual([]);
  });
});
