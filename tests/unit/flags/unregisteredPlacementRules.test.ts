import { describe, expect, it } from 'vitest';
import { PROPOSAL_LABEL } from '../../../src/domain/flags/support';
import {
  ruleU3PupilUnregisteredHours,
  ruleU7NotNotifiedToLa,
  ruleU9ShortTermOverTwelveWeeks,
  ruleU10LongTermOverPartTimeLimit,
  ruleU11LongerThanAverage,
  weeklyLoad,
} from '../../../src/domain/flags/unregisteredPlacementRules';
import { HOME_SCHOOL, T, placement, providerFacts, pupilSnapshot, unregisteredPlacement } from './fixtures';
import { cal } from './testCalendar';

describe('U7 school-commissioned placement not notified to the LA', () => {
  // Start Thu 23 Oct 2025, tolerance 5 school days: Fri 24 Oct (1), half-term skipped, 3, 4, 5, 6 Nov (5) → notify by Thu 6 Nov.
  const p = placement({
    commissionerKind: 'SCHOOL',
    commissioningSchoolId: HOME_SCHOOL,
    legalBasis: 'SCHOOL_COMMISSIONED',
    startDate: '2025-10-23',
    laNotifiedOn: null,
  });
  it.each([
    ['2025-10-31', false], // would be late already if half-term counted
    ['2025-11-05', false], // day before the deadline
    ['2025-11-06', false], // the deadline
    ['2025-11-07', true], // day after
  ])('as of %s → flag %s', (asOf, flagged) => {
    expect(ruleU7NotNotifiedToLa(p, asOf, cal, T).length > 0).toBe(flagged);
  });

  it('resolves once notified, and never applies to LA placements', () => {
    expect(ruleU7NotNotifiedToLa({ ...p, laNotifiedOn: '2025-11-07' }, '2025-11-07', cal, T)).toEqual([]);
    expect(ruleU7NotNotifiedToLa({ ...p, commissionerKind: 'LA' }, '2025-11-20', cal, T)).toEqual([]);
    expect(ruleU7NotNotifiedToLa(p, '2025-11-10', cal, T)[0]).toMatchObject({
      severity: 'HIGH',
      evidence: { notifyBy: '2025-11-06', schoolDaysLate: 2 },
    });
  });
});

describe('weekly load against the proposed 2 days / 4 sessions', () => {
  it.each([
    [{ sessionsPerWeek: 4, hoursPerWeek: 30 }, 4, false], // sessions win over hours
    [{ daysPerWeek: 3, hoursPerWeek: 10 }, 6, true],
    [{ hoursPerWeek: 13 }, 4, false], // 13 ÷ 3.25 = 4 sessions
    [{ hoursPerWeek: 13.5 }, 5, true], // 4.15 → 5 sessions
  ])('%j → %s sessions, over %s', (p, sessions, over) => {
    expect(weeklyLoad({ daysPerWeek: null, sessionsPerWeek: null, ...p }, T)).toMatchObject({ sessions, over });
  });
});

