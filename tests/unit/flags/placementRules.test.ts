import { describe, expect, it } from 'vitest';
import {
  ruleA5PartTimeArrangement,
  ruleE9PartTimeS19,
  ruleP2ReviewOverdue,
  ruleP3PastPlannedEnd,
  ruleP4LongStay,
  ruleP5RemovedFromHomeRoll,
  ruleP7PrimaryAge,
} from '../../../src/domain/flags/placementRules';
import { HOME_SCHOOL, T, placement, pupilFacts, schoolPartTime } from './fixtures';
import { cal } from './testCalendar';

describe('P2 review overdue', () => {
  // From Wed 3 Sep 2025, 30 school days: 4–5 Sep (2), 8 Sep–10 Oct (27), 13, 14, 15 Oct (30) → due Wed 15 Oct.
  const p = placement();
  it.each([
    ['2025-10-14', false], // day before the due date
    ['2025-10-15', false], // due date: a review today is on time
    ['2025-10-16', true], // day after
  ])('no review since the start, as of %s → flag %s', (asOf, flagged) => {
    expect(ruleP2ReviewOverdue(p, asOf, cal, T).length > 0).toBe(flagged);
  });

  it('names the missed due date and counts school days overdue', () => {
    const [f] = ruleP2ReviewOverdue(p, '2025-10-16', cal, T);
    expect(f).toMatchObject({
      ruleId: 'P2',
      severity: 'HIGH',
      periodKey: '2025-10-15',
      evidence: { reviewDueBy: '2025-10-15', schoolDaysOverdue: 1 },
    });
  });

  // Last review Mon 13 Oct: 14–17 Oct (4), 20–24 Oct (9), half-term skipped, 3 Nov–28 Nov (29), Mon 1 Dec (30).
  it.each([
    ['2025-11-25', false], // would be overdue if half-term counted (due 24 Nov)
    ['2025-12-01', false],
    ['2025-12-02', true],
  ])('across the autumn half-term, as of %s → flag %s', (asOf, flagged) => {
    expect(ruleP2ReviewOverdue(placement({ lastReviewDate: '2025-10-13' }), asOf, cal, T).length > 0).toBe(flagged);
  });

  it("uses the placement's own shorter interval, and caps a longer one at the half-term", () => {
    // 10 school days after Mon 13 Oct: 14–17 (4), 20–24 (9), Mon 3 Nov (10).
    expect(
      ruleP2ReviewOverdue(
        placement({ lastReviewDate: '2025-10-13', reviewIntervalSchoolDays: 10 }),
        '2025-11-03',
        cal,
        T,
      ),
    ).toEqual([]);
    expect(
      ruleP2ReviewOverdue(
        placement({ lastReviewDate: '2025-10-13', reviewIntervalSchoolDays: 10 }),
        '2025-11-04',
        cal,
        T,
      ),
    ).toHaveLength(1);
    expect(ruleP2ReviewOverdue(placement({ reviewIntervalSchoolDays: 40 }), '2025-10-16', cal, T)).toHaveLength(1);
  });

  it('ignores ended placements', () => {
    expect(ruleP2ReviewOverdue(placement({ endDate: '2025-10-10', status: 'ENDED' }), '2025-10-16', cal, T)).toEqual(
      [],
    );
  });
});

