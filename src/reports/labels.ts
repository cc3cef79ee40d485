import { STATISTICS_SETTING_TYPES, STATISTICS_SETTING_TYPE_LABELS } from '../domain/law/statisticsSettingType';
import {
  ApTier,
  Destination,
  LegalBasis,
  PlacementReason,
  PlacementRegistration,
  ProviderKind,
  SenStatus,
} from '../generated/prisma/enums';

/** Enum values in schema order, so every report lists them the same way (zeros included). */
export const ENUM_KEYS = {
  REASON: Object.values(PlacementReason),
  LEGAL_BASIS: Object.values(LegalBasis),
  TIER: Object.values(ApTier),
  DESTINATION: Object.values(Destination),
  SEN_STATUS: Object.values(SenStatus),
  REGISTRATION: Object.values(PlacementRegistration),
  PROVIDER_KIND: Object.values(ProviderKind),
  EHCP: ['YES', 'NO'],
  LOOKED_AFTER: ['YES', 'NO'],
  FSM: ['YES', 'NO'],
  SEX: ['F', 'M'],
  SETTING_TYPE: STATISTICS_SETTING_TYPES,
} as const satisfies Record<string, readonly string[]>;

const SPECIAL: Record<string, string> = {
  LA: 'Commissioned by the LA',
  NOT_RECORDED: 'Not recorded',
  NOT_SCHOOL_AGE: 'Not of school age',
  R: 'Reception',
  F: 'Female',
  M: 'Male',
  YES: 'Yes',
  NO: 'No',
  EHCP: 'EHC plan',
  SEN_SUPPORT: 'SEN support',
  POST16_EET: 'Post-16 education, employment or training',
  NEET: 'Not in education, employment or training',
  S19_LA_DAY_SIX_PERMANENT_EXCLUSION: 's19: LA day-6 provision after permanent exclusion',
  SCHOOL_DAY_SIX_SUSPENSION: 'School day-6 provision during suspension',
  S29A_OFF_SITE_DIRECTION: 's29A off-site direction',
  S19_HEALTH: 's19: health needs',
  S19_OTHER: 's19: other',
  S42_EHC_PLAN: 's42: named in EHC plan',
  TIER_1_TARGETED_SUPPORT: 'Tier 1: targeted support',
  TIER_2_TIME_LIMITED: 'Tier 2: time-limited placement',
  TIER_3_TRANSITIONAL: 'Tier 3: transitional placement',
  ...STATISTICS_SETTING_TYPE_LABELS,
};

/** A readable label for a key: an organisation's name when given, else a sentence-cased enum value. */
export function labelFor(key: string, names?: ReadonlyMap<string, string>): string {
  const named = names?.get(key);
  if (named) return named;
  if (SPECIAL[key]) return SPECIAL[key];
  const yg = /^Y(\d{1,2})$/.exec(key);
  if (yg) return `Year ${yg[1]}`;
  const s = key.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Year-group keys in school order. */
export const YEAR_GROUP_ORDER = ['R', ...Array.from({ length: 13 }, (_, i) => `Y${i + 1}`), 'NOT_SCHOOL_AGE'];
