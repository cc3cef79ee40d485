import { describe, expect, it } from 'vitest';
import { ruleE8HealthAbsence } from '../../../src/domain/flags/exclusionRules';
import { ruleO1DirectionNotice, ruleO4DirectionPlan } from '../../../src/domain/flags/offSiteRules';
import { fullTimePupilsAt } from '../../../src/domain/flags/unregisteredRules';
import { T, direction, placement, providerPlacement, providerSnapshot, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

/**
 * The edges of O1, O4, E8 and the full-time count behind U1/U2 that the rule files' own tests leave open
 * (found by Stryker's survivors, docs/testing.md). Counts are by hand on the test calendar (testCalendar.ts).
 */
describe('O1 off-site direction notice: each part SI 2010/1156 reg 3 requires', () => {
  const notice = {
    address: '1 High St',
    personToReportTo: 'Ms Khan',
    numberOfDays: 60,
    reasonsAndObjectives: 'Improve behaviour',
    sessionTimes: '09:00–15:00',
  };
  const missing = (over: Partial<typeof notice> | Record<string, unknown>) =>
    ruleO1DirectionNotice(
      direction({ directionNotice: { ...notice, ...over } as typeof notice }),
      '2025-11-12',
      cal,
      T,
    );

  it.each([
    [{ address: '  ' }, ['address']],
    [{ address: null }, ['address']],
    [{ personToReportTo: '' }, ['personToReportTo']],
    [{ personToReportTo: undefined }, ['personToReportTo']],
    [{ numberOfDays: 0 }, ['numberOfDays']],
    [{ numberOfDays: -1 }, ['numberOfDays']],
    [{ numberOfDays: null }, ['numberOfDays']],
    [{ reasonsAndObjectives: ' ' }, ['reasonsAndObjectives']],
    [{ reasonsAndObjectives: null }, ['reasonsAndObjectives']],
    [{ sessionTimes: null }, ['sessionTimes']],
  ])('a notice with %o lacks %o', (over, parts) => {
    const [f] = missing(over);
    expect(f?.evidence).toMatchObject({ problems: ['INCOMPLETE_NOTICE'], missingParts: parts });
    // One problem plus one missing part.
    expect(f?.evidenceScore).toBe(2);
  });

  it('a complete notice of one day or more, given in time, raises nothing', () => {
    expect(missing({ numberOfDays: 1 })).toEqual([]);
  });

  it('a notice date with no notice recorded (or a notice with no date) is no written notice', () => {
    const noNotice = ruleO1DirectionNotice(direction({ directionNotice: null }), '2025-11-12', cal, T);
    expect(noNotice[0]?.evidence).toMatchObject({
      problems: ['NO_WRITTEN_NOTICE'],
      noticeDate: '2025-11-10',
      startDate: '2025-11-12',
      earliestLawfulStart: null,
      requiredSchoolDays: 2,
      missingParts: [],
    });
    expect(noNotice[0]?.evidenceScore).toBe(1);
    const noDate = ruleO1DirectionNotice(direction({ directionNoticeDate: null }), '2025-11-12', cal, T);
    expect(noDate[0]?.evidence).toMatchObject({ problems: ['NO_WRITTEN_NOTICE'], earliestLawfulStart: null });
  });

  it('a direction is known by its reason or by its legal basis (s29A)', () => {
    const late = { startDate: '2025-11-11' };
    expect(ruleO1DirectionNotice(direction({ ...late, reason: 'OTHER' }), '2025-11-12', cal, T)).toHaveLength(1);
    expect(
      ruleO1DirectionNotice(direction({ ...late, legalBasis: 'SCHOOL_COMMISSIONED' }), '2025-11-12', cal, T),
    ).toHaveLength(1);
    expect(
      ruleO1DirectionNotice(
        direction({ ...late, reason: 'OTHER', legalBasis: 'SCHOOL_COMMISSIONED' }),
        '2025-11-12',
        cal,
        T,
      ),
    ).toEqual([]);
  });
});

describe('O4 direction without a maximum period or review schedule', () => {
  it.each([
    [{ maximumPeriodSchoolDays: 0 }, ['NO_MAXIMUM_PERIOD']],
    [{ maximumPeriodSchoolDays: -5 }, ['NO_MAXIMUM_PERIOD']],
    [{ reviewIntervalSchoolDays: 0 }, ['NO_REVIEW_SCHEDULE']],
    [{ reviewIntervalSchoolDays: -1 }, ['NO_REVIEW_SCHEDULE']],
    [{ maximumPeriodSchoolDays: null, reviewIntervalSchoolDays: null }, ['NO_MAXIMUM_PERIOD', 'NO_REVIEW_SCHEDULE']],
  ])('%o → %o', (over, problems) => {
    const [f] = ruleO4DirectionPlan(direction({ reviewIntervalSchoolDays: 30, ...over }), '2025-11-12', cal, T);
    expect(f?.evidence).toMatchObject({ problems });
    expect(f?.evidenceScore).toBe(problems.length);
  });

  it('a plan with both, or a direction that has ended, raises nothing; a placement that is no direction neither', () => {
    expect(
      ruleO4DirectionPlan(direction({ maximumPeriodSchoolDays: 1, reviewIntervalSchoolDays: 1 }), '2025-11-12', cal, T),
    ).toEqual([]);
    const bad = { maximumPeriodSchoolDays: null, reviewIntervalSchoolDays: 30 };
    expect(
      ruleO4DirectionPlan(direction({ ...bad, endDate: '2025-11-20', status: 'ENDED' }), '2025-11-20', cal, T),
    ).toEqual([]);
    expect(ruleO4DirectionPlan(direction({ ...bad, endDate: '2025-11-20' }), '2025-11-19', cal, T)).toHaveLength(1);
    expect(
      ruleO4DirectionPlan(
        direction({ ...bad, reason: 'OTHER', legalBasis: 'SCHOOL_COMMISSIONED' }),
        '2025-11-12',
        cal,
        T,
      ),
    ).toEqual([]);
  });
});

describe('E8 health absence with no s19 decision: the edges of the count and of a decision', () => {
  // Absent from Mon 3 Nov 2025: 3–7 (5), 10–14 (10), 17–21 Nov (15).
  const ill = (over: Record<string, unknown> = {}, rest: Parameters<typeof pupilSnapshot>[0] = {}) =>
    pupilSnapshot({ healthAbsences: [{ startDate: '2025-11-03', endDate: null, ...over }], ...rest });

  it('scores the days to date plus the days expected, and names both', () => {
    // On Mon 10 Nov: 3–10 Nov is 6 days; expected 11–28 Nov: 11–14 (4), 17–21 (9), 24–28 (14).
    const [f] = ruleE8HealthAbsence(ill({ expectedEndDate: '2025-11-28' }), '2025-11-10', cal, T);
    expect(f).toMatchObject({
      ruleId: 'E8',
      periodKey: '2025-26',
      evidence: {
        academicYear: '2025-26',
        schoolDaysMissedToDate: 6,
        schoolDaysExpected: 14,
        thresholdSchoolDays: 15,
      },
      evidenceScore: 20,
    });
  });

  it('an absence ending on the day counted is all "to date", none expected', () => {
    // 3–21 Nov is 15 days, ending on the day of the count.
    const [f] = ruleE8HealthAbsence(ill({ endDate: '2025-11-21' }), '2025-11-21', cal, T);
    expect(f?.evidence).toMatchObject({ schoolDaysMissedToDate: 15, schoolDaysExpected: 0 });
    // Ended on Fri 21 Nov, counted on Mon 24 Nov: still 15 (the end date, not the count day, closes it).
    const [g] = ruleE8HealthAbsence(ill({ endDate: '2025-11-21' }), '2025-11-24', cal, T);
    expect(g?.evidence).toMatchObject({ schoolDaysMissedToDate: 15, schoolDaysExpected: 0 });
    // Ended on Thu 20 Nov: 14 days, below the threshold.
    expect(ruleE8HealthAbsence(ill({ endDate: '2025-11-20' }), '2025-11-24', cal, T)).toEqual([]);
  });

  it('an absence that starts after the day counted does not count, even with 15 days expected', () => {
    const later = pupilSnapshot({
      healthAbsences: [
        { startDate: '2025-11-25', endDate: null, expectedEndDate: '2025-12-19' },
        { startDate: '2025-11-03', endDate: '2025-11-20' },
      ],
    });
    // The second spell alone: 3–20 Nov is 14 days; the first has not begun on Mon 24 Nov.
    expect(ruleE8HealthAbsence(later, '2025-11-24', cal, T)).toEqual([]);
  });

  it('an s19 decision counts from the first day of the school year to the day counted, both included', () => {
    const decided = (decidedOn: string) =>
      ruleE8HealthAbsence(ill({}, { s19HealthDecisions: [{ decidedOn }] }), '2025-11-21', cal, T);
    expect(decided('2025-09-01')).toEqual([]);
    expect(decided('2025-11-21')).toEqual([]);
    expect(decided('2025-08-31')).toHaveLength(1); // last school year's decision
    expect(decided('2025-11-22')).toHaveLength(1); // not made yet on the day counted
  });

  it('an s19 health placement counts when it has started by the day counted and runs into this school year', () => {
    const health = (over: Parameters<typeof placement>[0]) =>
      ruleE8HealthAbsence(
        ill({}, { placements: [placement({ reason: 'HEALTH_NEEDS', legalBasis: 'S19_HEALTH', ...over })] }),
        '2025-11-21',
        cal,
        T,
      );
    expect(health({ startDate: '2025-11-21', plannedEndDate: null })).toEqual([]);
    expect(health({ startDate: '2025-11-24', plannedEndDate: null })).toHaveLength(1);
    expect(health({ startDate: '2025-06-02', endDate: '2025-09-01', status: 'ENDED' })).toEqual([]);
    expect(health({ startDate: '2025-06-02', endDate: '2025-08-31', status: 'ENDED' })).toHaveLength(1);
    expect(health({ startDate: '2025-11-03', legalBasis: 'S19_OTHER' })).toHaveLength(1);
  });
});

describe('U1/U2 full-time pupils at an unregistered provider (more than 18 hours, or all their education)', () => {
  const at = (placements: ReturnType<typeof providerPlacement>[], asOf = '2025-10-01') =>
    fullTimePupilsAt(providerSnapshot(placements), asOf, T).map((e) => ({
      pupil: e.pupil.id,
      hours: e.hours,
      placements: e.placementIds,
      commissioners: [...e.commissioners].sort(),
      all: e.substantiallyAll,
    }));

  it('adds a pupil’s placements here, one entry per pupil in pupil order, with who commissioned them', () => {
    expect(
      at([
        providerPlacement(3, { hoursPerWeek: 19 }),
        providerPlacement(1, { hoursPerWeek: 10 }),
        providerPlacement(2, { hoursPerWeek: 18 }),
        providerPlacement(4, { pupilId: 'pupil-1', pupil: providerPlacement(1).pupil, hoursPerWeek: 8.55 }),
        providerPlacement(5, {
          pupilId: 'pupil-3',
          pupil: providerPlacement(3).pupil,
          commissionerKind: 'LA',
          commissioningSchoolId: null,
          hoursPerWeek: 1,
        }),
        providerPlacement(6, { pupilId: 'pupil-3', pupil: providerPlacement(3).pupil, commissioningSchoolId: null }),
      ]),
    ).toEqual([
      // pupil-1: 10 + 8.55 = 18.55, written to one decimal place as 18.6 (more than 18).
      { pupil: 'pupil-1', hours: 18.6, placements: ['pp-1', 'pp-4'], commissioners: ['SCHOOL:school-a'], all: false },
      // pupil-2: exactly 18 is not more than 18.
      {
        pupil: 'pupil-3',
        hours: 38.5,
        placements: ['pp-3', 'pp-5', 'pp-6'],
        commissioners: ['LA:la-1', 'SCHOOL:?', 'SCHOOL:school-a'],
        all: false,
      },
    ]);
  });

  it('counts "all or substantially all of their education" whatever the hours, from any one placement', () => {
    expect(
      at([
        providerPlacement(1, { hoursPerWeek: 6, allOrSubstantiallyAllEducation: true }),
        providerPlacement(2, { hoursPerWeek: 6, allOrSubstantiallyAllEducation: false }),
        providerPlacement(3, { pupilId: 'pupil-1', pupil: providerPlacement(1).pupil, hoursPerWeek: 2 }),
      ]),
    ).toEqual([
      { pupil: 'pupil-1', hours: 8, placements: ['pp-1', 'pp-3'], commissioners: ['SCHOOL:school-a'], all: true },
    ]);
  });

  it('leaves out placements not running on the day and pupils not of compulsory school age', () => {
    expect(
      at([
        providerPlacement(1, { hoursPerWeek: 25, startDate: '2025-10-02' }),
        providerPlacement(2, { hoursPerWeek: 25, endDate: '2025-09-30', status: 'ENDED' }),
        providerPlacement(3, {
          hoursPerWeek: 25,
          pupil: { ...providerPlacement(3).pupil, dateOfBirth: '2008-05-10' }, // 17 on 1 Oct 2025
        }),
        providerPlacement(4, { hoursPerWeek: 25, endDate: '2025-10-01' }),
      ]),
    ).toEqual([{ pupil: 'pupil-4', hours: 25, placements: ['pp-4'], commissioners: ['SCHOOL:school-a'], all: false }]);
  });
});