describe('P3 past planned end date', () => {
  // Planned end Fri 19 Dec 2025.
  it.each([
    ['2025-12-18', false], // day before
    ['2025-12-19', false], // the planned end date itself
    ['2025-12-20', true], // day after
  ])('as of %s → flag %s', (asOf, flagged) => {
    expect(ruleP3PastPlannedEnd(placement(), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('counts calendar and school days across Christmas', () => {
    // 19 Dec → 5 Jan: 17 calendar days; school days 20 Dec–5 Jan = only Mon 5 Jan (holiday 22 Dec–2 Jan).
    const [f] = ruleP3PastPlannedEnd(placement(), '2026-01-05', cal, T);
    expect(f).toMatchObject({
      periodKey: '2025-12-19',
      evidence: { calendarDaysOverdue: 17, schoolDaysOverdue: 1 },
      evidenceScore: 17,
    });
    expect(f?.title).toContain('2025-12-19');
  });

  it('is as-of: closed on 6 Jan it was still open on 5 Jan, not on 6 Jan', () => {
    const closed = placement({ endDate: '2026-01-06', status: 'ENDED' });
    expect(ruleP3PastPlannedEnd(closed, '2026-01-05', cal, T)).toHaveLength(1);
    expect(ruleP3PastPlannedEnd(closed, '2026-01-06', cal, T)).toEqual([]);
  });
});

describe('P4 long stay', () => {
  // From Wed 3 Sep 2025: 3 Sep–24 Oct = 38 school days; half-term skipped; 3 Nov–5 Dec = 63; Mon 8 Dec 64, Tue 9 Dec 65, Wed 10 Dec 66.
  const tier2 = placement({ plannedEndDate: '2026-02-13' });
  it.each([
    ['2025-12-08', false], // 64 school days
    ['2025-12-09', false], // 65 = the limit
    ['2025-12-10', true], // 66 > 65
  ])('Tier 2 with no reintegration date, as of %s → flag %s', (asOf, flagged) => {
    expect(ruleP4LongStay(tier2, asOf, cal, T).filter((f) => f.periodKey === 'TIER2_LIMIT').length > 0).toBe(flagged);
  });

  it('reports the count and is silenced by a reintegration date or Tier 3', () => {
    expect(ruleP4LongStay(tier2, '2025-12-10', cal, T)[0]).toMatchObject({
      evidence: { schoolDaysOpen: 66, limit: 65 },
      evidenceScore: 1,
    });
    expect(ruleP4LongStay({ ...tier2, reintegrationDate: '2026-01-05' }, '2025-12-10', cal, T)).toEqual([]);
    expect(ruleP4LongStay({ ...tier2, tier: 'TIER_3_TRANSITIONAL' }, '2025-12-10', cal, T)).toEqual([]);
  });

  // Episode from 3 Sep 2025: autumn 73; spring 5 Jan–13 Feb 30 (103), 23 Feb–27 Mar 25 (128); Easter skipped; Mon 13 Apr 129, Tue 14 Apr 130, Wed 15 Apr 131.
  const transferred = placement({
    tier: 'TIER_3_TRANSITIONAL',
    startDate: '2026-01-05',
    plannedEndDate: '2026-07-17',
    episodeStartDate: '2025-09-03',
  });
  it.each([
    ['2026-04-10', false], // Easter holiday: still 128
    ['2026-04-14', false], // 130 = the limit
    ['2026-04-15', true], // 131
  ])('any episode (counted from the first placement of a transfer chain), as of %s → flag %s', (asOf, flagged) => {
    const out = ruleP4LongStay(transferred, asOf, cal, T);
    expect(out.filter((f) => f.periodKey === 'LONG_STAY').length > 0).toBe(flagged);
  });

  it('ignores Tier 1 outreach', () => {
    expect(ruleP4LongStay({ ...transferred, tier: 'TIER_1_TARGETED_SUPPORT' }, '2026-04-15', cal, T)).toEqual([]);
  });
});

describe('P5 removed from the home-school roll', () => {
  const p = (
    kind: 'OTHER' | 'PERMANENT_EXCLUSION' | 'TRANSFERRED_TO_SCHOOL' | 'CME_OR_UNKNOWN',
    endDate = '2025-11-14',
  ) =>
    placement({
      commissionerKind: 'SCHOOL',
      commissioningSchoolId: HOME_SCHOOL,
      legalBasis: 'SCHOOL_COMMISSIONED',
      homeSchoolEnrolmentEnded: { endDate, endReason: 'left', endReasonKind: kind },
    });

  it.each([
    ['2025-11-13', false], // day before the deletion
    ['2025-11-14', true], // day of
    ['2025-11-15', true], // day after
  ])('unexplained deletion on 14 Nov, as of %s → flag %s', (asOf, flagged) => {
    expect(ruleP5RemovedFromHomeRoll(p('OTHER'), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('is CRIT with the commissioning school', () => {
    expect(ruleP5RemovedFromHomeRoll(p('CME_OR_UNKNOWN'), '2025-11-14', cal, T)[0]).toMatchObject({
      severity: 'CRIT',
      schoolId: HOME_SCHOOL,
      evidence: { removedFromRollOn: '2025-11-14' },
    });
  });

  it('ignores explained exits, deletions before the placement, and LA placements', () => {
    expect(ruleP5RemovedFromHomeRoll(p('PERMANENT_EXCLUSION'), '2025-11-20', cal, T)).toEqual([]);
    expect(ruleP5RemovedFromHomeRoll(p('TRANSFERRED_TO_SCHOOL'), '2025-11-20', cal, T)).toEqual([]);
    expect(ruleP5RemovedFromHomeRoll(p('OTHER', '2025-09-01'), '2025-11-20', cal, T)).toEqual([]);
    expect(ruleP5RemovedFromHomeRoll({ ...p('OTHER'), commissionerKind: 'LA' }, '2025-11-20', cal, T)).toEqual([]);
  });
});

describe('P7 primary-age pupil', () => {
  // 2025-26 year groups come from age on 31 Aug 2025: born 1 Sep 2014 → 10 → Year 6; born 31 Aug 2014 → 11 → Year 7.
  it.each([
    ['2014-09-01', true],
    ['2014-08-31', false],
  ])('born %s → flag %s', (dob, flagged) => {
    expect(
      ruleP7PrimaryAge(placement({ pupil: pupilFacts({ dateOfBirth: dob }) }), '2025-10-01', cal, T).length > 0,
    ).toBe(flagged);
  });

  it('is INFO, mapped to outreach, and ignores Tier 1', () => {
    const young = placement({ pupil: pupilFacts({ dateOfBirth: '2016-01-01' }) }); // 9 on 31 Aug 2025 → Year 5
    expect(ruleP7PrimaryAge(young, '2025-10-01', cal, T)[0]).toMatchObject({
      severity: 'INFO',
      outcome: 'OUTREACH',
      evidence: { yearGroup: 5 },
    });
    expect(ruleP7PrimaryAge({ ...young, tier: 'TIER_1_TARGETED_SUPPORT' }, '2025-10-01', cal, T)).toEqual([]);
  });
});

describe('A5 part-time arrangement', () => {
  // 6 calendar weeks = 42 days from Mon 1 Dec 2025: day 42 is Sun 11 Jan 2026, day 43 Mon 12 Jan (Christmas counts: calendar weeks).
  it.each([
    ['2026-01-10', false],
    ['2026-01-11', false],
    ['2026-01-12', true],
  ])('past the part-time time limit, as of %s → flag %s', (asOf, flagged) => {
    expect(ruleA5PartTimeArrangement(schoolPartTime(), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('flags a part-time arrangement with no end date or review schedule, or for behaviour', () => {
    const [f] = ruleA5PartTimeArrangement(
      schoolPartTime({ plannedEndDate: null, reviewIntervalSchoolDays: null, reason: 'BEHAVIOUR_EARLY_INTERVENTION' }),
      '2025-12-02',
      cal,
      T,
    );
    expect(f).toMatchObject({
      ruleId: 'A5',
      outcome: 'ATTENDANCE',
      evidence: { problems: ['NO_END_DATE', 'NO_REVIEW_SCHEDULE', 'FOR_BEHAVIOUR'], timetabledHoursPerWeek: 15 },
      evidenceScore: 3,
    });
  });

  it('counts hours timetabled elsewhere, and leaves health and s19 placements alone', () => {
    expect(
      ruleA5PartTimeArrangement(
        schoolPartTime({ plannedEndDate: null, otherTimetabledHoursPerWeek: 17.5 }),
        '2025-12-02',
        cal,
        T,
      ),
    ).toEqual([]); // 15 + 17.5 = 32.5
    expect(
      ruleA5PartTimeArrangement(schoolPartTime({ plannedEndDate: null, reason: 'HEALTH_NEEDS' }), '2025-12-02', cal, T),
    ).toEqual([]);
    expect(
      ruleA5PartTimeArrangement(
        schoolPartTime({ plannedEndDate: null, commissionerKind: 'LA', legalBasis: 'S19_OTHER' }),
        '2025-12-02',
        cal,
        T,
      ),
    ).toEqual([]);
  });
});

describe('E9 part-time s19 provision', () => {
  it.each([
    ['S19_OTHER', 25, 7.5], // 32.5 − 25
    ['S19_LA_DAY_SIX_PERMANENT_EXCLUSION', 30, 2.5],
    ['S19_OTHER', 32.5, null],
    ['S19_HEALTH', 10, null], // part-time for health is lawful
  ] as const)('%s at %s h/week → shortfall %s', (legalBasis, hoursPerWeek, shortfall) => {
    const out = ruleE9PartTimeS19(placement({ legalBasis, hoursPerWeek }), '2025-09-10', cal, T);
    if (shortfall === null) expect(out).toEqual([]);
    else expect(out[0]).toMatchObject({ ruleId: 'E9', severity: 'HIGH', evidenceScore: shortfall });
  });
});
