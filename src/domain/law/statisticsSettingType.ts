/**
 * The setting types DfE statistics now publish AP placements by (domain.md §10.1: school-arranged AP by
 * placement reason × setting type, 2022/23–2025/26; LA-funded AP 2017/18–2024/25). A placement records
 * exactly one of URN, UKPRN or census setting type (rule V5), and that decides its statistics label.
 * The census code lists for 2026-27 are not confirmed (§10.6 [U]); this mapping says which version it is.
 */

export const SETTING_TYPE_MAPPING_VERSION =
  '2026-12.1: DfE AP statistics setting types (2022/23–2025/26 labels); census setting types NFE, OOT, OTH, WBP';

export const STATISTICS_SETTING_TYPES = [
  'EDUCATION_SETTING_WITH_URN',
  'REGISTERED_PROVIDER_WITH_UKPRN',
  'NON_MAINTAINED_FE_COLLEGE',
  'ONE_ON_ONE_TUITION',
  'OTHER_UNREGISTERED_PROVIDER',
] as const;
export type StatisticsSettingType = (typeof STATISTICS_SETTING_TYPES)[number];

/** The labels as DfE statistics print them. */
export const STATISTICS_SETTING_TYPE_LABELS: Readonly<Record<StatisticsSettingType, string>> = {
  EDUCATION_SETTING_WITH_URN: 'Education setting with URN',
  REGISTERED_PROVIDER_WITH_UKPRN: 'Registered provider with UKPRN',
  NON_MAINTAINED_FE_COLLEGE: 'Non-maintained further education college',
  ONE_ON_ONE_TUITION: 'One on one tuition',
  OTHER_UNREGISTERED_PROVIDER: 'Other unregistered provider',
};

export interface PlacementIdentifiers {
  providerUrn?: string | null;
  providerUkprn?: string | null;
  /** Census AP setting type: NFE, OOT, OTH or WBP. */
  settingType?: string | null;
}

/**
 * The statistics setting type of a placement: a URN first, then a UKPRN, then the census setting type.
 * Work-based placements (WBP) have no statistics label of their own and count as "other unregistered".
 */
export function statisticsSettingType(p: PlacementIdentifiers): StatisticsSettingType {
  if (p.providerUrn) return 'EDUCATION_SETTING_WITH_URN';
  if (p.providerUkprn) return 'REGISTERED_PROVIDER_WITH_UKPRN';
  if (p.settingType === 'NFE') return 'NON_MAINTAINED_FE_COLLEGE';
  if (p.settingType === 'OOT') return 'ONE_ON_ONE_TUITION';
  return 'OTHER_UNREGISTERED_PROVIDER';
}
