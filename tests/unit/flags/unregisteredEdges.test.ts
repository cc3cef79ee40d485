/**
 * The edges of the unregistered-provision rules (domain.md §3.1–3.3, §9.2 U1, U2b, U3, U5, U6, U9–U11)
 * that unregisteredRules.test.ts and unregisteredPlacementRules.test.ts leave open, found by Stryker's
 * survivors (docs/testing.md): pupils listed in id order whatever order their placements come in, U2b's
 * SEN filter, U5's risk assessment dated on or after the day, U6 and U11 for registered providers, a
 * placement planned for exactly 12 weeks, U3 with registered, ended or health placements in the mix, and
 * the evidence of U3, U6, U9, U10 and U11 word for word.
 */
import { describe, expect, it } from 'vitest';
import type { PlacementSnapshot, ProviderPlacementFacts, ProviderSnapshot } from '../../../src/domain/flags/snapshots';
import { resolveThresholds } from '../../../src/domain/flags/thresholds';
import {
  ruleU3PupilUnregisteredHours,
  ruleU9ShortTermOverTwelveWeeks,
  ruleU10LongTermOverPartTimeLimit,
  ruleU11LongerThanAverage,
} from '../../../src/domain/flags/unregisteredPlacementRules';
import {
  ruleU1PossibleUnregisteredSchool,
  ruleU2bSenFullTimeCwsa,
  ruleU5NoRiskAssessment,
  ruleU6NotApproved,
} from '../../../src/domain/flags/unregisteredRules';
import {
  LA,
  T,
  placement,
  providerFacts,
  providerPlacement,
  providerSnapshot,
  pupilSnapshot,
  unregisteredPlacement,
} from './fixtures';
import { cal } from './testCalendar';

const ASOF = '2025-10-01';
const S43_ON = resolveThresholds([{ key: 'cwsaS43Commenced', value: 1 }]);

const at19 = (n: number, pupil: Partial<ProviderPlacementFacts['pupil']> = {}) =>
  providerPlacement(n, {
    hoursPerWeek: 19,
    pupil: { id: `pupil-${n}`, dateOfBirth: '2011-05-10', senStatus: 'NONE', lookedAfter: false, ...pupil },
  });
const provider = (over: Partial<ProviderSnapshot['provider']> = {}) => ({
  ...providerFacts({ id: 'provider-u', kind: 'UNREGISTERED' }),
  laId: LA,
  name: 'Skills Farm',
  ...over,
});

describe('U1 (§9.2): the pupils named in the evidence are in id order', () => {
  it.each([[[5, 4, 3, 2, 1]], [[3, 5, 1, 4, 2]], [[2, 1, 5, 3, 4]]])('placements recorded in the order %j', (order) => {
    const [f] = ruleU1PossibleUnregisteredSchool(providerSnapshot(order.map((n) => at19(n))), ASOF, cal, T);
    expect((f?.evidence.pupils as { pupilId: string }[]).map((p) => p.pupilId)).toEqual([
      'pupil-1',
      'pupil-2',
      'pupil-3',
      'pupil-4',
      'pupil-5',
    ]);
  });
});

describe('U2b (§3.2, §9.2) once s43 is on: pupils on SEN support only, not looked after', () => {
  const u2b = (list: ProviderPlacementFacts[], over: Partial<ProviderSnapshot> = {}) =>
    ruleU2bSenFullTimeCwsa(providerSnapshot(list, over), ASOF, cal, S43_ON);

  it('names only the SEN-support pupil among full-time pupils', () => {
    const [f] = u2b([at19(1), at19(2, { senStatus: 'SEN_SUPPORT' }), at19(3, { senStatus: 'EHCP' })]);
    expect(f?.evidence.pupils).toEqual([{ pupilId: 'pupil-2', hoursPerWeek: 19, placementIds: ['pp-2'] }]);
    expect(f?.evidenceScore).toBe(1);
  });

  it('a looked-after pupil on SEN support is U2’s, not U2b’s; no SEN pupil, no flag', () => {
    expect(u2b([at19(1, { senStatus: 'SEN_SUPPORT', lookedAfter: true })])).toEqual([]);
    expect(u2b([at19(1), at19(2)])).toEqual([]);
  });

  it('a registered provider is never U2b’s', () => {
    expect(u2b([at19(1, { senStatus: 'SEN_SUPPORT' })], { provider: provider({ kind: 'REGISTERED_SCHOOL' }) })).toEqual(
      [],
    );
  });
});