describe('U9 short-term full-time unregistered placement over 12 weeks (proposal)', () => {
  // Start Mon 8 Sep 2025 (planned to Fri 28 Nov = 82 days). 12 weeks = 84 days: day 84 is Sun 30 Nov, day 85 Mon 1 Dec.
  // Calendar weeks, so the autumn half-term counts.
  it.each([
    ['2025-11-29', false],
    ['2025-11-30', false],
    ['2025-12-01', true],
  ])('as of %s → flag %s', (asOf, flagged) => {
    expect(ruleU9ShortTermOverTwelveWeeks(unregisteredPlacement(), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('is labelled a proposal, not law', () => {
    const [f] = ruleU9ShortTermOverTwelveWeeks(unregisteredPlacement(), '2025-12-01', cal, T);
    expect(f).toMatchObject({ proposal: true, evidence: { calendarDaysOpen: 85, limitWeeks: 12 }, evidenceScore: 1 });
    expect(f?.title).toContain(PROPOSAL_LABEL);
  });

  it('leaves part-time and registered placements alone', () => {
    expect(ruleU9ShortTermOverTwelveWeeks(unregisteredPlacement({ daysPerWeek: 2 }), '2025-12-10', cal, T)).toEqual([]);
    expect(
      ruleU9ShortTermOverTwelveWeeks({ ...unregisteredPlacement(), provider: providerFacts() }, '2025-12-10', cal, T),
    ).toEqual([]);
  });
});

describe('U10 longer-term unregistered placement above 2 days / 4 sessions (proposal)', () => {
  it.each([
    [{ plannedEndDate: null, daysPerWeek: 3 }, true],
    [{ plannedEndDate: null, daysPerWeek: 2 }, false],
    [{ plannedEndDate: null, daysPerWeek: null, sessionsPerWeek: 5 }, true],
    [{ plannedEndDate: '2025-12-07', daysPerWeek: 3 }, true], // 8 Sep–7 Dec = 91 days > 84: planned long-term
    [{ plannedEndDate: '2025-11-28', daysPerWeek: 3 }, false], // planned short-term: U9's case
  ])('%j → flag %s from the first day', (over, flagged) => {
    const out = ruleU10LongTermOverPartTimeLimit(unregisteredPlacement(over), '2025-09-08', cal, T);
    expect(out.length > 0).toBe(flagged);
    if (flagged) expect(out[0]?.title).toContain(PROPOSAL_LABEL);
  });
});

describe('U11 longer than the national average (276 days)', () => {
  // From Wed 1 Jan 2025: day 276 is Fri 3 Oct 2025 (day-of-year 276), day 277 Sat 4 Oct.
  it.each([
    ['2025-10-02', false],
    ['2025-10-03', false],
    ['2025-10-04', true],
  ])('as of %s → flag %s', (asOf, flagged) => {
    const out = ruleU11LongerThanAverage(
      unregisteredPlacement({ startDate: '2025-01-01', plannedEndDate: null }),
      asOf,
      cal,
      T,
    );
    expect(out.length > 0).toBe(flagged);
    if (flagged) expect(out[0]).toMatchObject({ severity: 'INFO', evidence: { calendarDaysOpen: 277 } });
  });
});

describe('U3 per-child hours in unregistered settings', () => {
  const u = (id: string, hoursPerWeek: number) => unregisteredPlacement({ id, hoursPerWeek, plannedEndDate: null });
  const keys = (s: ReturnType<typeof pupilSnapshot>) =>
    ruleU3PupilUnregisteredHours(s, '2025-10-01', cal, T).map((f) => f.periodKey);

  it.each([
    [10, 9, 13.5, ['OVER_FULL_TIME_TEST']], // 19 h unregistered; 19 + 13.5 = 32.5 total
    [9, 9, 14.5, []], // 18 h is not over; 18 + 14.5 = 32.5
    [9, 9, 10, ['BELOW_FULL_TIME']], // 18 + 10 = 28 < 32.5
    [10, 9, 0, ['OVER_FULL_TIME_TEST', 'BELOW_FULL_TIME']], // 19 < 32.5 as well
  ])('%s h + %s h unregistered, %s h at school → %j', (a, b, school, expected) => {
    expect(
      keys(pupilSnapshot({ placements: [u('a', a), u('b', b)], pupil: { homeSchoolHoursPerWeek: school } })),
    ).toEqual(expected);
  });

  it('accepts an agreed part-time timetable or a health reason for being below full-time', () => {
    const base = { placements: [u('a', 9)], pupil: { homeSchoolHoursPerWeek: 10 } };
    expect(
      keys(pupilSnapshot({ ...base, partTimeTimetables: [{ startDate: '2025-09-15', endDate: '2025-10-24' }] })),
    ).toEqual([]);
    expect(
      keys(
        pupilSnapshot({
          placements: [{ ...u('a', 9), reason: 'HEALTH_NEEDS' }],
          pupil: { homeSchoolHoursPerWeek: 10 },
        }),
      ),
    ).toEqual([]);
  });
});
