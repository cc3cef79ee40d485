import { beforeEach, describe, expect, it } from 'vitest';
import { SchoolCalendar } from '../../../src/domain/calendar';
import { RULES } from '../../../src/domain/flags/catalogue';
import {
  FAIR_SHARE_RULES,
  PLACEMENT_RULES,
  PROVIDER_RULES,
  PUPIL_RULES,
  REFERRAL_RULES,
  evaluateFairShare,
  evaluatePlacement,
  evaluateProvider,
  evaluatePupil,
  evaluateReferral,
  ruleCatalogue,
} from '../../../src/domain/flags/evaluate';
import { PROPOSAL_LABEL } from '../../../src/domain/flags/support';
import { THRESHOLD_TABLE, resolveThresholds } from '../../../src/domain/flags/thresholds';
import type { FlagCandidate, SchoolDays } from '../../../src/domain/flags/types';
import {
  HOME_SCHOOL,
  LA,
  T,
  exclusion,
  placement,
  providerFacts,
  providerPlacement,
  providerSnapshot,
  pupilSnapshot,
  referral,
  reintegration,
  response,
} from './fixtures';
import { cal } from './testCalendar';

const registries = {
  PLACEMENT: PLACEMENT_RULES,
  PROVIDER: PROVIDER_RULES,
  PUPIL: PUPIL_RULES,
  REFERRAL: REFERRAL_RULES,
  FAIR_SHARE: FAIR_SHARE_RULES,
} as const;

