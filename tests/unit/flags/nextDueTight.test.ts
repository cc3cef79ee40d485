import { describe, expect, it } from 'vitest';
import { SchoolCalendar, loadBankHolidays } from '../../../src/domain/calendar';
import { addDays } from '../../../src/domain/dates';
import { PLACEMENT_RULES, PUPIL_RULES, REFERRAL_RULES, type RegisteredRule } from '../../../src/domain/flags/evaluate';
import {
  PLACEMENT_NEXT_DUE,
  PROVIDER_NEXT_DUE,
  PUPIL_NEXT_DUE,
  REFERRAL_NEXT_DUE,
  soonest,
  type RuleNextDue,
} from '../../../src/domain/flags/nextDue';
import type { PlacementSnapshot, PupilSnapshot, ReferralSnapshot } from '../../../src/domain/flags/snapshots';
import type { FlagCandidate, SchoolDays } from '../../../src/domain/flags/types';
import {
  T,
  direction,
  exclusion,
  placement,
  providerFacts,
  pupilFacts,
  providerPlacement,
  providerSnapshot,
  pupilSnapshot,
  referral,
  reintegration,
  response,
  withValues,
} from './fixtures';

/**
 * Issue 18 goal 4, the other direction from nextDue.test.ts: that file proves a next-due date is never later
 * than the first change of a rule's answer (the due-only scan misses nothing); this one proves that, where a
 * rule's answer is driven by one date alone, its next-due date is exactly that day, not earlier — so the nightly
 * scan does not evaluate a subject day after day for nothing, and a guard dropped from a next-due function (a
 * rule that cannot apply still asking to be woken) is caught. The oracle is the rule itself: each day after asOf
 * is evaluated until the rule's own flags differ.
 */
const cal: SchoolDays = new SchoolCalendar(loadBankHolidays());

const signature = (cs: FlagCandidate[]) =>
  cs
    .map((c) => `${c.ruleId}|${c.subjectId}|${c.periodKey}`)
    .sort()
    .join('\n');

/** The first day after asOf on which the rule's flags differ from asOf's (within two years), and both answers. */
function firstChange<S>(rule: RegisteredRule<S>, s: S, asOf: string, t = T) {
  const before = signature(rule.run(s, asOf, cal, t));
  for (let d = addDays(asOf, 1), i = 0; i < 730; d = addDays(d, 1), i += 1) {
    const now = signature(rule.run(s, d, cal, t));
    if (now !== before) return { day: d, before, after: now };
  }
  return { day: null, before, after: before };
}

function check<S>(
  rules: readonly RegisteredRule<S>[],
  dues: Readonly<Record<string, RuleNextDue<S>>>,
  ruleId: string,
  s: S,
  asOf: string,
  t = T,
) {
  const rule = rules.find((r) => r.ruleId === ruleId)!;
  const due = soonest(asOf, dues[ruleId]!.dates(s, asOf, cal, t));
  return { due, ...firstChange(rule, s, asOf, t) };
}

const placementCheck = (ruleId: string, s: PlacementSnapshot, asOf: string, t = T) =>
  check(PLACEMENT_RULES, PLACEMENT_NEXT_DUE, ruleId, s, asOf, t);

const pupilCheck = (ruleId: string, s: PupilSnapshot, asOf: string, t = T) =>
  check(PUPIL_RULES, PUPIL_NEXT_DUE, ruleId, s, asOf, t);

const referralCheck = (ruleId: string, s: ReferralSnapshot, asOf: string, t = T) =>
  check(REFERRAL_RULES, REFERRAL_NEXT_DUE, ruleId, s, asOf, t);

const ASOF = '2025-10-01';
const unregistered = providerFacts({ kind: 'UNREGISTERED' });

