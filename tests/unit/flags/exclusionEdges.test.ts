/**
 * The edges of E2, E3, E4 and E8 (domain.md §5.1, §9.4) that exclusionRules.test.ts leaves open, found by
 * Stryker's survivors (docs/testing.md): which exclusions each rule reads, when the LA's duty after a
 * permanent exclusion ends, the governing board's decision on and after the evaluation day, E4's term
 * totals at exactly 15 and 5 (with representations) and same-day suspensions ordered by id, and health
 * absences starting on the day or lasting one day. School days are counted by hand on testCalendar.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  ruleE2SuspensionDaySix,
  ruleE3PermanentExclusionDaySix,
  ruleE4GovernorReview,
  ruleE8HealthAbsence,
} from '../../../src/domain/flags/exclusionRules';
import type { ExclusionSnapshot } from '../../../src/domain/flags/snapshots';
import { T, exclusion, pupilSnapshot } from './fixtures';
import { cal } from './testCalendar';

describe('E2 (§9.4) reads suspensions only; E3 (§9.4) permanent exclusions only', () => {
  // 10-day suspension from Mon 10 Nov 2025: day 6 = Mon 17 Nov.
  it('a permanent exclusion is never E2’s, whether or not a day count was recorded on it', () => {
    const pex = exclusion({ kind: 'PERMANENT', startDate: '2025-11-10', schoolDays: null });
    const pexWithDays = exclusion({ id: 'excl-2', kind: 'PERMANENT', startDate: '2025-11-10', schoolDays: 10 });
    expect(ruleE2SuspensionDaySix(pupilSnapshot({ exclusions: [pex, pexWithDays] }), '2025-11-17', cal, T)).toEqual([]);
  });

  it('a 10-day suspension with nothing in place on day 6 is E2’s, not E3’s', () => {
    const s = pupilSnapshot({ exclusions: [exclusion({ schoolDays: 10 })] });
    expect(ruleE2SuspensionDaySix(s, '2025-11-17', cal, T).map((f) => f.ruleId)).toEqual(['E2']);
    expect(ruleE3PermanentExclusionDaySix(s, '2025-11-17', cal, T)).toEqual([]);
  });
});

describe('E3 (§5.1, §9.4): when the LA’s duty after a permanent exclusion ends', () => {
  // PEX from Tue 21 Oct 2025: day 6 = Tue 4 Nov.
  const pex = (over: Partial<ExclusionSnapshot> = {}) =>
    exclusion({ kind: 'PERMANENT', startDate: '2025-10-21', schoolDays: null, ...over });
  const e3 = (s: ReturnType<typeof pupilSnapshot>, asOf = '2025-11-04') =>
    ruleE3PermanentExclusionDaySix(s, asOf, cal, T).map((f) => f.subjectId);

  it('upheld by the governors: the duty goes on', () => {
    const upheld = pex({ governorOutcome: 'UPHELD', governorDecisionDate: '2025-11-03' });
    expect(e3(pupilSnapshot({ exclusions: [upheld] }))).toEqual(['excl-1']);
  });

  it('reinstatement ends it only once decided: not with no date, nor with a date after the day', () => {
    const undated = pex({ governorOutcome: 'REINSTATED', governorDecisionDate: null });
    expect(e3(pupilSnapshot({ exclusions: [undated] }))).toEqual(['excl-1']);
    const later = pex({ governorOutcome: 'REINSTATED', governorDecisionDate: '2025-11-05' });
    expect(e3(pupilSnapshot({ exclusions: [later] }))).toEqual(['excl-1']);
    expect(e3(pupilSnapshot({ exclusions: [later] }), '2025-11-05')).toEqual([]);
  });

  it('a roll starting on the day of the exclusion is not a new school: the duty goes on', () => {
    const s = pupilSnapshot({ exclusions: [pex()] });
    const sameDay = {
      ...s,
      enrolments: [
        ...s.enrolments,
        {
          id: 'e2',
          schoolId: 'school-new',
          registration: 'SINGLE' as const,
          startDate: '2025-10-21',
          endDate: null,
          endReason: null,
          endReasonKind: null,
        },
      ],
    };
    expect(e3(sameDay)).toEqual(['excl-1']);
  });

  it('elective home education from the day before, or that day, ends it; from the day after, not yet', () => {
    const ehe = (d: string) => pupilSnapshot({ exclusions: [pex()], pupil: { electiveHomeEducationFrom: d } });
    expect(e3(ehe('2025-11-03'))).toEqual([]);
    expect(e3(ehe('2025-11-04'))).toEqual([]);
    expect(e3(ehe('2025-11-05'))).toEqual(['excl-1']);
  });

  it('moving out of the LA ends it from that day', () => {
    const moved = (d: string) => pupilSnapshot({ exclusions: [pex()], pupil: { movedOutOfLaOn: d } });
    expect(e3(moved('2025-11-04'))).toEqual([]);
    expect(e3(moved('2025-11-05'))).toEqual(['excl-1']);
  });
});

describe('E4 (§5.1, §9.4) governing board review: the decision and its basis', () => {
  // PEX Thu 9 Oct 2025: the 15th school day after is Thu 6 Nov.
  const pex = (over: Partial<ExclusionSnapshot> = {}) =>
    exclusion({ kind: 'PERMANENT', startDate: '2025-10-09', schoolDays: null, ...over });
  const e4 = (list: ExclusionSnapshot[], asOf: string) =>
    ruleE4GovernorReview(pupilSnapshot({ exclusions: list }), asOf, cal, T);

  it('a permanent exclusion overdue by one day: the evidence names its basis and deadline', () => {
    const [f, ...rest] = e4([pex()], '2025-11-07');
    expect(rest).toEqual([]);
    expect(f?.evidence).toEqual({
      basis: 'PERMANENT_EXCLUSION',
      termTotalSchoolDays: null,
      notifiedOn: '2025-10-09',
      deadlineSchoolDays: 15,
      decideBy: '2025-11-06',
      schoolDaysOverdue: 1,
    });
    expect(f?.evidenceScore).toBe(1);
  });

  it('a decision dated on the evaluation day counts; one dated later does not yet', () => {
    expect(e4([pex({ governorOutcome: 'UPHELD', governorDecisionDate: '2025-11-07' })], '2025-11-07')).toEqual([]);
    expect(
      e4([pex({ governorOutcome: 'UPHELD', governorDecisionDate: '2025-11-10' })], '2025-11-07').map(
        (f) => f.subjectId,
      ),
    ).toEqual(['excl-1']);
  });

  it('an outcome recorded without a date is a decision', () => {
    expect(e4([pex({ governorOutcome: 'UPHELD', governorDecisionDate: null })], '2025-11-07')).toEqual([]);
  });
});

describe('E4 (§5.1) term totals: more than 15 days, or more than 5 with representations', () => {
  // Autumn 2025: 'a' 10 days from Mon 8 Sep; 'b' from Mon 6 Oct. 15 school days after 6 Oct = Mon 3 Nov.
  const a = exclusion({ id: 'a', startDate: '2025-09-08', schoolDays: 10 });
  const b = (schoolDays: number, over: Partial<ExclusionSnapshot> = {}) =>
    exclusion({ id: 'b', startDate: '2025-10-06', schoolDays, ...over });
  const ids = (list: ExclusionSnapshot[], asOf: string) =>
    ruleE4GovernorReview(pupilSnapshot({ exclusions: list }), asOf, cal, T).map((f) => f.subjectId);

  it('exactly 15 days in the term, no representations: no review is due', () => {
    expect(ids([a, b(5)], '2025-12-19')).toEqual([]);
  });

  it('exactly 15 with representations: the 50-day deadline, not the 15-day one', () => {
    const [f] = ruleE4GovernorReview(
      pupilSnapshot({ exclusions: [a, b(5, { parentsMadeRepresentations: true })] }),
      '2026-01-06',
      cal,
      T,
    );
    // 50 school days after Mon 6 Oct: 7–24 Oct (14), 3 Nov–12 Dec (44), 15–19 Dec (49), Mon 5 Jan 2026 (50).
    expect(f?.evidence).toMatchObject({
      basis: 'PARENT_REPRESENTATIONS',
      termTotalSchoolDays: 15,
      deadlineSchoolDays: 50,
      decideBy: '2026-01-05',
      schoolDaysOverdue: 1,
    });
    expect(ids([a, b(5, { parentsMadeRepresentations: true })], '2026-01-05')).toEqual([]);
    expect(ids([a, b(5, { parentsMadeRepresentations: true })], '2026-01-06')).toEqual(['b']);
  });

  it('16 days: the 15-day deadline, with the term total in the evidence', () => {
    const [f, ...rest] = ruleE4GovernorReview(pupilSnapshot({ exclusions: [a, b(6)] }), '2025-11-04', cal, T);
    expect(rest).toEqual([]);
    expect(f?.subjectId).toBe('b');
    expect(f?.evidence).toEqual({
      basis: 'TERM_TOTAL_OVER_15',
      termTotalSchoolDays: 16,
      notifiedOn: '2025-10-06',
      deadlineSchoolDays: 15,
      decideBy: '2025-11-03',
      schoolDaysOverdue: 1,
    });
  });

  it('5 days with representations is not more than 5: no review; 6 is', () => {
    const reps = (n: number) => exclusion({ startDate: '2025-09-08', schoolDays: n, parentsMadeRepresentations: true });
    expect(ids([reps(5)], '2026-03-02')).toEqual([]);
    expect(ids([reps(6)], '2026-03-02')).toEqual(['excl-1']);
  });

  it('two suspensions on the same day count in id order: only the later id passes 15', () => {
    const x = exclusion({ id: 'x', startDate: '2025-10-06', schoolDays: 10 });
    const y = exclusion({ id: 'y', startDate: '2025-10-06', schoolDays: 8 });
    expect(ids([x, y], '2025-11-04')).toEqual(['y']);
    expect(ids([y, x], '2025-11-04')).toEqual(['y']);
  });

  it('a later suspension never counts towards an earlier one, whatever its id', () => {
    const early = exclusion({ id: 'z', startDate: '2025-09-08', schoolDays: 10 });
    const late = exclusion({ id: 'a', startDate: '2025-10-06', schoolDays: 6 });
    expect(ids([early, late], '2025-11-04')).toEqual(['a']);
  });

  it('a permanent exclusion earlier in the term adds no suspension days, even with a day count on it', () => {
    const pexWithDays = exclusion({
      id: 'p',
      kind: 'PERMANENT',
      startDate: '2025-09-08',
      schoolDays: 10,
      governorOutcome: 'UPHELD',
      governorDecisionDate: '2025-09-20',
    });
    expect(ids([pexWithDays, b(6)], '2025-11-04')).toEqual([]);
  });
});

describe('E8 (§9.4) health absence: which days count', () => {
  it('a pupil with no health absences recorded raises nothing', () => {
    expect(ruleE8HealthAbsence(pupilSnapshot(), '2025-11-21', cal, T)).toEqual([]);
  });

  it('an absence starting on the evaluation day counts that day, plus its expected continuation', () => {
    // Mon 10 Nov: 1 day so far; expected 11–28 Nov: 11–14 (4), 17–21 (9), 24–28 (14). 1 + 14 = 15.
    const s = pupilSnapshot({
      healthAbsences: [{ startDate: '2025-11-10', endDate: null, expectedEndDate: '2025-11-28' }],
    });
    const [f] = ruleE8HealthAbsence(s, '2025-11-10', cal, T);
    expect(f?.evidence).toEqual({
      academicYear: '2025-26',
      schoolDaysMissedToDate: 1,
      schoolDaysExpected: 14,
      thresholdSchoolDays: 15,
    });
  });

  it('a one-day absence counts one day: 14 + 1 = 15', () => {
    // Mon 8 Sep – Thu 25 Sep: 8–12 (5), 15–19 (10), 22–25 (14).
    const s = pupilSnapshot({
      healthAbsences: [
        { startDate: '2025-09-08', endDate: '2025-09-25' },
        { startDate: '2025-10-01', endDate: '2025-10-01' },
      ],
    });
    expect(ruleE8HealthAbsence(s, '2025-10-06', cal, T)[0]?.evidence).toMatchObject({
      schoolDaysMissedToDate: 15,
      schoolDaysExpected: 0,
    });
  });
});
