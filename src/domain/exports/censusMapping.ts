import type { PlacementReason } from '../enums';

/**
 * The census AP placement items (domain.md §10.6, §7.2): exactly one of URN, UKPRN or AP setting type, and the
 * primary reason for placement. The 2026-27 code lists are not confirmed [U], so the mapping from our enums
 * to census reason codes and to the statistics' setting-type labels is versioned and every export names the
 * version it follows. A new version is added beside this one (never edited in place), with its own name.
 */
export interface CensusMapping {
  version: string;
  status: 'PROVISIONAL' | 'CONFIRMED';
  /** Our placement reason → the census primary-reason code of this version. */
  reasons: Record<PlacementReason, string>;
  /** How the placement is identified → the label used by the DfE statistics (explore-education-statistics). */
  settingTypeLabels: { URN: string; UKPRN: string; NFE: string; OOT: string; OTH: string; WBP: string };
}

export const CENSUS_MAPPINGS: readonly CensusMapping[] = [
  {
    version: 'census-ap-2026-27-provisional-1',
    status: 'PROVISIONAL',
    reasons: {
      PERMANENT_EXCLUSION: 'PEX',
      SUSPENSION_OVER_FIVE_DAYS: 'SUS',
      OFF_SITE_DIRECTION: 'OSD',
      BEHAVIOUR_EARLY_INTERVENTION: 'BEH',
      HEALTH_NEEDS: 'HEA',
      AWAITING_SCHOOL_PLACE: 'AWP',
      EHCP_NAMED: 'EHC',
      OTHER: 'OTH',
    },
    settingTypeLabels: {
      URN: 'Education setting with URN',
      UKPRN: 'Registered provider with UKPRN',
      NFE: 'Non-maintained further education college',
      OOT: 'One on one tuition',
      OTH: 'Other unregistered provider',
      WBP: 'Other unregistered provider',
    },
  },
];

export const CURRENT_CENSUS_MAPPING = CENSUS_MAPPINGS[CENSUS_MAPPINGS.length - 1]!;

export interface CensusPlacementFacts {
  commissionerKind: 'SCHOOL' | 'LA';
  commissioningSchool: { urn: string; laestab: string } | null;
  registration: 'DUAL_REGISTERED' | 'SINGLE_REGISTERED_AT_AP' | 'HOME_SCHOOL_ONLY';
  /** The mainstream (non-AP) school the pupil is on the roll of on the census date, if any. */
  homeSchoolOnRoll: { urn: string; laestab: string } | null;
  laCode: string;
  providerUrn: string | null;
  providerUkprn: string | null;
  settingType: string | null;
  reason: PlacementReason;
}

export interface CensusReturner {
  kind: 'SCHOOL' | 'LA';
  laestab: string | null;
  urn: string | null;
  laCode: string;
}

/**
 * Who returns a placement (§10.6): a school-arranged placement is returned by the commissioning school; an
 * LA-arranged placement of a dual-registered pupil by the mainstream school whose roll the pupil is on; any
 * other LA-arranged placement by the LA.
 */
export function censusReturner(p: CensusPlacementFacts): CensusReturner {
  if (p.commissionerKind === 'SCHOOL' && p.commissioningSchool)
    return { kind: 'SCHOOL', laestab: p.commissioningSchool.laestab, urn: p.commissioningSchool.urn, laCode: p.laCode };
  if (p.registration === 'DUAL_REGISTERED' && p.homeSchoolOnRoll)
    return { kind: 'SCHOOL', laestab: p.homeSchoolOnRoll.laestab, urn: p.homeSchoolOnRoll.urn, laCode: p.laCode };
  return { kind: 'LA', laestab: null, urn: null, laCode: p.laCode };
}

/** Exactly one identifier (URN, else UKPRN, else setting type: rule V5 already holds one) and its label. */
export function censusIdentifier(
  p: Pick<CensusPlacementFacts, 'providerUrn' | 'providerUkprn' | 'settingType'>,
  m: CensusMapping,
): { urn: string; ukprn: string; settingType: string; label: string } {
  if (p.providerUrn) return { urn: p.providerUrn, ukprn: '', settingType: '', label: m.settingTypeLabels.URN };
  if (p.providerUkprn) return { urn: '', ukprn: p.providerUkprn, settingType: '', label: m.settingTypeLabels.UKPRN };
  const st = (p.settingType ?? 'OTH') as keyof CensusMapping['settingTypeLabels'];
  return { urn: '', ukprn: '', settingType: st, label: m.settingTypeLabels[st] ?? m.settingTypeLabels.OTH };
}
