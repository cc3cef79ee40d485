import { describe, expect, it } from 'vitest';
import {
  FULL_TIME_HOURS_PER_WEEK,
  ruleP1PlanProblems,
  ruleU4SafeguardingProblem,
  ruleP1FullTimeWeekProblem,
  fullTimeWeekExceeded,
  ruleV5PlacementIdentifier,
  type PlanFacts,
} from '../../../src/domain/movements/placementPlan';

const plan = (over: Partial<PlanFacts> = {}): PlanFacts => ({
  reason: 'PERMANENT_EXCLUSION',
  tier: 'TIER_3_TRANSITIONAL',
  startDate: '2025-11-03',
  plannedEndDate: null,
  objectives: 'Re-engage with learning.',
  reintegrationPlan: 'Phased return to mainstream.',
  maximumPeriodSchoolDays: null,
  hoursPerWeek: 25,
  ...over,
});
const fields = (p: PlanFacts) => ruleP1PlanProblems(p).map((x) => x.field);

describe('rule P1: the placement plan', () => {
  it('a complete open-ended plan has no problems', () => {
    expect(ruleP1PlanProblems(plan())).toEqual([]);
  });

  it('needs objectives and a reintegration plan (blank or whitespace is missing)', () => {
    const out = ruleP1PlanProblems(plan({ objectives: '', reintegrationPlan: ' \n ' }));
    expect(out).toEqual([
      { field: 'objectives', message: expect.stringMatching(/objectives \(rule P1\)/) },
      { field: 'reintegrationPlan', message: expect.stringMatching(/reintegration plan.*\(rule P1\)/) },
    ]);
  });

  it('a Tier 2 (time-limited) placement needs a planned end; Tier 1 and 3 do not', () => {
    expect(ruleP1PlanProblems(plan({ tier: 'TIER_2_TIME_LIMITED' }))).toEqual([
      { field: 'plannedEndDate', message: expect.stringMatching(/planned end date \(rule P1\)/) },
    ]);
    expect(fields(plan({ tier: 'TIER_2_TIME_LIMITED', plannedEndDate: '2026-02-13' }))).toEqual([]);
    expect(fields(plan({ tier: 'TIER_1_TARGETED_SUPPORT' }))).toEqual([]);
  });

  it('an off-site direction needs a planned end (P1) and the agreed maximum period (O4), whatever the tier', () => {
    const out = ruleP1PlanProblems(plan({ reason: 'OFF_SITE_DIRECTION', tier: 'TIER_1_TARGETED_SUPPORT' }));
    expect(out.map((p) => p.field)).toEqual(['plannedEndDate', 'maximumPeriodSchoolDays']);
    expect(out[1]!.message).toMatch(/maximum period \(rule O4\)/);
    expect(
      fields(plan({ reason: 'OFF_SITE_DIRECTION', plannedEndDate: '2025-12-12', maximumPeriodSchoolDays: 30 })),
    ).toEqual([]);
    // 0 days is no agreed period.
    expect(
      fields(plan({ reason: 'OFF_SITE_DIRECTION', plannedEndDate: '2025-12-12', maximumPeriodSchoolDays: 0 })),
    ).toEqual(['maximumPeriodSchoolDays']);
  });

  it('the planned end may be the start day, not before it', () => {
    expect(fields(plan({ plannedEndDate: '2025-11-03' }))).toEqual([]);
    const out = ruleP1PlanProblems(plan({ plannedEndDate: '2025-11-02' }));
    expect(out).toEqual([
      { field: 'plannedEndDate', message: 'The planned end date cannot be before the start date.' },
    ]);
  });

  it('"other" needs its reason said', () => {
    expect(ruleP1PlanProblems(plan({ reason: 'OTHER', reasonOther: ' ' }))).toEqual([
      { field: 'reasonOther', message: 'Say what the other reason is.' },
    ]);
    expect(fields(plan({ reason: 'OTHER', reasonOther: null }))).toEqual(['reasonOther']);
    expect(fields(plan({ reason: 'OTHER', reasonOther: 'Young carer respite' }))).toEqual([]);
    // Only for OTHER.
    expect(fields(plan({ reason: 'HEALTH_NEEDS', reasonOther: null }))).toEqual([]);
  });

  it('hours: more than 0 and at most the 32.5-hour mainstream week', () => {
    expect(FULL_TIME_HOURS_PER_WEEK).toBe(32.5);
    for (const ok of [0.5, 25, 32.5]) expect(fields(plan({ hoursPerWeek: ok })), String(ok)).toEqual([]);
    for (const bad of [0, -1, 32.6, Number.NaN]) {
      expect(ruleP1PlanProblems(plan({ hoursPerWeek: bad })), String(bad)).toEqual([
        { field: 'hoursPerWeek', message: 'Hours per week must be more than 0 and at most 32.5.' },
      ]);
    }
  });

  it('reports every problem at once, in field order', () => {
    const out = ruleP1PlanProblems(
      plan({ reason: 'OFF_SITE_DIRECTION', objectives: '', reintegrationPlan: '', hoursPerWeek: 40 }),
    );
    expect(out.map((p) => p.field)).toEqual([
      'objectives',
      'reintegrationPlan',
      'plannedEndDate',
      'maximumPeriodSchoolDays',
      'hoursPerWeek',
    ]);
  });
});

