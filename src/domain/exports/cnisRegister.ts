import type { IsoDate } from '../dates';
import { isCompulsorySchoolAge } from '../academicYear';
import { CURRENT_CENSUS_MAPPING, censusIdentifier } from './censusMapping';

/**
 * The Children Not in School register, limb (b) (Children's Wellbeing and Schools Act 2026 s38, new EA 1996
 * ss436B–G; domain.md §10.3): a child of compulsory school age on a school roll whose school has arranged or
 * agreed education elsewhere for some or all of the time. The tracker holds this for AP: every placement open
 * on the date of a child on some other school's roll is one register row, with the provider's name, address,
 * type and the estimated hours a week there.
 *
 * The regulations that prescribe the register's content are not made, so the field list is the Bill's
 * (as amended in Jan 2026) and is PROVISIONAL: its version is named in every row and in the answer. A
 * confirmed list is added as a new version beside this one, never edited in place.
 */
export const CNIS_FIELD_LIST = {
  version: 'cnis-2026-provisional-1',
  status: 'PROVISIONAL',
} as const;

export const CNIS_COLUMNS = [
  'RegisterDate',
  'LA',
  'UPN',
  'FirstName',
  'LastName',
  'DateOfBirth',
  'RollSchoolURN',
  'RollSchoolName',
  'Arrangement',
  'ArrangedBy',
  'TimeElsewhere',
  'ProviderName',
  'ProviderAddress',
  'ProviderType',
  'ProviderSettingType',
  'ProviderURN',
  'ProviderUKPRN',
  'EstimatedHoursPerWeek',
  'ArrangementStartDate',
  'ArrangementEndDate',
  'FieldListVersion',
] as const;

/** Why the child is educated elsewhere: who arranged it, under which power. */
export type CnisArrangement = 'SCHOOL_ARRANGED_AP' | 'S19_PROVISION' | 'EHC_PLAN_PROVISION';

const ARRANGEMENT_BY_BASIS: Record<string, CnisArrangement> = {
  SCHOOL_COMMISSIONED: 'SCHOOL_ARRANGED_AP',
  SCHOOL_DAY_SIX_SUSPENSION: 'SCHOOL_ARRANGED_AP',
  S29A_OFF_SITE_DIRECTION: 'SCHOOL_ARRANGED_AP',
  S19_LA_DAY_SIX_PERMANENT_EXCLUSION: 'S19_PROVISION',
  S19_HEALTH: 'S19_PROVISION',
  S19_OTHER: 'S19_PROVISION',
  S42_EHC_PLAN: 'EHC_PLAN_PROVISION',
};

const PROVIDER_TYPE: Record<CnisProvider['kind'], string> = {
  REGISTERED_SCHOOL: 'State-funded AP school',
  REGISTERED_INDEPENDENT_SCHOOL: 'Registered independent school',
  UNREGISTERED: 'Unregistered provider',
};

export interface CnisRollSchool {
  schoolId: string;
  urn: string;
  name: string;
  /** PRU, AP academy or AP free school. */
  isApSchool: boolean;
}

export interface CnisProvider {
  name: string;
  address: string | null;
  kind: 'REGISTERED_SCHOOL' | 'REGISTERED_INDEPENDENT_SCHOOL' | 'UNREGISTERED';
  /** The school record of a state-funded AP school. */
  schoolId: string | null;
}

export interface CnisPlacementFacts {
  upn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: IsoDate;
  /** The schools whose roll the child is on on the date. */
  rolls: readonly CnisRollSchool[];
  commissioningSchoolId: string | null;
  commissionerKind: 'SCHOOL' | 'LA';
  legalBasis: string;
  provider: CnisProvider;
  providerUrn: string | null;
  providerUkprn: string | null;
  settingType: string | null;
  hoursPerWeek: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/**
 * The school whose roll makes the child a register child: the commissioning school when the child is on its
 * roll, else a mainstream or special school, else an AP school other than the provider. None when the only
 * roll is the provider's own (the child is educated at their school, not elsewhere) or the child is on no roll
 * (limb (a), which the tracker does not hold).
 */
export function cnisRollSchool(p: CnisPlacementFacts): CnisRollSchool | null {
  const elsewhere = p.rolls.filter((r) => r.schoolId !== p.provider.schoolId);
  return (
    elsewhere.find((r) => r.schoolId === p.commissioningSchoolId) ??
    elsewhere.find((r) => !r.isApSchool) ??
    elsewhere[0] ??
    null
  );
}

/** One register row for a placement open on `date`, or null when the child is not a register child. */
export function cnisRegisterRow(
  p: CnisPlacementFacts,
  date: IsoDate,
  laCode: string,
  fullTimeHoursPerWeek: number,
): string[] | null {
  if (!isCompulsorySchoolAge(p.dateOfBirth, date)) return null;
  const roll = cnisRollSchool(p);
  if (!roll) return null;
  const id = censusIdentifier(p, CURRENT_CENSUS_MAPPING);
  return [
    date,
    laCode,
    p.upn,
    p.firstName,
    p.lastName,
    p.dateOfBirth,
    roll.urn,
    roll.name,
    ARRANGEMENT_BY_BASIS[p.legalBasis] ?? (p.commissionerKind === 'SCHOOL' ? 'SCHOOL_ARRANGED_AP' : 'S19_PROVISION'),
    p.commissionerKind,
    p.hoursPerWeek >= fullTimeHoursPerWeek ? 'ALL_OF_THE_TIME' : 'SOME_OF_THE_TIME',
    p.provider.name,
    p.provider.address ?? '',
    PROVIDER_TYPE[p.provider.kind],
    id.label,
    p.providerUrn ?? '',
    p.providerUkprn ?? '',
    String(p.hoursPerWeek),
    p.startDate,
    p.endDate ?? '',
    CNIS_FIELD_LIST.version,
  ];
}
