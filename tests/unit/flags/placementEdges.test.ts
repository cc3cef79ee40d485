/**
 * The edges of P2, P4, P5, P7, A5 and E9 (domain.md §9.3, §9.4, §9.6) that placementRules.test.ts leaves
 * open, found by Stryker's survivors (docs/testing.md): P2's interval when the placement has none of its own
 * (or zero, or a nonsense negative) and a last review recorded after the day or before the start; P4's
 * titles and evidence; P5 on the placement's first and last day and after it ended; P7 for a child below
 * Reception age; A5's and E9's evidence word for word. School days are counted by hand on testCalendar.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ruleA5PartTimeArrangement,
  ruleE9PartTimeS19,
  ruleP2ReviewOverdue,
  ruleP4LongStay,
  ruleP5RemovedFromHomeRoll,
  ruleP7PrimaryAge,
} from '../../../src/domain/flags/placementRules';
import { HOME_SCHOOL, T, placement, pupilFacts, schoolPartTime } from './fixtures';
import { cal } from './testCalendar';

describe('P2 review overdue (§9.3): the interval and where it runs from', () => {
  // From Wed 3 Sep 2025, 30 school days (the half-term cap) → due Wed 15 Oct.
  it.each([null, 0, -5])('a placement with review interval %s falls back to the 30-day cap', (own) => {
    const p = placement({ reviewIntervalSchoolDays: own });
    expect(ruleP2ReviewOverdue(p, '2025-10-15', cal, T)).toEqual([]);
    expect(ruleP2ReviewOverdue(p, '2025-10-16', cal, T)[0]?.evidence).toEqual({
      lastReviewOrStart: '2025-09-03',
      reviewDueBy: '2025-10-15',
      intervalSchoolDays: 30,
      schoolDaysOverdue: 1,
    });
  });

  it('a review recorded for a day after the evaluation day is not yet known: counted from the start', () => {
    const [f] = ruleP2ReviewOverdue(placement({ lastReviewDate: '2025-10-20' }), '2025-10-16', cal, T);
    expect(f?.evidence).toMatchObject({ lastReviewOrStart: '2025-09-03', reviewDueBy: '2025-10-15' });
  });

  it('a review dated before the placement started does not move the clock', () => {
    const [f] = ruleP2ReviewOverdue(placement({ lastReviewDate: '2025-07-01' }), '2025-10-16', cal, T);
    expect(f?.evidence).toMatchObject({ lastReviewOrStart: '2025-09-03', reviewDueBy: '2025-10-15' });
  });
});

describe('P4 long stay (§9.3): what each flag says', () => {
  it('Tier 2 past 65 school days with no reintegration date (Wed 10 Dec 2025 is day 66)', () => {
    const [f] = ruleP4LongStay(placement({ plannedEndDate: '2026-02-13' }), '2025-12-10', cal, T);
    expect(f?.title).toBe('Time-limited (Tier 2) placement past its limit with no reintegration date');
  });

  it('an episode past 130 school days (Wed 15 Apr 2026 is day 131 from 3 Sep 2025)', () => {
    const p = placement({
      tier: 'TIER_3_TRANSITIONAL',
      startDate: '2026-01-05',
      plannedEndDate: '2026-07-17',
      episodeStartDate: '2025-09-03',
    });
    const [f, ...rest] = ruleP4LongStay(p, '2026-04-15', cal, T);
    expect(rest).toEqual([]);
    expect(f?.title).toBe('Long stay in alternative provision');
    expect(f?.evidence).toEqual({ schoolDaysInEpisode: 131, limit: 130, episodeStartDate: '2025-09-03' });
    expect(f?.evidenceScore).toBe(1);
  });
});

describe('P5 removed from the home-school roll (§9.3): during the placement means its first to last day', () => {
  // A placement from Wed 3 Sep to Fri 19 Dec 2025, ended.
  const p = (removedOn: string) =>
    placement({
      commissionerKind: 'SCHOOL',
      commissioningSchoolId: HOME_SCHOOL,
      legalBasis: 'SCHOOL_COMMISSIONED',
      endDate: '2025-12-19',
      status: 'ENDED',
      homeSchoolEnrolmentEnded: { endDate: removedOn, endReason: 'left', endReasonKind: 'OTHER' },
    });
  it.each([
    ['2025-09-02', false], // the day before it started
    ['2025-09-03', true], // its first day
    ['2025-12-19', true], // its last day
    ['2025-12-20', false], // the day after it ended
  ])('removed on %s → flag %s', (removedOn, flagged) => {
    expect(ruleP5RemovedFromHomeRoll(p(removedOn), '2026-01-05', cal, T).length > 0).toBe(flagged);
  });
});

describe('P7 primary-age pupil (§9.3)', () => {
  it('a child below Reception age (3 on 31 Aug 2025) has no year group: no flag', () => {
    const nursery = placement({ pupil: pupilFacts({ dateOfBirth: '2022-01-01' }) });
    expect(ruleP7PrimaryAge(nursery, '2025-10-01', cal, T)).toEqual([]);
  });
});

describe('A5 part-time arrangement (§9.6) and E9 part-time s19 (§9.4): the evidence', () => {
  it('past six calendar weeks: day 43 is 6.1 weeks', () => {
    const [f] = ruleA5PartTimeArrangement(schoolPartTime(), '2026-01-12', cal, T);
    expect(f?.evidence).toEqual({
      problems: ['OVER_TIME_LIMIT'],
      hoursPerWeek: 15,
      timetabledHoursPerWeek: 15,
      fullTimeHours: 32.5,
      weeksPartTime: 6.1,
      limitWeeks: 6,
      plannedEndDate: '2026-03-27',
    });
    expect(f?.evidenceScore).toBe(1);
  });

  it('a negative review interval is no review schedule', () => {
    const [f] = ruleA5PartTimeArrangement(schoolPartTime({ reviewIntervalSchoolDays: -5 }), '2025-12-02', cal, T);
    expect(f?.evidence.problems).toEqual(['NO_REVIEW_SCHEDULE']);
  });

  it('E9 names the legal basis and the hours timetabled here and elsewhere', () => {
    const [f] = ruleE9PartTimeS19(
      placement({ legalBasis: 'S19_OTHER', hoursPerWeek: 25, otherTimetabledHoursPerWeek: 2.5 }),
      '2025-09-10',
      cal,
      T,
    );
    expect(f?.evidence).toEqual({
      legalBasis: 'S19_OTHER',
      hoursPerWeek: 25,
      timetabledHoursPerWeek: 27.5,
      fullTimeHours: 32.5,
    });
    expect(f?.evidenceScore).toBe(5);
  });
});