describe('rule U4: written safeguarding confirmation before the start', () => {
  it('a state-funded AP school (registered school) needs no letter', () => {
    expect(ruleU4SafeguardingProblem('REGISTERED_SCHOOL', null, '2025-11-03')).toBeNull();
  });

  it.each(['REGISTERED_INDEPENDENT_SCHOOL', 'UNREGISTERED'] as const)('%s: needs the date of the letter', (kind) => {
    for (const missing of [null, undefined, '']) {
      expect(ruleU4SafeguardingProblem(kind, missing, '2025-11-03')).toEqual({
        rule: 'U4',
        field: 'safeguardingConfirmedOn',
        message: expect.stringMatching(/^Record the date .* before the placement starts$/),
      });
    }
  });

  it('received on or before the start day is in time; a day later is not', () => {
    expect(ruleU4SafeguardingProblem('UNREGISTERED', '2025-10-01', '2025-11-03')).toBeNull();
    expect(ruleU4SafeguardingProblem('UNREGISTERED', '2025-11-03', '2025-11-03')).toBeNull();
    expect(ruleU4SafeguardingProblem('UNREGISTERED', '2025-11-04', '2025-11-03')).toEqual({
      rule: 'U4',
      field: 'safeguardingConfirmedOn',
      message: expect.stringMatching(/^Written confirmation .* before the placement starts$/),
    });
  });
});

describe('rule P1, hours: all AP at the same time within a full-time week (32.5 h)', () => {
  it('exactly 32.5 hours in all is allowed; a quarter-hour more is not', () => {
    expect(ruleP1FullTimeWeekProblem(25, 7.5)).toBeNull();
    expect(ruleP1FullTimeWeekProblem(0, 32.5)).toBeNull();
    expect(ruleP1FullTimeWeekProblem(25, 7.75)).toEqual({
      rule: 'P1',
      field: 'hoursPerWeek',
      message:
        'Together with the pupil’s other AP at the same time, 7.75 hours a week would exceed a full-time week of 32.5 hours',
    });
  });

  it('an LA’s own full-time week is honoured', () => {
    expect(ruleP1FullTimeWeekProblem(20, 10, 30)).toBeNull();
    expect(ruleP1FullTimeWeekProblem(20, 10.5, 30)?.message).toContain('full-time week of 30 hours');
  });

  it('the database guard’s answer names the limit only (the other placements may be out of the caller’s sight)', () => {
    expect(fullTimeWeekExceeded()).toEqual({
      rule: 'P1',
      field: 'hoursPerWeek',
      message: 'Together with the pupil’s other placements this would be more than a full-time week of 32.5 hours',
    });
  });
});