describe('next-due dates are the day the rule changes, not earlier (issue 18 goal 4; domain.md §9)', () => {
  // Each case: an open placement (started before asOf, no end date, so its span moves nothing) whose rule
  // turns on by itself on one later day.
  const raisedOn: [string, string, PlacementSnapshot, string?][] = [
    ['P2: the review falls due (§9.3 P2)', 'P2', placement()],
    ['P3: the day after the planned end (§9.3 P3)', 'P3', placement({ plannedEndDate: '2025-11-14' })],
    [
      'P4: a Tier 2 stay passes its limit (§9.3 P4)',
      'P4',
      placement({ plannedEndDate: '2027-07-20', reviewIntervalSchoolDays: null }),
      '2025-09-04',
    ],
    [
      'A5: a part-time timetable passes its weeks (§9.3 A5)',
      'A5',
      placement({ hoursPerWeek: 10, legalBasis: 'SCHOOL_COMMISSIONED', plannedEndDate: '2026-07-17' }),
      '2025-09-04',
    ],
    [
      'U7: a school-arranged place not notified to the LA in time (§9.2 U7)',
      'U7',
      placement({ commissionerKind: 'SCHOOL', commissioningSchoolId: 'school-home', laNotifiedOn: null }),
      '2025-09-04',
    ],
    [
      'U11: an unregistered place passes the national average stay (§9.2 U11)',
      'U11',
      placement({ provider: unregistered, hoursPerWeek: 10, plannedEndDate: '2027-02-27' }),
    ],
  ];

  for (const [name, ruleId, s, asOf = ASOF] of raisedOn)
    it(name, () => {
      const r = placementCheck(ruleId, s, asOf);
      // The case means something: the rule is quiet on asOf and raises on its own later.
      expect(r.before, `${ruleId} already raised on ${asOf}`).toBe('');
      expect(r.day, `${ruleId} never raised`).not.toBeNull();
      expect(r.after).toContain(`${ruleId}|`);
      expect(r.due).toBe(r.day);
    });

  it('O3: an unanswered review request passes its deadline (§5.2, §9.5 O3)', () => {
    const s = direction({
      startDate: '2025-09-08',
      plannedEndDate: '2026-07-17',
      directionReviewRequests: [{ requestedOn: '2025-09-22', requestedBy: 'PARENT' }],
      directionReviewMeetings: [],
    });
    const r = placementCheck('O3', s, '2025-09-23');
    expect(r.before).toBe('');
    expect(r.after).toContain('O3|');
    expect(r.due).toBe(r.day);
  });

  it('P7: a primary-age pupil in AP moves up a year group on 1 September (§9.3 P7)', () => {
    // Year 6 in 2025-26 (born 2015-08-31, the last day of that cohort): flagged until 31 August 2026.
    const s = placement({ pupil: pupilFacts({ dateOfBirth: '2015-08-31' }), plannedEndDate: '2027-07-20' });
    const r = placementCheck('P7', s, '2026-06-01');
    expect(r.before).toContain('P7|');
    expect(r.day).toBe('2026-09-01');
    expect(r.due).toBe('2026-09-01');
  });

  it('P7: a pupil past Year 6 is never woken for it', () => {
    const s = placement({ pupil: pupilFacts({ dateOfBirth: '2011-05-10' }) });
    expect(PLACEMENT_NEXT_DUE.P7!.dates(s, ASOF, cal, T)).toEqual([]);
  });

  it('rules that cannot apply to a placement ask for no date at all', () => {
    const ordinary = placement();
    const asked = (ruleId: string, s: PlacementSnapshot) =>
      soonest(ASOF, PLACEMENT_NEXT_DUE[ruleId]!.dates(s, ASOF, cal, T));
    // Not a direction: O1–O4 never change for it.
    for (const id of ['O1', 'O2', 'O3', 'O3b', 'O4']) expect(asked(id, ordinary), id).toBeNull();
    // Not unregistered: U9–U11 never change for it.
    for (const id of ['U9', 'U10', 'U11']) expect(asked(id, ordinary), id).toBeNull();
    // LA-commissioned: U7 (a school's duty to notify the LA) never changes for it.
    expect(asked('U7', ordinary)).toBeNull();
    // Health-based provision, and s19 provision that is not, are judged by E9 and the health route, not A5.
    expect(asked('A5', placement({ legalBasis: 'S19_HEALTH', hoursPerWeek: 10 }))).toBeNull();
    expect(asked('A5', placement({ legalBasis: 'S19_OTHER', hoursPerWeek: 10 }))).toBeNull();
    // Tier 1 (outreach in the pupil's own school) is not a stay in AP: no AP stay limit.
    expect(asked('P4', placement({ tier: 'TIER_1_TARGETED_SUPPORT' }))).toBeNull();
  });

  it('a shorter own review interval than the cap is the one that falls due', () => {
    const own = placementCheck('P2', placement({ reviewIntervalSchoolDays: 10 }), '2025-09-04');
    const capped = placementCheck('P2', placement({ reviewIntervalSchoolDays: 500 }), '2025-09-04');
    expect([own.before, capped.before]).toEqual(['', '']);
    expect(own.due).toBe(own.day);
    expect(capped.due).toBe(capped.day);
    expect(own.due! < capped.due!).toBe(true);
  });

  it('a review recorded after the start restarts the interval from the review', () => {
    const s = placement({ lastReviewDate: '2025-10-10' });
    const r = placementCheck('P2', s, '2025-10-15');
    expect(r.before).toBe('');
    expect(r.due).toBe(r.day);
  });

  it('a lower threshold override moves the date with it (U11 at 30 calendar days)', () => {
    const t = withValues({ unregisteredAverageStayCalendarDays: 30 });
    const s = placement({ provider: unregistered, hoursPerWeek: 10, plannedEndDate: '2027-02-27' });
    const r = placementCheck('U11', s, '2025-09-10', t);
    expect(r.day).not.toBeNull();
    expect(r.due).toBe(r.day);
    expect(r.due).toBe(addDays('2025-09-03', 30));
  });
});