describe('U5 (§3.3, §9.2) risk assessment', () => {
  const u5 = (riskAssessmentDate: string | null, list = [providerPlacement(1)]) =>
    ruleU5NoRiskAssessment(providerSnapshot(list, { provider: provider({ riskAssessmentDate }) }), ASOF, cal, T);

  it('one dated on the day counts; one dated after the day is not yet done', () => {
    expect(u5('2025-10-01')).toEqual([]);
    expect(u5('2025-10-02')[0]?.evidence).toEqual({ riskAssessmentDate: null, openPlacements: 1 });
  });

  it('counts only placements running on the day', () => {
    const ended = providerPlacement(2, { endDate: '2025-09-30', status: 'ENDED' });
    const [f] = u5(null, [providerPlacement(1), ended]);
    expect(f?.evidence).toEqual({ riskAssessmentDate: null, openPlacements: 1 });
    expect(f?.evidenceScore).toBe(1);
  });

  it('a registered school needs no U5', () => {
    expect(
      ruleU5NoRiskAssessment(
        providerSnapshot([providerPlacement(1)], {
          provider: provider({ kind: 'REGISTERED_SCHOOL', riskAssessmentDate: null }),
        }),
        ASOF,
        cal,
        T,
      ),
    ).toEqual([]);
  });
});

describe('U6 (§9.2) approved list', () => {
  const off = (over: Partial<ProviderSnapshot['provider']>, list = [providerPlacement(1)]) =>
    ruleU6NotApproved(providerSnapshot(list, { provider: provider({ onApprovedList: false, ...over }) }), ASOF, cal, T);

  it('names the list, the QA outcome and the placements in use', () => {
    const [f] = off({ qaOutcome: 'UNSATISFACTORY', qaCheckDate: '2025-09-15' });
    expect(f?.evidence).toEqual({
      onApprovedList: false,
      qaOutcome: 'UNSATISFACTORY',
      qaCheckDate: '2025-09-15',
      openPlacements: 1,
    });
  });

  it('not for a registered school, nor a provider with nothing in use', () => {
    expect(off({ kind: 'REGISTERED_SCHOOL' })).toEqual([]);
    expect(off({}, [])).toEqual([]);
  });
});

describe('U9/U10/U11 (§1.4, §9.2) placements in unregistered settings', () => {
  it('planned for exactly 12 weeks (8 Sep – 30 Nov, 84 days) is short-term: U9’s, not U10’s', () => {
    const p = unregisteredPlacement({ plannedEndDate: '2025-11-30' });
    expect(ruleU10LongTermOverPartTimeLimit(p, '2025-09-08', cal, T)).toEqual([]);
    expect(ruleU9ShortTermOverTwelveWeeks(p, '2025-12-01', cal, T).map((f) => f.ruleId)).toEqual(['U9']);
  });

  it('U9’s evidence on day 85', () => {
    const [f] = ruleU9ShortTermOverTwelveWeeks(unregisteredPlacement(), '2025-12-01', cal, T);
    expect(f?.evidence).toEqual({
      startDate: '2025-09-08',
      plannedEndDate: '2025-11-28',
      calendarDaysOpen: 85,
      weeksOpen: 12.1,
      limitWeeks: 12,
      sessionsPerWeek: 10,
      loadBasis: 'DAYS',
    });
  });

  it('U10’s evidence: 3 days a week is 6 sessions, 2 over the proposed 4', () => {
    const [f] = ruleU10LongTermOverPartTimeLimit(
      unregisteredPlacement({ plannedEndDate: null, daysPerWeek: 3 }),
      '2025-09-08',
      cal,
      T,
    );
    expect(f?.evidence).toEqual({
      plannedEndDate: null,
      sessionsPerWeek: 6,
      daysPerWeek: 3,
      loadBasis: 'DAYS',
      maxSessionsPerWeek: 4,
      maxDaysPerWeek: 2,
    });
    expect(f?.evidenceScore).toBe(2);
  });

  it('U11 on day 278, scored by the days past the 276-day benchmark; never for a registered school', () => {
    const p = unregisteredPlacement({ startDate: '2025-01-01', plannedEndDate: null });
    const [f] = ruleU11LongerThanAverage(p, '2025-10-05', cal, T);
    expect(f?.evidence).toEqual({ calendarDaysOpen: 278, benchmarkDays: 276 });
    expect(f?.evidenceScore).toBe(2);
    expect(ruleU11LongerThanAverage({ ...p, provider: providerFacts() }, '2025-10-05', cal, T)).toEqual([]);
  });
});