describe('rule V5: exactly one of URN, UKPRN or AP setting type', () => {
  const pru = { urn: '900005', ukprn: '10012345', settingType: null };
  const unreg = { urn: null, ukprn: '10099999', settingType: null };
  const none = { urn: null, ukprn: null, settingType: 'NFE' };

  it('defaults to the provider’s own identifier: its URN first, else its UKPRN, else its setting type', () => {
    expect(ruleV5PlacementIdentifier({}, pru)).toEqual({
      ok: true,
      value: { providerUrn: '900005', providerUkprn: null, settingType: null },
    });
    expect(ruleV5PlacementIdentifier({}, unreg)).toEqual({
      ok: true,
      value: { providerUrn: null, providerUkprn: '10099999', settingType: null },
    });
    expect(ruleV5PlacementIdentifier({}, none)).toEqual({
      ok: true,
      value: { providerUrn: null, providerUkprn: null, settingType: 'NFE' },
    });
    // A URN-less provider with a UKPRN and a setting type: the UKPRN.
    expect(ruleV5PlacementIdentifier({}, { urn: null, ukprn: '10099999', settingType: 'OTH' })).toEqual({
      ok: true,
      value: { providerUrn: null, providerUkprn: '10099999', settingType: null },
    });
  });

  it('one given identifier replaces the provider’s', () => {
    expect(ruleV5PlacementIdentifier({ settingType: 'WBP' }, pru)).toEqual({
      ok: true,
      value: { providerUrn: null, providerUkprn: null, settingType: 'WBP' },
    });
    expect(ruleV5PlacementIdentifier({ providerUkprn: '10012345', providerUrn: null }, pru)).toEqual({
      ok: true,
      value: { providerUrn: null, providerUkprn: '10012345', settingType: null },
    });
  });

  it('two given, or none at all, is refused', () => {
    const two = ruleV5PlacementIdentifier({ providerUrn: '900005', providerUkprn: '10012345' }, pru);
    expect(two).toEqual({
      ok: false,
      problem: { field: 'providerUrn', message: expect.stringMatching(/exactly one .*\(rule V5\)/) },
    });
    expect(ruleV5PlacementIdentifier({ providerUrn: '900005', settingType: 'NFE' }, pru).ok).toBe(false);
    expect(ruleV5PlacementIdentifier({}, { urn: null, ukprn: null, settingType: null })).toMatchObject({
      ok: false,
      problem: { field: 'providerUrn' },
    });
  });

  it('checks the form of each: URN 6 digits, UKPRN 8 digits, setting type NFE/OOT/OTH/WBP', () => {
    for (const bad of ['90000', '9000051', '90000a', ' 900005']) {
      expect(ruleV5PlacementIdentifier({ providerUrn: bad }, pru), bad).toEqual({
        ok: false,
        problem: { field: 'providerUrn', message: 'A URN is 6 digits (rule V5).' },
      });
    }
    for (const bad of ['1001234', '100123456', '1001234x']) {
      expect(ruleV5PlacementIdentifier({ providerUkprn: bad }, pru), bad).toEqual({
        ok: false,
        problem: { field: 'providerUkprn', message: 'A UKPRN is 8 digits (rule V5).' },
      });
    }
    for (const ok of ['NFE', 'OOT', 'OTH', 'WBP'])
      expect(ruleV5PlacementIdentifier({ settingType: ok }, pru).ok, ok).toBe(true);
    for (const bad of ['nfe', 'XYZ', '']) {
      expect(ruleV5PlacementIdentifier({ settingType: bad }, pru), bad).toEqual({
        ok: false,
        problem: { field: 'settingType', message: 'The AP setting type must be NFE, OOT, OTH or WBP (rule V5).' },
      });
    }
    // The provider's own identifiers are checked too.
    expect(ruleV5PlacementIdentifier({}, { urn: '12345', ukprn: null, settingType: null })).toMatchObject({
      ok: false,
      problem: { field: 'providerUrn' },
    });
  });
});
