import { describe, expect, it } from 'vitest';
import {
  ruleE2SuspensionDaySix,
  ruleE3PermanentExclusionDaySix,
  ruleE4GovernorReview,
  ruleE8HealthAbsence,
} from '../../../src/domain/flags/exclusionRules';
import type { PlacementFacts } from '../../../src/domain/flags/snapshots';
import { T, exclusion, placement, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

/** A full-time AP place from `startDate` (32.5 h unless given). */
const provision = (startDate: string, hoursPerWeek = 32.5, over: Partial<PlacementFacts> = {}): PlacementFacts => {
  const { pupil: _pupil, ...p } = placement({
    id: `prov-${startDate}-${hoursPerWeek}`,
    startDate,
    plannedEndDate: null,
    hoursPerWeek,
    ...over,
  });
  return p;
};

describe('E2 no full-time provision from day 6 of a suspension', () => {
  // 10-day suspension from Mon 10 Nov 2025: days 1–5 = 10–14 Nov, day 6 = Mon 17 Nov, day 10 = Fri 21 Nov.
  const susp = exclusion({ schoolDays: 10 });
  it.each([
    ['2025-11-14', [], false], // day 5
    ['2025-11-17', [], true], // day 6, nothing in place
    ['2025-11-17', [provision('2025-11-17')], false], // provision from day 6
    ['2025-11-17', [provision('2025-11-18')], true], // starts day 7: still missing on day 6
    ['2025-11-18', [provision('2025-11-18')], false], // …and resolves once it starts
    ['2025-11-17', [provision('2025-11-17', 20)], true], // 20 h is not full-time
    ['2025-11-24', [], false], // suspension over (last day Fri 21 Nov)
  ])('as of %s with %j → flag %s', (asOf, placements, flagged) => {
    expect(ruleE2SuspensionDaySix(pupilSnapshot({ exclusions: [susp], placements }), asOf, cal, T).length > 0).toBe(
      flagged,
    );
  });

  // 6-day suspension from Wed 22 Oct: 22, 23, 24 Oct (3), half-term skipped, 3, 4 Nov (5), day 6 = Wed 5 Nov.
  it.each([
    ['2025-10-29', false], // half-term: not a school day of the suspension
    ['2025-11-04', false], // day 5
    ['2025-11-05', true], // day 6
  ])('across half-term, as of %s → flag %s', (asOf, flagged) => {
    const s = pupilSnapshot({ exclusions: [exclusion({ startDate: '2025-10-22', schoolDays: 6 })] });
    expect(ruleE2SuspensionDaySix(s, asOf, cal, T).length > 0).toBe(flagged);
  });

  it('needs more than 5 days (5.5 counts) and names the exclusion', () => {
    const five = pupilSnapshot({ exclusions: [exclusion({ schoolDays: 5 })] });
    expect(ruleE2SuspensionDaySix(five, '2025-11-17', cal, T)).toEqual([]);
    const [f] = ruleE2SuspensionDaySix(
      pupilSnapshot({ exclusions: [exclusion({ schoolDays: 5.5 })] }),
      '2025-11-17',
      cal,
      T,
    );
    expect(f).toMatchObject({
      ruleId: 'E2',
      severity: 'CRIT',
      subjectType: 'EXCLUSION',
      subjectId: 'excl-1',
      evidence: { daySixDate: '2025-11-17' },
    });
  });
});

describe('E3 no LA provision from day 6 of a permanent exclusion', () => {
  // PEX from Tue 21 Oct 2025: 21, 22, 23, 24 Oct (4), half-term skipped, Mon 3 Nov (5), Tue 4 Nov (6).
  const pex = exclusion({ kind: 'PERMANENT', startDate: '2025-10-21', schoolDays: null });
  const snap = (placements: PlacementFacts[] = [], over: Parameters<typeof pupilSnapshot>[0] = {}) =>
    pupilSnapshot({ exclusions: [pex], placements, ...over });
  it.each([
    ['2025-11-03', [], false], // day 5
    ['2025-11-04', [], true], // day 6, nothing in place
    ['2025-11-04', [provision('2025-11-04')], false], // starting by day 6
    ['2025-11-04', [provision('2025-11-05')], true], // starting day 7
    ['2025-11-05', [provision('2025-11-05')], false],
    ['2025-11-04', [provision('2025-11-04', 20), provision('2025-11-03', 12.5)], false], // 20 + 12.5 = 32.5 covers the hours
    ['2025-11-04', [provision('2025-11-04', 20)], true], // part-time only
    ['2025-11-04', [provision('2025-11-04', 10, { reason: 'HEALTH_NEEDS', legalBasis: 'S19_HEALTH' })], false], // health-based
  ])('as of %s with %j → flag %s', (asOf, placements, flagged) => {
    expect(ruleE3PermanentExclusionDaySix(snap(placements), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('stops once the duty ends: reinstated, or on a new school roll', () => {
    const reinstated = pupilSnapshot({
      exclusions: [{ ...pex, governorOutcome: 'REINSTATED', governorDecisionDate: '2025-11-03' }],
    });
    expect(ruleE3PermanentExclusionDaySix(reinstated, '2025-11-04', cal, T)).toEqual([]);
    const s = snap();
    const newRoll = {
      ...s,
      enrolments: [
        ...s.enrolments,
        {
          id: 'e2',
          schoolId: 'school-new',
          registration: 'SINGLE' as const,
          startDate: '2025-11-10',
          endDate: null,
          endReason: null,
          endReasonKind: null,
        },
      ],
    };
    expect(ruleE3PermanentExclusionDaySix(newRoll, '2025-11-07', cal, T)).toHaveLength(1);
    expect(ruleE3PermanentExclusionDaySix(newRoll, '2025-11-10', cal, T)).toEqual([]);
  });

  it('counts school days without provision since day 6 as its score', () => {
    // 4 Nov → 11 Nov inclusive: 4, 5, 6, 7, 10, 11 = 6 school days.
    expect(ruleE3PermanentExclusionDaySix(snap(), '2025-11-11', cal, T)[0]).toMatchObject({
      evidence: { daySixDate: '2025-11-04', schoolDaysSinceDaySix: 6 },
      evidenceScore: 6,
    });
  });
});

describe('E4 governing board reinstatement review', () => {
  // PEX Thu 9 Oct 2025: 15 school days after = 10 Oct (1), 13–24 Oct (11), half-term skipped, 3–6 Nov (15) → Thu 6 Nov.
  const pex = exclusion({ kind: 'PERMANENT', startDate: '2025-10-09', schoolDays: null });
  it.each([
    ['2025-11-05', false],
    ['2025-11-06', false], // deadline day
    ['2025-11-07', true],
  ])('PEX, as of %s → flag %s', (asOf, flagged) => {
    expect(ruleE4GovernorReview(pupilSnapshot({ exclusions: [pex] }), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('resolves when the decision is recorded', () => {
    const decided = { ...pex, governorOutcome: 'UPHELD' as const, governorDecisionDate: '2025-11-06' };
    expect(ruleE4GovernorReview(pupilSnapshot({ exclusions: [decided] }), '2025-11-07', cal, T)).toEqual([]);
  });

  it('applies 15 days to the suspension that takes the term total past 15, at the same school', () => {
    // Autumn: 10 days from Mon 8 Sep, then 6 from Mon 6 Oct → 16 > 15. 15 school days after 6 Oct: 7–10 (4), 13–24 (14), Mon 3 Nov (15).
    const first = exclusion({ id: 'a', startDate: '2025-09-08', schoolDays: 10 });
    const second = exclusion({ id: 'b', startDate: '2025-10-06', schoolDays: 6 });
    const run = (asOf: string, list = [first, second]) =>
      ruleE4GovernorReview(pupilSnapshot({ exclusions: list }), asOf, cal, T).map((f) => f.subjectId);
    expect(run('2025-11-03')).toEqual([]);
    expect(run('2025-11-04')).toEqual(['b']);
    // At another school, or in spring, the 6 days start a new count: no review due.
    expect(run('2025-11-04', [first, { ...second, schoolId: 'other' }])).toEqual([]);
    expect(run('2026-03-02', [first, { ...second, startDate: '2026-01-12' }])).toEqual([]);
  });

  it('applies 50 days where parents made representations on 6–15 days, and 15 for a missed public exam', () => {
    // 10 days from Mon 8 Sep: 50 school days after = 9 Sep–24 Oct (34), half-term skipped, 3–21 Nov (49), Mon 24 Nov (50).
    const reps = exclusion({ startDate: '2025-09-08', schoolDays: 10, parentsMadeRepresentations: true });
    expect(ruleE4GovernorReview(pupilSnapshot({ exclusions: [reps] }), '2025-11-24', cal, T)).toEqual([]);
    expect(
      ruleE4GovernorReview(pupilSnapshot({ exclusions: [reps] }), '2025-11-25', cal, T)[0]?.evidence,
    ).toMatchObject({ basis: 'PARENT_REPRESENTATIONS', decideBy: '2025-11-24' });
    expect(
      ruleE4GovernorReview(
        pupilSnapshot({ exclusions: [{ ...reps, parentsMadeRepresentations: false }] }),
        '2026-01-05',
        cal,
        T,
      ),
    ).toEqual([]);
    const exam = exclusion({ startDate: '2025-10-09', schoolDays: 3, missesPublicExam: true });
    expect(
      ruleE4GovernorReview(pupilSnapshot({ exclusions: [exam] }), '2025-11-07', cal, T)[0]?.evidence,
    ).toMatchObject({ basis: 'MISSES_PUBLIC_EXAM' });
  });
});

describe('E8 health absence with no s19 decision', () => {
  // Absent from Mon 3 Nov 2025: 3–7 (5), 10–14 (10), 17–21 Nov (15) → 15th school day Fri 21 Nov.
  const ill = (over = {}) => pupilSnapshot({ healthAbsences: [{ startDate: '2025-11-03', endDate: null, ...over }] });
  it.each([
    ['2025-11-20', false], // 14 days
    ['2025-11-21', true], // 15
    ['2025-11-24', true],
  ])('as of %s → flag %s', (asOf, flagged) => {
    expect(ruleE8HealthAbsence(ill(), asOf, cal, T).length > 0).toBe(flagged);
  });

  it('counts across half-term without the holiday (from Mon 20 Oct: 20–24 Oct 5, 3–7 Nov 10, 10–14 Nov 15)', () => {
    const s = pupilSnapshot({ healthAbsences: [{ startDate: '2025-10-20', endDate: null }] });
    expect(ruleE8HealthAbsence(s, '2025-11-13', cal, T)).toEqual([]);
    expect(ruleE8HealthAbsence(s, '2025-11-14', cal, T)[0]).toMatchObject({
      periodKey: '2025-26',
      evidence: { schoolDaysMissedToDate: 15 },
    });
  });

  it('adds separate spells in the school year (5 + 10 = 15)', () => {
    const s = pupilSnapshot({
      healthAbsences: [
        { startDate: '2025-09-22', endDate: '2025-09-26' },
        { startDate: '2025-11-03', endDate: null },
      ],
    });
    expect(ruleE8HealthAbsence(s, '2025-11-13', cal, T)).toEqual([]); // 5 + 9
    expect(ruleE8HealthAbsence(s, '2025-11-14', cal, T)).toHaveLength(1); // 5 + 10
  });

  it('fires as soon as an expected continuation makes 15 clear', () => {
    // On Mon 10 Nov: 6 days so far (3–10 Nov) + expected 11–28 Nov (14) = 20.
    const [f] = ruleE8HealthAbsence(ill({ expectedEndDate: '2025-11-28' }), '2025-11-10', cal, T);
    expect(f?.evidence).toMatchObject({ schoolDaysMissedToDate: 6, schoolDaysExpected: 14 });
  });

  it('is satisfied by an s19 decision or a health placement this year, and ignores last year', () => {
    expect(
      ruleE8HealthAbsence({ ...ill(), s19HealthDecisions: [{ decidedOn: '2025-11-12' }] }, '2025-11-21', cal, T),
    ).toEqual([]);
    expect(
      ruleE8HealthAbsence(
        { ...ill(), placements: [provision('2025-11-17', 10, { reason: 'HEALTH_NEEDS', legalBasis: 'S19_HEALTH' })] },
        '2025-11-21',
        cal,
        T,
      ),
    ).toEqual([]);
    const lastYear = pupilSnapshot({ healthAbsences: [{ startDate: '2025-06-02', endDate: '2025-07-04' }] });
    expect(ruleE8HealthAbsence(lastYear, '2025-09-10', cal, T)).toEqual([]);
  });
});