describe('pupil rules: next-due is the day the answer changes (issue 18 goal 4; domain.md §5, §9)', () => {
  const raisedOn: [string, string, PupilSnapshot, string][] = [
    [
      'E2: day six of a long suspension with no provision (§5.1, §9.4 E2)',
      'E2',
      pupilSnapshot({ exclusions: [exclusion({ schoolDays: 10 })] }),
      '2025-11-10',
    ],
    [
      'E3: day six of a permanent exclusion with no provision (§5.1, §9.4 E3)',
      'E3',
      pupilSnapshot({ exclusions: [exclusion({ kind: 'PERMANENT', schoolDays: null })] }),
      '2025-11-10',
    ],
    [
      'E4: the governors miss their deadline (§5.1, §9.4 E4)',
      'E4',
      pupilSnapshot({ exclusions: [exclusion({ kind: 'PERMANENT', schoolDays: null })] }),
      '2025-11-10',
    ],
    [
      'R1-CHECKPOINT: a follow-up not reported within its grace period (§9.8)',
      'R1-CHECKPOINT',
      // From its due date (the snapshot also wakes on the due date itself, where a report would count).
      pupilSnapshot({ reintegrations: [reintegration()] }),
      '2025-12-12',
    ],
  ];

  for (const [name, ruleId, s, asOf] of raisedOn)
    it(name, () => {
      const r = pupilCheck(ruleId, s, asOf);
      expect(r.before, `${ruleId} already raised on ${asOf}`).toBe('');
      expect(r.day, `${ruleId} never raised`).not.toBeNull();
      expect(r.after).toContain(`${ruleId}|`);
      expect(r.due).toBe(r.day);
    });

  it('U3: a pupil is woken on the day an unregistered placement starts, and again as it ends (§9.2 U3)', () => {
    // The random pupils of nextDue.test.ts never hold an unregistered placement, so only this case checks U3.
    const unreg = placement({
      provider: unregistered,
      hoursPerWeek: 10,
      startDate: '2025-11-03',
      plannedEndDate: '2025-12-12',
      endDate: '2025-12-12',
      status: 'ENDED',
    });
    const s = pupilSnapshot({ placements: [unreg] });
    const starts = pupilCheck('U3', s, '2025-10-01');
    expect(starts.before).toBe('');
    expect(starts.after).toContain('U3|');
    expect(starts.due).toBe('2025-11-03');
    expect(starts.day).toBe('2025-11-03');
    const ends = pupilCheck('U3', s, '2025-11-20');
    expect(ends.after).toBe('');
    // Cleared the day after the end date (a placement runs on its last day); a span wakes its subject on the end
    // date as well (spanDates), one evaluation early by design.
    expect(ends.day).toBe('2025-12-13');
    expect(ends.due).toBe('2025-12-12');
  });

  it('U3: a part-time timetable starting later wakes the pupil the day it starts', () => {
    const unreg = placement({ provider: unregistered, hoursPerWeek: 10, startDate: '2025-09-08' });
    const s = pupilSnapshot({
      placements: [unreg],
      partTimeTimetables: [{ startDate: '2025-11-03', endDate: null }],
    } as Partial<PupilSnapshot>);
    const r = pupilCheck('U3', s, '2025-10-01');
    expect(r.before).toContain('U3|');
    expect(r.day).toBe('2025-11-03');
    expect(r.due).toBe('2025-11-03');
  });

  it('E2: a suspension of five days or fewer asks for no date', () => {
    const s = pupilSnapshot({ exclusions: [exclusion({ schoolDays: 5 })] });
    expect(soonest('2025-11-10', PUPIL_NEXT_DUE.E2!.dates(s, '2025-11-10', cal, T))).toBeNull();
  });

  it('E2: a suspension already over asks for no date, not even for provision starting later', () => {
    const later = placement({ startDate: '2026-02-02', plannedEndDate: '2026-03-27' });
    const s = pupilSnapshot({ exclusions: [exclusion({ schoolDays: 10 })], placements: [later] });
    expect(soonest('2026-01-05', PUPIL_NEXT_DUE.E2!.dates(s, '2026-01-05', cal, T))).toBeNull();
  });

  it('E3: a suspension, however long, asks for no E3 date', () => {
    const s = pupilSnapshot({ exclusions: [exclusion({ schoolDays: 10 })] });
    expect(soonest('2025-11-10', PUPIL_NEXT_DUE.E3!.dates(s, '2025-11-10', cal, T))).toBeNull();
  });

  it('E3: a permanent exclusion the governors reversed asks for no date', () => {
    const s = pupilSnapshot({
      exclusions: [
        exclusion({
          kind: 'PERMANENT',
          schoolDays: null,
          governorOutcome: 'REINSTATED',
          governorDecisionDate: '2025-11-12',
        }),
      ],
    });
    expect(soonest('2025-11-13', PUPIL_NEXT_DUE.E3!.dates(s, '2025-11-13', cal, T))).toBeNull();
  });

  it('E3: a pupil educated at home, moved away or past compulsory school age is not woken for it', () => {
    const pex = exclusion({ kind: 'PERMANENT', schoolDays: null });
    const asked = (s: PupilSnapshot, asOf = '2025-11-13') => soonest(asOf, PUPIL_NEXT_DUE.E3!.dates(s, asOf, cal, T));
    expect(asked(pupilSnapshot({ exclusions: [pex], pupil: { electiveHomeEducationFrom: '2025-11-12' } }))).toBeNull();
    expect(asked(pupilSnapshot({ exclusions: [pex], pupil: { movedOutOfLaOn: '2025-11-12' } }))).toBeNull();
    // Born 1 Sep 2008: compulsory school age ended on the last Friday of June 2025.
    expect(asked(pupilSnapshot({ exclusions: [pex], pupil: { dateOfBirth: '2008-09-01' } }))).toBeNull();
  });

  it('R1-CHECKPOINT: a reintegration no longer pending asks for no date', () => {
    const s = pupilSnapshot({ reintegrations: [reintegration({ status: 'SUSTAINED' })] });
    expect(PUPIL_NEXT_DUE['R1-CHECKPOINT']!.dates(s, '2025-11-20', cal, T)).toEqual([]);
  });

  it('R1 and the managed-move and separation rules ask for nothing without their records', () => {
    const s = pupilSnapshot();
    for (const id of ['R1', 'O7', 'O7b', 'SEP1', 'E8', 'R4', 'M3'])
      expect(soonest(ASOF, PUPIL_NEXT_DUE[id]!.dates(s, ASOF, cal, T)), id).toBeNull();
  });
});

