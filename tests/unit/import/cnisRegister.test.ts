import { describe, expect, it } from 'vitest';
import { cnisRegisterRow, cnisRollSchool, type CnisPlacementFacts } from '../../../src/domain/exports/cnisRegister';

const HILLSIDE = { schoolId: 's1', urn: '900001', name: 'Hillside', isApSchool: false };
const PRU = { schoolId: 'pru', urn: '900005', name: 'Northside PRU', isApSchool: true };

const facts = (over: Partial<CnisPlacementFacts> = {}): CnisPlacementFacts => ({
  upn: 'A123456789012',
  firstName: 'Amy',
  lastName: 'Ash',
  dateOfBirth: '2011-05-10',
  rolls: [HILLSIDE],
  commissioningSchoolId: null,
  commissionerKind: 'LA',
  legalBasis: 'S19_HEALTH',
  provider: { name: 'Bridge', address: null, kind: 'REGISTERED_INDEPENDENT_SCHOOL', schoolId: null },
  providerUrn: '900006',
  providerUkprn: null,
  settingType: null,
  hoursPerWeek: 32.5,
  startDate: '2026-09-01',
  endDate: null,
  ...over,
});

describe('Children Not in School register rows (CWSA 2026 s38, domain.md §10.3)', () => {
  it('takes the roll of a school other than the provider, preferring the commissioning school', () => {
    expect(cnisRollSchool(facts({ rolls: [PRU, HILLSIDE] }))).toEqual(HILLSIDE);
    expect(
      cnisRollSchool(facts({ rolls: [HILLSIDE, { ...HILLSIDE, schoolId: 's2' }], commissioningSchoolId: 's2' }))
        ?.schoolId,
    ).toBe('s2');
    const atOwnPru = facts({ rolls: [PRU], provider: { ...facts().provider, schoolId: 'pru' } });
    expect(cnisRollSchool(atOwnPru)).toBeNull();
    expect(cnisRegisterRow(atOwnPru, '2026-09-15', '373', 32.5)).toBeNull();
    expect(cnisRegisterRow(facts({ rolls: [] }), '2026-09-15', '373', 32.5)).toBeNull();
  });

  it('leaves out a child past compulsory school age, and marks part-time arrangements', () => {
    expect(cnisRegisterRow(facts({ dateOfBirth: '2010-07-01' }), '2026-09-15', '373', 32.5)).toBeNull();
    const full = cnisRegisterRow(facts(), '2026-09-15', '373', 32.5)!;
    expect(full.slice(8, 11)).toEqual(['S19_PROVISION', 'LA', 'ALL_OF_THE_TIME']);
    const part = cnisRegisterRow(
      facts({ hoursPerWeek: 12, commissionerKind: 'SCHOOL', legalBasis: 'S29A_OFF_SITE_DIRECTION' }),
      '2026-09-15',
      '373',
      32.5,
    )!;
    expect(part.slice(8, 11)).toEqual(['SCHOOL_ARRANGED_AP', 'SCHOOL', 'SOME_OF_THE_TIME']);
    expect(part.at(-1)).toBe('cnis-2026-provisional-1');
  });

  it('writes every column of a row in the field list order, blanks for what is not held', () => {
    const row = cnisRegisterRow(
      facts({
        legalBasis: 'S42_EHC_PLAN',
        provider: { name: 'Bridge', address: '1 Mill Lane, Sheffield', kind: 'UNREGISTERED', schoolId: null },
        providerUrn: null,
        providerUkprn: '10012345',
        hoursPerWeek: 20,
        endDate: '2026-10-23',
      }),
      '2026-09-15',
      '373',
      25,
    )!;
    expect(row.slice(0, 8)).toEqual([
      '2026-09-15',
      '373',
      'A123456789012',
      'Amy',
      'Ash',
      '2011-05-10',
      '900001',
      'Hillside',
    ]);
    expect(row[8]).toBe('EHC_PLAN_PROVISION');
    expect(row[12]).toBe('1 Mill Lane, Sheffield');
    expect(row.slice(15, 20)).toEqual(['', '10012345', '20', '2026-09-01', '2026-10-23']);
    // Held values pass through; the ones not held are empty cells, never a placeholder.
    const open = cnisRegisterRow(facts(), '2026-09-15', '373', 32.5)!;
    expect([open[12], open[15], open[16], open[19]]).toEqual(['', '900006', '', '']);
  });

  it('an arrangement whose legal basis is not in the table follows who arranged it', () => {
    const legacy = (commissionerKind: CnisPlacementFacts['commissionerKind']) =>
      cnisRegisterRow(
        facts({ legalBasis: 'LEGACY_UNKNOWN' as CnisPlacementFacts['legalBasis'], commissionerKind }),
        '2026-09-15',
        '373',
        32.5,
      )![8];
    expect(legacy('SCHOOL')).toBe('SCHOOL_ARRANGED_AP');
    expect(legacy('LA')).toBe('S19_PROVISION');
  });
});
