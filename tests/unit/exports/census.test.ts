import { describe, expect, it } from 'vitest';
import {
  CURRENT_CENSUS_MAPPING as M,
  censusIdentifier,
  censusReturner,
  type CensusPlacementFacts,
} from '../../../src/domain/exports/censusMapping';

/** Who returns a placement in the census, and how it is identified (domain.md §10.6). */
describe('census AP placement items (§10.6)', () => {
  const placement = (over: Partial<CensusPlacementFacts>): CensusPlacementFacts => ({
    commissionerKind: 'LA',
    commissioningSchool: null,
    registration: 'SINGLE_REGISTERED_AT_AP',
    homeSchoolOnRoll: null,
    laCode: '373',
    providerUrn: '900005',
    providerUkprn: null,
    settingType: null,
    reason: 'OFF_SITE_DIRECTION',
    ...over,
  });
  const commissioner = { urn: '900002', laestab: '3734002' };
  const home = { urn: '900001', laestab: '3734001' };

  it('a school-arranged placement is returned by the commissioning school, even for a dual-registered pupil', () => {
    expect(
      censusReturner(
        placement({
          commissionerKind: 'SCHOOL',
          commissioningSchool: commissioner,
          registration: 'DUAL_REGISTERED',
          homeSchoolOnRoll: home,
        }),
      ),
    ).toEqual({ kind: 'SCHOOL', laestab: '3734002', urn: '900002', laCode: '373' });
    expect(censusReturner(placement({ commissionerKind: 'SCHOOL', commissioningSchool: commissioner }))).toEqual({
      kind: 'SCHOOL',
      laestab: '3734002',
      urn: '900002',
      laCode: '373',
    });
  });

  it('an LA-arranged placement is never the commissioning school’s, even when one is recorded', () => {
    expect(censusReturner(placement({ commissionerKind: 'LA', commissioningSchool: commissioner }))).toEqual({
      kind: 'LA',
      laestab: null,
      urn: null,
      laCode: '373',
    });
    expect(
      censusReturner(
        placement({
          commissionerKind: 'LA',
          commissioningSchool: commissioner,
          registration: 'DUAL_REGISTERED',
          homeSchoolOnRoll: home,
        }),
      ),
    ).toEqual({ kind: 'SCHOOL', laestab: '3734001', urn: '900001', laCode: '373' });
  });

  it('a school-arranged placement with no school on record falls to the LA', () => {
    expect(censusReturner(placement({ commissionerKind: 'SCHOOL', commissioningSchool: null })).kind).toBe('LA');
  });

  it('exactly one identifier: URN first, then UKPRN, then the setting type (OTH when none)', () => {
    expect(censusIdentifier({ providerUrn: '900005', providerUkprn: '10012345', settingType: 'OOT' }, M)).toEqual({
      urn: '900005',
      ukprn: '',
      settingType: '',
      label: 'Education setting with URN',
    });
    expect(censusIdentifier({ providerUrn: null, providerUkprn: '10012345', settingType: 'OOT' }, M)).toEqual({
      urn: '',
      ukprn: '10012345',
      settingType: '',
      label: 'Registered provider with UKPRN',
    });
    expect(censusIdentifier({ providerUrn: null, providerUkprn: null, settingType: 'OOT' }, M)).toEqual({
      urn: '',
      ukprn: '',
      settingType: 'OOT',
      label: 'One on one tuition',
    });
    expect(censusIdentifier({ providerUrn: null, providerUkprn: null, settingType: null }, M)).toEqual({
      urn: '',
      ukprn: '',
      settingType: 'OTH',
      label: 'Other unregistered provider',
    });
  });
});