describe('fair access rules: next-due is the day a deadline passes (issue 18 goal 4; domain.md §4.5, §9.7)', () => {
  const raisedOn: [string, string, ReferralSnapshot, string][] = [
    [
      'F1: no allocation within the allocation deadline',
      'F1',
      referral({ agreedToConsiderOn: '2025-10-02' }),
      '2025-10-03',
    ],
    [
      'F2: an allocated child not started within the start deadline',
      'F2',
      referral({ agreedToConsiderOn: '2025-10-02', allocatedOn: '2025-10-06', allocatedSchoolId: 'school-b' }),
      '2025-10-07',
    ],
    [
      'F6: a maintained school that has not answered within its days',
      'F6',
      referral({ agreedToConsiderOn: '2025-10-02', responses: [response()] }),
      '2025-11-04',
    ],
    [
      'F7: an academy that has not answered within its days',
      'F7',
      referral({ agreedToConsiderOn: '2025-10-02', responses: [response({ schoolType: 'ACADEMY' })] }),
      '2025-11-04',
    ],
  ];
  for (const [name, ruleId, s, asOf] of raisedOn)
    it(name, () => {
      const r = referralCheck(ruleId, s, asOf);
      expect(r.before, `${ruleId} already raised on ${asOf}`).toBe('');
      expect(r.day, `${ruleId} never raised`).not.toBeNull();
      expect(r.after).toContain(`${ruleId}|`);
      expect(r.due).toBe(r.day);
    });

  it('F6 and F7 ask for nothing before any school is asked', () => {
    const s = referral({ agreedToConsiderOn: '2025-10-02' });
    expect(REFERRAL_NEXT_DUE.F6!.dates(s, ASOF, cal, T)).toEqual([]);
    expect(REFERRAL_NEXT_DUE.F7!.dates(s, ASOF, cal, T)).toEqual([]);
  });

  it('F1 and F2 ask for nothing before their starting step', () => {
    const s = referral();
    expect(soonest(ASOF, REFERRAL_NEXT_DUE.F1!.dates(s, ASOF, cal, T))).toBeNull();
    expect(soonest(ASOF, REFERRAL_NEXT_DUE.F2!.dates(s, ASOF, cal, T))).toBeNull();
  });
});

describe('provider rules: only unregistered settings are ever woken (issue 18 goal 4; domain.md §3.1, §9.2)', () => {
  it('a registered provider asks no provider rule for a date, whatever its placements', () => {
    const s = providerSnapshot([providerPlacement(1), providerPlacement(2, { startDate: '2026-01-05' })], {
      provider: {
        ...providerFacts({ id: 'provider-r', kind: 'REGISTERED_INDEPENDENT_SCHOOL' }),
        laId: 'la-1',
        name: 'Oak',
      },
    });
    for (const id of Object.keys(PROVIDER_NEXT_DUE))
      expect(soonest(ASOF, PROVIDER_NEXT_DUE[id]!.dates(s, ASOF, cal, T)), id).toBeNull();
  });

  it('an unregistered provider is woken when a placement starts', () => {
    const s = providerSnapshot([providerPlacement(1, { startDate: '2025-11-03' })]);
    for (const id of ['U1', 'U2', 'U2b', 'U6'])
      expect(soonest(ASOF, PROVIDER_NEXT_DUE[id]!.dates(s, ASOF, cal, T)), id).toBe('2025-11-03');
  });
});