describe('rule catalogue', () => {
  it('lists each rule once, and every evaluator runs exactly the rules of its scope', () => {
    const ids = ruleCatalogue.map((r) => r.ruleId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [scope, list] of Object.entries(registries)) {
      expect(list.map((r) => r.ruleId).sort()).toEqual(
        ruleCatalogue
          .filter((r) => r.scope === scope)
          .map((r) => r.ruleId)
          .sort(),
      );
    }
  });

  it('covers the required rules', () => {
    const required = [
      'P2',
      'P3',
      'P4',
      'P5',
      'P7',
      'O1',
      'O2',
      'O3',
      'O3b',
      'O4',
      'O7',
      'O7b',
      'A5',
      'E9',
      'R1',
      'R1-CHECKPOINT',
      'U1',
      'U2',
      'U2b',
      'U3',
      'U5',
      'U6',
      'U7',
      'U9',
      'U10',
      'U11',
      'E2',
      'E3',
      'E4',
      'E8',
      'F1',
      'F2',
      'F5',
      'F6',
      'F7',
      'F8',
      'R4',
      'M3',
      'M5',
      'SEP1',
    ];
    expect(ruleCatalogue.map((r) => r.ruleId).sort()).toEqual([...required].sort());
  });

  it('names only thresholds that exist, and marks U9, U10 and (until commenced) U2b as proposals', () => {
    const keys = new Set(THRESHOLD_TABLE.map((d) => d.key));
    for (const r of ruleCatalogue) for (const k of r.thresholds) expect(keys.has(k)).toBe(true);
    expect(
      ruleCatalogue
        .filter((r) => r.proposal)
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(['U10', 'U2b', 'U9']);
  });
});

/** Snapshots that trip most rules, to check every candidate against the catalogue. */
function everything(t = T): FlagCandidate[] {
  const asOf = '2026-02-02';
  const unreg = providerFacts({
    id: 'provider-u',
    kind: 'UNREGISTERED',
    riskAssessmentDate: null,
    onApprovedList: false,
  });
  const placements = [
    placement({
      plannedEndDate: '2025-12-19',
      hoursPerWeek: 20,
      pupil: { ...placement().pupil, dateOfBirth: '2015-01-01' },
    }),
    placement({
      id: 'p-school',
      commissionerKind: 'SCHOOL',
      commissioningSchoolId: HOME_SCHOOL,
      commissioningSchoolType: 'MAINTAINED',
      legalBasis: 'SCHOOL_COMMISSIONED',
      reason: 'OFF_SITE_DIRECTION',
      laNotifiedOn: null,
      hoursPerWeek: 10,
      plannedEndDate: null,
      homeSchoolEnrolmentEnded: { endDate: '2025-12-01', endReason: 'x', endReasonKind: 'OTHER' },
    }),
    placement({
      id: 'p-unreg',
      provider: unreg,
      providerId: 'provider-u',
      startDate: '2025-01-06',
      plannedEndDate: '2025-03-28',
      daysPerWeek: 5,
    }),
    placement({ id: 'p-unreg-long', provider: unreg, providerId: 'provider-u', plannedEndDate: null, daysPerWeek: 4 }),
  ];
  const cwsa = resolveThresholds([...t.overrides, { key: 'cwsaS43Commenced', value: 1 }]);
  const prov = providerSnapshot(
    Array.from({ length: 5 }, (_, i) =>
      providerPlacement(i + 1, {
        pupil: {
          id: `pupil-${i + 1}`,
          dateOfBirth: '2011-05-10',
          senStatus: i === 0 ? 'EHCP' : 'SEN_SUPPORT',
          lookedAfter: false,
        },
      }),
    ),
    { provider: { ...unreg, laId: LA, name: 'x' } },
  );
  const pupil = pupilSnapshot({
    pupil: { dateOfBirth: '2010-03-15', socialCareStatus: 'CHILD_IN_NEED' },
    placements: [placements[2]!, { ...placements[3]!, startDate: '2026-01-12' }],
    exclusions: [
      exclusion({ kind: 'PERMANENT', startDate: '2026-01-12', schoolDays: null }),
      exclusion({ id: 'e2', startDate: '2026-01-19', schoolDays: 10 }),
    ],
    reintegrations: [reintegration()],
    healthAbsences: [{ startDate: '2026-01-05', endDate: null }],
    enrolments: [
      {
        id: 'e',
        schoolId: HOME_SCHOOL,
        registration: 'SINGLE',
        startDate: '2022-09-01',
        endDate: '2026-01-30',
        endReason: 'EHE',
        endReasonKind: 'ELECTIVE_HOME_EDUCATION',
      },
    ],
  });
  const ref = referral({
    agreedToConsiderOn: '2025-11-03',
    responses: [
      response({ requestedOn: '2026-01-05' }),
      response({
        schoolId: 'school-c',
        schoolType: 'ACADEMY',
        requestedOn: '2026-01-05',
        respondedOn: '2026-01-06',
        outcome: 'REFUSED',
        refusalGrounds: ['SCHOOL_FULL'],
      }),
    ],
  });
  return [
    ...placements.flatMap((p) => evaluatePlacement(p, asOf, cal, t)),
    ...evaluateProvider(prov, asOf, cal, cwsa),
    ...evaluatePupil(pupil, asOf, cal, t),
    ...evaluateReferral(ref, asOf, cal, t),
    ...evaluateFairShare(
      {
        laId: LA,
        academicYear: '2025-26',
        phase: 'SECONDARY',
        schools: [
          { schoolId: 'a', fapAdmissions: 5 },
          { schoolId: 'b', fapAdmissions: 1 },
        ],
      },
      asOf,
      cal,
      t,
    ),
  ];
}

describe('candidates', () => {
  // Computed inside each test, not in the describe body: a value computed while the file loads is computed
  // before Stryker switches a mutant on, so it could never kill one (docs/testing.md, "Mutation testing").
  let all: FlagCandidate[] = [];
  beforeEach(() => {
    all = everything();
  });

  it('exercise most of the catalogue', () => {
    const raised = new Set(all.map((c) => c.ruleId));
    expect(raised.size).toBeGreaterThanOrEqual(28);
  });

  it('carry the catalogue severity, outcome and subject, JSON-safe evidence and a numeric score', () => {
    for (const c of all) {
      const meta = RULES[c.ruleId];
      expect({ id: c.ruleId, severity: c.severity, outcome: c.outcome, subjectType: c.subjectType }).toEqual({
        id: c.ruleId,
        severity: meta.severity,
        outcome: meta.outcome,
        subjectType: meta.subjectType,
      });
      expect(JSON.parse(JSON.stringify(c.evidence))).toEqual(c.evidence);
      expect(Number.isFinite(c.evidenceScore)).toBe(true);
      expect(typeof c.periodKey).toBe('string');
      expect(c.laId).toBe(LA);
    }
  });

  it('label every proposal-derived flag "proposed limit — not yet law", and no other', () => {
    for (const c of all) expect([c.ruleId, c.title.includes(PROPOSAL_LABEL)]).toEqual([c.ruleId, c.proposal]);
    expect(
      all
        .filter((c) => c.proposal)
        .map((c) => c.ruleId)
        .sort(),
    ).toEqual(['U10', 'U2b', 'U9']);
  });

  it('are unique per (rule, subject, period) — the Flag table key', () => {
    const keys = all.map((c) => `${c.ruleId}|${c.subjectType}|${c.subjectId}|${c.periodKey}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('stamp the config version, with LA overrides named', () => {
    expect(
      new Set(all.filter((c) => c.ruleId !== 'U2b' && c.subjectType !== 'PROVIDER').map((c) => c.configVersion)),
    ).toEqual(new Set([T.configVersion]));
    const t = resolveThresholds([{ key: 'tier2LimitSchoolDays', value: 50 }]);
    expect(everything(t)[0]?.configVersion).toBe(t.configVersion);
  });

  it('are deterministic and leave the snapshot untouched', () => {
    const p = placement({ plannedEndDate: '2025-10-01' });
    const before = JSON.stringify(p);
    expect(evaluatePlacement(p, '2025-12-01', cal, T)).toEqual(evaluatePlacement(p, '2025-12-01', cal, T));
    expect(JSON.stringify(p)).toBe(before);
  });

  it('raise nothing for an unremarkable full-time placement', () => {
    expect(evaluatePlacement(placement(), '2025-09-10', cal, T)).toEqual([]);
  });
});

describe('with the real SchoolCalendar', () => {
  it('satisfies the engine calendar contract', () => {
    const real: SchoolDays = new SchoolCalendar({ isBankHoliday: () => false });
    // Whatever the default term pattern, a placement open past its planned end is flagged.
    expect(
      evaluatePlacement(placement({ plannedEndDate: '2025-10-01' }), '2025-10-02', real, T).map((c) => c.ruleId),
    ).toContain('P3');
  });
});
