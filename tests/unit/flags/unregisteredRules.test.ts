import { describe, expect, it } from 'vitest';
import { resolveThresholds } from '../../../src/domain/flags/thresholds';
import {
  ruleU1PossibleUnregisteredSchool,
  ruleU2LookedAfterOrEhcpFullTime,
  ruleU2bSenFullTimeCwsa,
  ruleU5NoRiskAssessment,
  ruleU6NotApproved,
} from '../../../src/domain/flags/unregisteredRules';
import { T, providerFacts, providerPlacement, providerSnapshot } from './fixtures';
import { cal } from './testCalendar';

const ASOF = '2025-10-01';

/** n pupils at `hours` each: the first three commissioned by school A, the rest by the LA. */
function pupils(n: number, hours: number) {
  return Array.from({ length: n }, (_, i) =>
    providerPlacement(
      i + 1,
      i < 3 ? { hoursPerWeek: hours } : { hoursPerWeek: hours, commissionerKind: 'LA', commissioningSchoolId: null },
    ),
  );
}

describe('U1 possible unregistered independent school', () => {
  it.each([
    [4, 18.5, false], // 4 < 5
    [5, 18.5, true], // 5 full-time pupils across two commissioners
    [5, 18, false], // 18 h is not "more than 18"
    [6, 18, false],
  ])('%s pupils at %s h/week → flag %s', (n, hours, flagged) => {
    expect(ruleU1PossibleUnregisteredSchool(providerSnapshot(pupils(n, hours)), ASOF, cal, T).length > 0).toBe(flagged);
  });

  it('counts across commissioners and reports the pupils', () => {
    const [f] = ruleU1PossibleUnregisteredSchool(providerSnapshot(pupils(5, 18.5)), ASOF, cal, T);
    expect(f).toMatchObject({
      ruleId: 'U1',
      severity: 'CRIT',
      outcome: 'SAFEGUARDING',
      subjectType: 'PROVIDER',
      subjectId: 'provider-u',
      evidenceScore: 5,
    });
    expect(f?.evidence).toMatchObject({ fullTimePupils: 5, registrationCount: 5, commissioners: 2 });
  });

  it("adds one pupil's hours across two placements here (10 + 9 = 19 h)", () => {
    const list = [
      ...pupils(4, 18.5),
      providerPlacement(5, { hoursPerWeek: 10 }),
      providerPlacement(6, {
        pupilId: 'pupil-5',
        hoursPerWeek: 9,
        commissionerKind: 'LA',
        commissioningSchoolId: null,
        pupil: { id: 'pupil-5', dateOfBirth: '2011-05-10', senStatus: 'NONE', lookedAfter: false },
      }),
    ];
    expect(ruleU1PossibleUnregisteredSchool(providerSnapshot(list), ASOF, cal, T)).toHaveLength(1);
  });

  it('counts only placements running on the day, and only pupils of compulsory school age', () => {
    const starting = (startDate: string) => [...pupils(4, 18.5), providerPlacement(5, { startDate })];
    expect(ruleU1PossibleUnregisteredSchool(providerSnapshot(starting('2025-10-01')), ASOF, cal, T)).toHaveLength(1);
    expect(ruleU1PossibleUnregisteredSchool(providerSnapshot(starting('2025-10-02')), ASOF, cal, T)).toEqual([]);
    // Ended yesterday: not a school today, but it was one from 8 to 30 September (looking back, issue 14 item 6).
    const ended = [...pupils(4, 18.5), providerPlacement(5, { endDate: '2025-09-30', status: 'ENDED' })];
    const [past] = ruleU1PossibleUnregisteredSchool(providerSnapshot(ended), ASOF, cal, T);
    expect(past?.evidence.period).toEqual({ from: '2025-09-08', to: '2025-09-30', ongoing: false });
    // Born 1 Jun 2009: compulsory school age ended on the last Friday of June 2025.
    const over16 = [
      ...pupils(4, 18.5),
      providerPlacement(5, {
        pupil: { id: 'pupil-5', dateOfBirth: '2009-06-01', senStatus: 'NONE', lookedAfter: false },
      }),
    ];
    expect(ruleU1PossibleUnregisteredSchool(providerSnapshot(over16), ASOF, cal, T)).toEqual([]);
  });

  it('counts a pupil given "all or substantially all" of their education whatever the hours', () => {
    const list = [...pupils(4, 18.5), providerPlacement(5, { hoursPerWeek: 15, allOrSubstantiallyAllEducation: true })];
    expect(ruleU1PossibleUnregisteredSchool(providerSnapshot(list), ASOF, cal, T)).toHaveLength(1);
  });

  it('ignores registered providers, and follows an LA that lowers the count to 4', () => {
    const registered = providerSnapshot(pupils(5, 18.5), {
      provider: { ...providerFacts({ id: 'p' }), laId: 'la-1', name: 'PRU' },
    });
    expect(ruleU1PossibleUnregisteredSchool(registered, ASOF, cal, T)).toEqual([]);
    const t = resolveThresholds([{ key: 'registrationPupilCount', value: 4 }]);
    const [f] = ruleU1PossibleUnregisteredSchool(providerSnapshot(pupils(4, 18.5)), ASOF, cal, t);
    expect(f?.configVersion).toContain('registrationPupilCount=4');
  });
});

