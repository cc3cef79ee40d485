/**
 * The edges of O1, O2, O3 and O3b (domain.md §5.2, §9.5, §10.2) that offSiteRules.test.ts,
 * ruleBoundaries.test.ts and law2026Rules.test.ts leave open, found by Stryker's survivors (docs/testing.md):
 * O2's evidence word for word, O3's window edges (a meeting on the day of the request, a request dated
 * after the day, a direction no longer in force) and the last meeting before the request in its evidence,
 * O3b for a pupil without an EHC plan and for placements that are not directions. School days are counted
 * by hand on testCalendar.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ruleO1DirectionNotice,
  ruleO2EhcpLaNotice,
  ruleO3ReviewRequestUnanswered,
  ruleO3bReviewMeetingAttendance,
} from '../../../src/domain/flags/offSiteRules';
import type { DirectionReviewMeetingFacts } from '../../../src/domain/flags/snapshots';
import { T, direction, placement, pupilFacts } from './fixtures';
import { cal } from './testCalendar';

const REGS_2010 = 'SI 2010/1156 (maintained schools), as amended by SI 2012/2532';

const meeting = (meetingDate: string, over: Partial<DirectionReviewMeetingFacts> = {}) => ({
  meetingDate,
  headteacherPresent: true,
  parentsInvited: true,
  boardNomineePresent: true,
  laInvitedOn: null,
  ...over,
});

describe('O1 (§5.2) notice parts: a blank person to report to is missing', () => {
  it('"  " as the person to report to is no person', () => {
    const p = direction();
    const blank = direction({ directionNotice: { ...p.directionNotice!, personToReportTo: '  ' } });
    expect(ruleO1DirectionNotice(blank, '2025-11-12', cal, T)[0]?.evidence).toMatchObject({
      problems: ['INCOMPLETE_NOTICE'],
      missingParts: ['personToReportTo'],
    });
  });
});

describe('O2 (§9.5) EHC plan pupil: the LA’s notice, word for word', () => {
  const ehcp = pupilFacts({ senStatus: 'EHCP' });

  it('notice one school day before a Wed 12 Nov start: late, the earliest lawful start named', () => {
    const [f] = ruleO2EhcpLaNotice(direction({ pupil: ehcp, ehcpLaNoticeDate: '2025-11-11' }), '2025-11-12', cal, T);
    expect(f).toMatchObject({ ruleId: 'O2', subjectId: 'placement-1', placementId: 'placement-1', evidenceScore: 1 });
    expect(f?.evidence).toEqual({
      problem: 'LATE_NOTICE',
      laNoticeDate: '2025-11-11',
      startDate: '2025-11-12',
      earliestLawfulStart: '2025-11-13',
      requiredSchoolDays: 2,
      judgedUnder: REGS_2010,
    });
  });

  it('no notice at all: scored higher, no lawful start', () => {
    const [f] = ruleO2EhcpLaNotice(direction({ pupil: ehcp, ehcpLaNoticeDate: null }), '2025-11-12', cal, T);
    expect(f?.evidenceScore).toBe(2);
    expect(f?.evidence).toEqual({
      problem: 'NO_NOTICE',
      laNoticeDate: null,
      startDate: '2025-11-12',
      earliestLawfulStart: null,
      requiredSchoolDays: 2,
      judgedUnder: REGS_2010,
    });
  });
});

describe('O3 (§5.2, §9.5) review request: the window’s edges', () => {
  // Request Mon 3 Nov 2025; the review is due by the 10th school day after it, Mon 17 Nov.
  const asked = (over: Parameters<typeof direction>[0] = {}) =>
    direction({
      startDate: '2025-01-06',
      directionNoticeDate: '2025-01-02',
      plannedEndDate: '2026-03-27',
      directionReviewRequests: [{ requestedOn: '2025-11-03', requestedBy: 'PARENT' }],
      ...over,
    });
  const o3 = (p: ReturnType<typeof direction>, asOf = '2025-12-01') => ruleO3ReviewRequestUnanswered(p, asOf, cal, T);

  it('a meeting on the day of the request answers it', () => {
    expect(o3(asked({ directionReviewMeetings: [meeting('2025-11-03')] }))).toEqual([]);
  });

  it('a request dated after the evaluation day is not yet known', () => {
    const later = asked({ directionReviewRequests: [{ requestedOn: '2025-12-02', requestedBy: 'LOCAL_AUTHORITY' }] });
    expect(o3(later)).toEqual([]);
  });

  it('a direction that has ended, or a placement that is no direction, owes no review', () => {
    expect(o3(asked({ endDate: '2025-11-14', status: 'ENDED' }))).toEqual([]);
    const notDirection = placement({ directionReviewRequests: [{ requestedOn: '2025-11-03', requestedBy: 'PARENT' }] });
    expect(o3(notDirection)).toEqual([]);
  });

  it('names the last meeting before the request (older than 10 weeks), whatever order meetings were recorded in', () => {
    const p = asked({
      directionReviewMeetings: [meeting('2025-03-10'), meeting('2025-06-16'), meeting('2025-05-12')],
    });
    const [f, ...rest] = o3(p);
    expect(rest).toEqual([]);
    expect(f?.evidence).toEqual({
      requestedOn: '2025-11-03',
      requestedBy: 'PARENT',
      reviewDueBy: '2025-11-17',
      lastMeetingBeforeRequest: '2025-06-16',
      recentWeeks: 10,
      judgedUnder: REGS_2010,
    });
    // 18 Nov – 1 Dec: 10 school days overdue.
    expect(f?.evidenceScore).toBe(10);
  });

  it('one earlier meeting is the last one; none at all is null', () => {
    expect(o3(asked({ directionReviewMeetings: [meeting('2025-06-16')] }))[0]?.evidence.lastMeetingBeforeRequest).toBe(
      '2025-06-16',
    );
    expect(o3(asked())[0]?.evidence.lastMeetingBeforeRequest).toBeNull();
  });
});

describe('O3b (§10.2) who a review meeting must have', () => {
  it('a pupil without an EHC plan: the LA need not be invited', () => {
    const p = direction({ directionReviewMeetings: [meeting('2025-12-01', { headteacherPresent: false })] });
    const [f] = ruleO3bReviewMeetingAttendance(p, '2025-12-01', cal, T);
    expect(f?.evidence).toEqual({
      meetingDate: '2025-12-01',
      problems: ['NO_HEADTEACHER'],
      pupilHasEhcp: false,
      judgedUnder: REGS_2010,
    });
    expect(f?.evidenceScore).toBe(1);
  });

  it('no meetings recorded: nothing to judge', () => {
    expect(ruleO3bReviewMeetingAttendance(direction(), '2025-12-01', cal, T)).toEqual([]);
  });

  it('a maintained school’s own commissioned placement is no direction: not O3b’s', () => {
    const p = placement({
      commissionerKind: 'SCHOOL',
      commissioningSchoolId: 'school-home',
      commissioningSchoolType: 'MAINTAINED',
      reason: 'BEHAVIOUR_EARLY_INTERVENTION',
      legalBasis: 'SCHOOL_COMMISSIONED',
      directionReviewMeetings: [meeting('2025-12-01', { headteacherPresent: false })],
    });
    expect(ruleO3bReviewMeetingAttendance(p, '2025-12-01', cal, T)).toEqual([]);
  });
});
