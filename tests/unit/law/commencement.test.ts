import { describe, expect, it } from 'vitest';
import { commenced, PROVISION_TABLE, validateCommencement } from '../../../src/domain/law/commencement';
import {
  APPLICABILITY,
  applicabilityOf,
  ruleApplies,
  type ApplicabilityPeriod,
} from '../../../src/domain/law/applicability';
import {
  THRESHOLD_TABLE,
  resolveThresholds,
  thresholdOn,
  type ThresholdDefinition,
} from '../../../src/domain/flags/thresholds';
import { ruleU2bSenFullTimeCwsa } from '../../../src/domain/flags/unregisteredRules';
import { providerPlacement, providerSnapshot } from '../flags/fixtures';
import { cal } from '../flags/testCalendar';

describe('commencement switches (domain.md §10.3)', () => {
  it('has a switch for each of CWSA s38, s43 and s62, off by default', () => {
    expect(PROVISION_TABLE.map((p) => p.provision)).toEqual(['CWSA_S38', 'CWSA_S43', 'CWSA_S62', 'CWSA_EHE_CONSENT']);
    for (const p of PROVISION_TABLE) expect(commenced({}, p.provision, '2099-01-01')).toBe(false);
  });

  it('is in force from the commencement date, not the day before', () => {
    const c = { CWSA_S62: '2027-01-04' };
    expect(commenced(c, 'CWSA_S62', '2027-01-03')).toBe(false);
    expect(commenced(c, 'CWSA_S62', '2027-01-04')).toBe(true);
    expect(commenced(c, 'CWSA_S38', '2027-01-04')).toBe(false);
  });

  it.each([
    ['CWSA_S62', '2027-01-04', true],
    ['CWSA_S62', null, true], // switching off
    ['CWSA_S62', '2026-04-28', false], // before Royal Assent
    ['CWSA_S62', '2026-04-29', true],
    ['CWSA_S62', '2027-02-30', false],
    ['CWSA_S99', '2027-01-04', false],
  ] as const)('%s on %s → accepted %s', (p, d, ok) => {
    expect(validateCommencement(p, d).ok).toBe(ok);
  });
});