describe('U2 / U2b full-time looked-after, EHC plan or SEN pupil', () => {
  const one = (pupil: { senStatus?: 'NONE' | 'SEN_SUPPORT' | 'EHCP'; lookedAfter?: boolean }, hoursPerWeek: number) =>
    providerSnapshot([
      providerPlacement(1, {
        hoursPerWeek,
        pupil: {
          id: 'pupil-1',
          dateOfBirth: '2011-05-10',
          senStatus: pupil.senStatus ?? 'NONE',
          lookedAfter: pupil.lookedAfter ?? false,
        },
      }),
    ]);

  it.each([
    [{ lookedAfter: true }, 18.5, true],
    [{ senStatus: 'EHCP' as const }, 18.5, true],
    [{ senStatus: 'EHCP' as const }, 18, false],
    [{ senStatus: 'SEN_SUPPORT' as const }, 20, false], // SEN support is U2b's, after commencement
  ])('%j at %s h → U2 %s', (pupil, hours, flagged) => {
    expect(ruleU2LookedAfterOrEhcpFullTime(one(pupil, hours), ASOF, cal, T).length > 0).toBe(flagged);
  });

  it('U2b stays off until CWSA 2026 s43 is switched on, and is labelled a proposal', () => {
    const sen = one({ senStatus: 'SEN_SUPPORT' }, 20);
    expect(ruleU2bSenFullTimeCwsa(sen, ASOF, cal, T)).toEqual([]);
    const [f] = ruleU2bSenFullTimeCwsa(sen, ASOF, cal, resolveThresholds([{ key: 'cwsaS43Commenced', value: 1 }]));
    expect(f).toMatchObject({ ruleId: 'U2b', severity: 'CRIT', proposal: true });
    expect(f?.title).toContain('proposed limit — not yet law');
  });
});

describe('U5 / U6 provider checks', () => {
  const inUse = [providerPlacement(1)];
  it('U5: flags an unregistered provider in use with no risk assessment', () => {
    const none = providerSnapshot(inUse, {
      provider: {
        ...providerFacts({ id: 'provider-u', kind: 'UNREGISTERED', riskAssessmentDate: null }),
        laId: 'la-1',
        name: 'x',
      },
    });
    expect(ruleU5NoRiskAssessment(none, ASOF, cal, T)[0]).toMatchObject({
      ruleId: 'U5',
      severity: 'HIGH',
      evidence: { openPlacements: 1 },
    });
    expect(ruleU5NoRiskAssessment({ ...none, placements: [] }, ASOF, cal, T)).toEqual([]);
    expect(ruleU5NoRiskAssessment(providerSnapshot(inUse), ASOF, cal, T)).toEqual([]);
  });

  it('U6: flags a provider off the approved list, or failing QA, where the LA runs a list', () => {
    const off = (over: Partial<ReturnType<typeof providerFacts>>, list = true) =>
      providerSnapshot(inUse, {
        laOperatesApprovedList: list,
        provider: { ...providerFacts({ id: 'provider-u', kind: 'UNREGISTERED', ...over }), laId: 'la-1', name: 'x' },
      });
    expect(ruleU6NotApproved(off({ onApprovedList: false }), ASOF, cal, T)[0]).toMatchObject({ severity: 'MED' });
    expect(ruleU6NotApproved(off({ qaOutcome: 'UNSATISFACTORY' }), ASOF, cal, T)).toHaveLength(1);
    expect(ruleU6NotApproved(off({}), ASOF, cal, T)).toEqual([]);
    expect(ruleU6NotApproved(off({ onApprovedList: false }, false), ASOF, cal, T)).toEqual([]);
  });
});
