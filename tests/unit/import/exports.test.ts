import { describe, expect, it } from 'vitest';
import { csvSafe } from '../../../src/domain/exports/csvSafe';
import { CENSUS_MAPPINGS, censusIdentifier, censusReturner } from '../../../src/domain/exports/censusMapping';

describe('exports: CSV injection and the census mapping', () => {
  it('escapes values a spreadsheet would run as formulas', () => {
    for (const v of ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', '\rx']) expect(csvSafe(v)).toBe(`'${v}`);
    expect(csvSafe('Sam = Example')).toBe('Sam = Example');
  });

  it('every version maps every reason and setting type, and names itself', () => {
    const names = CENSUS_MAPPINGS.map((m) => m.version);
    expect(new Set(names).size).toBe(names.length);
    for (const m of CENSUS_MAPPINGS) {
      expect(Object.keys(m.reasons).sort()).toEqual([
        'AWAITING_SCHOOL_PLACE',
        'BEHAVIOUR_EARLY_INTERVENTION',
        'EHCP_NAMED',
        'HEALTH_NEEDS',
        'OFF_SITE_DIRECTION',
        'OTHER',
        'PERMANENT_EXCLUSION',
        'SUSPENSION_OVER_FIVE_DAYS',
      ]);
      expect(censusIdentifier({ providerUrn: null, providerUkprn: null, settingType: 'NFE' }, m)).toEqual({
        urn: '',
        ukprn: '',
        settingType: 'NFE',
        label: 'Non-maintained further education college',
      });
    }
  });

  it('an LA placement of a pupil not dual registered is the LA’s to return', () => {
    const base = {
      commissionerKind: 'LA' as const,
      commissioningSchool: null,
      homeSchoolOnRoll: { urn: '900001', laestab: '3734001' },
      laCode: '373',
      providerUrn: '900005',
      providerUkprn: null,
      settingType: null,
      reason: 'PERMANENT_EXCLUSION' as const,
    };
    expect(censusReturner({ ...base, registration: 'SINGLE_REGISTERED_AT_AP' }).kind).toBe('LA');
    expect(censusReturner({ ...base, registration: 'DUAL_REGISTERED' })).toMatchObject({
      kind: 'SCHOOL',
      urn: '900001',
    });
  });
});