describe('rule applicability by date', () => {
  const table: Record<string, ApplicabilityPeriod[]> = {
    X: [
      {
        appliesTo: 'old',
        effectiveFrom: '2020-01-01',
        effectiveTo: '2026-07-25',
        status: 'LAW',
        source: { citation: 'a', url: 'https://a' },
      },
      {
        appliesTo: 'new',
        effectiveFrom: '2026-07-26',
        effectiveTo: null,
        status: 'LAW',
        source: { citation: 'b', url: 'https://b' },
      },
    ],
    Y: [
      {
        appliesTo: 'cwsa',
        effectiveFrom: '2026-04-29',
        effectiveTo: null,
        status: 'LAW',
        commencement: 'CWSA_S62',
        source: { citation: 'c', url: 'https://c' },
      },
    ],
  };
  it('picks the period in force on the event date, on both sides of the change', () => {
    expect(ruleApplies('X', '2026-07-25', {}, {}, table)).toMatchObject({
      applies: true,
      period: { appliesTo: 'old' },
    });
    expect(ruleApplies('X', '2026-07-26', {}, {}, table)).toMatchObject({
      applies: true,
      period: { appliesTo: 'new' },
    });
    expect(ruleApplies('X', '2019-12-31', {}, {}, table)).toEqual({ applies: false, reason: 'NOT_YET_IN_FORCE' });
  });
  it('waits for commencement, then applies from the configured date', () => {
    expect(ruleApplies('Y', '2027-01-04', {}, {}, table)).toEqual({ applies: false, reason: 'NOT_COMMENCED' });
    expect(ruleApplies('Y', '2027-01-03', {}, { CWSA_S62: '2027-01-04' }, table)).toEqual({
      applies: false,
      reason: 'NOT_COMMENCED',
    });
    expect(ruleApplies('Y', '2027-01-04', {}, { CWSA_S62: '2027-01-04' }, table)).toMatchObject({ applies: true });
  });
  it('applies a rule with no periods listed throughout', () => {
    expect(ruleApplies('P2', '1990-01-01', {}, {})).toEqual({ applies: true, period: null });
    expect(applicabilityOf('P2')).toEqual([]);
  });
  it('gives every listed period a status, source and well-ordered dates', () => {
    for (const periods of Object.values(APPLICABILITY))
      for (const p of periods) {
        expect(p.source.url).toMatch(/^https?:\/\//);
        if (p.effectiveTo) expect(p.effectiveTo >= p.effectiveFrom).toBe(true);
      }
  });
});

describe('thresholds by date', () => {
  const table: ThresholdDefinition[] = [
    {
      ...(THRESHOLD_TABLE.find((d) => d.key === 'daySix') as ThresholdDefinition),
      effectiveFrom: '2026-07-26',
      effectiveTo: null,
      supersedes: [
        {
          value: 5,
          status: 'LAW',
          source: { citation: 'old', url: 'https://old' },
          effectiveFrom: '2010-01-01',
          effectiveTo: '2026-07-25',
        },
      ],
    },
  ];
  const t = resolveThresholds();
  it('reads the version in force on the event date, on both sides of the change', () => {
    expect(thresholdOn(t, 'daySix', '2026-07-25', table)).toBe(5);
    expect(thresholdOn(t, 'daySix', '2026-07-26', table)).toBe(6);
    expect(thresholdOn(t, 'daySix', '2009-12-31', table)).toBeNull();
  });
  it('applies an LA override to the current version only', () => {
    const tight = resolveThresholds([{ key: 'daySix', value: 4 }]);
    expect(thresholdOn(tight, 'daySix', '2026-07-26', table)).toBe(4);
    expect(thresholdOn(tight, 'daySix', '2026-07-25', table)).toBe(5);
  });
  it('gives every threshold an effective-from date and an open or later effective-to', () => {
    for (const d of THRESHOLD_TABLE) {
      expect(d.effectiveTo === null || d.effectiveTo >= d.effectiveFrom).toBe(true);
      expect(thresholdOn(resolveThresholds(), d.key, d.effectiveFrom)).toBe(d.value);
    }
  });
  it('shows commencements in the config version stamped on flags', () => {
    expect(resolveThresholds([], { CWSA_S43: '2027-09-01' }).configVersion).toMatch(
      /\+commenced\(CWSA_S43=2027-09-01\)$/,
    );
  });
});

describe('U2b behind the s43 switch', () => {
  const sen = providerSnapshot([
    providerPlacement(1, {
      hoursPerWeek: 20,
      pupil: { id: 'pupil-1', dateOfBirth: '2011-05-10', senStatus: 'SEN_SUPPORT', lookedAfter: false },
    }),
  ]);
  const withS43 = resolveThresholds([], { CWSA_S43: '2026-09-07' });
  it('is silent the day before the configured commencement and law from it', () => {
    expect(ruleU2bSenFullTimeCwsa(sen, '2026-09-04', cal, withS43)).toEqual([]);
    const [f] = ruleU2bSenFullTimeCwsa(sen, '2026-09-07', cal, withS43);
    expect(f).toMatchObject({
      ruleId: 'U2b',
      proposal: false,
      evidence: { s43InForce: true, s43CommencedOn: '2026-09-07' },
    });
    expect(f?.title).not.toMatch(/not yet law/);
  });
  it('runs earlier where the LA applies s43 as a local choice, labelled not yet law', () => {
    const early = resolveThresholds([{ key: 'cwsaS43Commenced', value: 1 }], { CWSA_S43: '2026-09-07' });
    const [f] = ruleU2bSenFullTimeCwsa(sen, '2026-09-04', cal, early);
    expect(f).toMatchObject({ proposal: true, evidence: { s43InForce: false } });
    expect(f?.title).toMatch(/not yet law/);
  });
});