describe('U3 (§9.2) a pupil’s hours in unregistered settings', () => {
  const u = (id: string, hoursPerWeek: number, over: Partial<PlacementSnapshot> = {}) => {
    const { pupil: _p, ...p } = placement({
      id,
      provider: providerFacts({ id: 'provider-u', kind: 'UNREGISTERED' }),
      providerId: 'provider-u',
      startDate: '2025-09-08',
      plannedEndDate: null,
      hoursPerWeek,
      ...over,
    });
    return p;
  };
  const registered = (id: string, hoursPerWeek: number, over: Partial<PlacementSnapshot> = {}) =>
    u(id, hoursPerWeek, { provider: providerFacts(), providerId: 'provider-1', ...over });
  const u3 = (s: ReturnType<typeof pupilSnapshot>) => ruleU3PupilUnregisteredHours(s, ASOF, cal, T);

  it('over the hours test: title and evidence', () => {
    const [f] = u3(pupilSnapshot({ placements: [u('a', 10), u('b', 9)], pupil: { homeSchoolHoursPerWeek: 13.5 } }));
    expect(f?.title).toBe('Pupil is full-time (over the hours test) across unregistered settings');
    expect(f?.evidence).toEqual({ unregisteredHoursPerWeek: 19, hoursOver: 18, placementIds: ['a', 'b'] });
    expect(f?.evidenceScore).toBe(19);
  });

  it('below full-time with a registered place too: only the unregistered hours count as such', () => {
    const [f, ...rest] = u3(pupilSnapshot({ placements: [registered('r', 20), u('a', 9)] }));
    expect(rest).toEqual([]);
    expect(f?.title).toBe('Pupil in unregistered AP has less than full-time education in total');
    expect(f?.evidence).toEqual({
      totalHoursPerWeek: 29,
      unregisteredHoursPerWeek: 9,
      fullTimeHours: 32.5,
      placementIds: ['a'],
    });
    expect(f?.evidenceScore).toBe(3.5);
  });

  it('an unregistered placement that ended before the day does not count', () => {
    expect(u3(pupilSnapshot({ placements: [u('a', 9, { endDate: '2025-09-30', status: 'ENDED' })] }))).toEqual([]);
  });

  it('no unregistered provision, or a pupil past compulsory school age: not U3’s', () => {
    expect(u3(pupilSnapshot({ placements: [registered('r', 10)] }))).toEqual([]);
    expect(u3(pupilSnapshot({ placements: [u('a', 9)], pupil: { dateOfBirth: '2009-06-01' } }))).toEqual([]);
  });

  it('one health-based placement among several justifies being below full-time', () => {
    const health = registered('h', 10, { reason: 'HEALTH_NEEDS', legalBasis: 'S19_HEALTH' });
    expect(u3(pupilSnapshot({ placements: [u('a', 9), health] }))).toEqual([]);
  });
});
