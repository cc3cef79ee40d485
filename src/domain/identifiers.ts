/**
 * Identifier rules V1–V6 (domain.md §7.1, §7.2, §9.1, Appendix B). Validators never throw: they
 * return a result whose `message` can be shown to a clerk as is.
 */
import type { IsoDate } from './dates';
import { isRecognisedLaCode } from './laCodes';

export { englishLaCodes, englishLaName, isCurrentEnglishLaCode, isEnglishLaCode, isRecognisedLaCode } from './laCodes';

/** UPN check-letter alphabet: 23 letters, no I, O or S; index = value. */
export const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export type UpnFailure =
  'missing' | 'unknown_upn_code' | 'length' | 'characters_5_12' | 'character_13' | 'check_letter' | 'la_code';

export type UpnResult =
  | { ok: true; upn: string; temporary: boolean; laCode: string }
  | {
      ok: false;
      /** The first failure in UPN_CHECK_ORDER. */
      failure: UpnFailure;
      /** Every failure found, in UPN_CHECK_ORDER (DfE validators report them all). */
      failures: UpnFailure[];
      /** V3 for la_code, otherwise V1. */
      rule: 'V1' | 'V3';
      message: string;
    };

/**
 * Order in which failures are reported. Structure comes before the check letter because the letter
 * cannot be computed when characters 2-13 are malformed (e.g. G80120000101S reports character 13).
 * The check letter comes before the LA code: a mistyped UPN usually fails both, and "wrong check
 * letter" tells the clerk to re-key it rather than query the issuing LA.
 */
export const UPN_CHECK_ORDER: readonly UpnFailure[] = [
  'missing',
  'unknown_upn_code',
  'length',
  'characters_5_12',
  'character_13',
  'check_letter',
  'la_code',
];

const UPN_MESSAGES: Record<Exclude<UpnFailure, 'length' | 'unknown_upn_code'>, string> = {
  missing: 'UPN is missing',
  characters_5_12: 'UPN invalid (characters 5-12 not all numeric)',
  character_13: 'UPN invalid (character 13 not a recognised value)',
  check_letter: 'UPN invalid (wrong check letter at character 1)',
  la_code: 'UPN invalid (characters 2-4 not a recognised LA code)',
};

const DIGITS = /^\d+$/;

function isChar13(c: string): boolean {
  return /^\d$/.test(c) || (c.length === 1 && UPN_ALPHABET.includes(c));
}

/**
 * Rule V1 check letter for characters 2-13: Σ value × position (2..13) mod 23, as a letter.
 * Throws RangeError unless rest12 is 11 digits then a digit or alphabet letter.
 */
export function upnCheckLetter(rest12: string): string {
  if (rest12.length !== 12 || !DIGITS.test(rest12.slice(0, 11)) || !isChar13(rest12[11] ?? ''))
    throw new RangeError(`Cannot compute a UPN check letter for "${rest12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = rest12[i] as string;
    const value = c >= '0' && c <= '9' ? Number(c) : UPN_ALPHABET.indexOf(c);
    sum += value * (i + 2);
  }
  return UPN_ALPHABET[sum % 23] as string;
}

/** UN1–UN5: "UPN unknown" reason codes used in looked-after-children returns instead of a UPN. */
export function isUnknownUpnCode(raw: string): boolean {
  return /^UN[1-5]$/.test(raw.trim().toUpperCase());
}

/** Rules V1 and V3. Input is trimmed and upper-cased ('g80120000101a ' is accepted). */
export function validateUpn(raw: string | null | undefined): UpnResult {
  const upn = (raw ?? '').trim().toUpperCase();
  if (upn === '') return fail(['missing'], UPN_MESSAGES.missing);
  if (isUnknownUpnCode(upn))
    return fail(
      ['unknown_upn_code'],
      `${upn} is a "UPN unknown" reason code, not a UPN; record the pupil's UPN once it is known`,
    );
  if (upn.length !== 13) return fail(['length'], `UPN invalid (must be 13 characters; this has ${upn.length})`);

  const failures: UpnFailure[] = [];
  const laCode = upn.slice(1, 4);
  const digits2to4 = DIGITS.test(laCode);
  if (!DIGITS.test(upn.slice(4, 12))) failures.push('characters_5_12');
  if (!isChar13(upn[12] as string)) failures.push('character_13');
  const computable = failures.length === 0 && digits2to4;
  if (!UPN_ALPHABET.includes(upn[0] as string) || (computable && upnCheckLetter(upn.slice(1)) !== upn[0]))
    failures.push('check_letter');
  if (!digits2to4 || !isRecognisedLaCode(laCode)) failures.push('la_code');

  if (failures.length === 0) return { ok: true, upn, temporary: !/\d/.test(upn[12] as string), laCode };
  const first = failures[0] as Exclude<UpnFailure, 'length' | 'unknown_upn_code' | 'missing'>;
  return fail(failures, UPN_MESSAGES[first]);
}

function fail(failures: UpnFailure[], message: string): UpnResult {
  const failure = failures[0] as UpnFailure;
  return { ok: false, failure, failures, rule: failure === 'la_code' ? 'V3' : 'V1', message };
}

/** What rule V2 needs from a school calendar. */
export interface ElapsedSchoolDays {
  schoolDaysElapsedSince(start: IsoDate, today: IsoDate): number;
}

/**
 * Rule V2 (MED): a temporary UPN still in use more than `thresholdSchoolDays` school days after
 * it was issued. The threshold is a design default [D]; DfE only says "an interim measure".
 */
export function temporaryUpnOverdue(
  issuedOn: IsoDate,
  today: IsoDate,
  calendar: ElapsedSchoolDays,
  thresholdSchoolDays = 20,
): boolean {
  return calendar.schoolDaysElapsedSince(issuedOn, today) > thresholdSchoolDays;
}

export type IdResult<T extends object> = ({ ok: true } & T) | { ok: false; message: string };

/** Rule V5: GIAS URN, 6 digits. */
export function validateUrn(raw: string | null | undefined): IdResult<{ urn: string }> {
  const urn = (raw ?? '').trim();
  if (!/^\d{6}$/.test(urn))
    return { ok: false, message: `URN invalid (must be 6 digits${urn ? `; got "${urn}"` : ''})` };
  return { ok: true, urn };
}

/**
 * Rule V5: LAESTAB, 7 digits = LA code (3) + establishment number (4), written without the slash.
 * The LA part must be a recognised code and, when given, the expected LA's code.
 */
export function validateLaestab(
  raw: string | null | undefined,
  expectedLaCode?: string,
): IdResult<{ laestab: string; laCode: string; establishmentNumber: string }> {
  const laestab = (raw ?? '').trim();
  if (!/^\d{7}$/.test(laestab))
    return {
      ok: false,
      message:
        'LAESTAB invalid (must be 7 digits: the 3-digit LA code then the 4-digit establishment number, no slash)',
    };
  const laCode = laestab.slice(0, 3);
  if (!isRecognisedLaCode(laCode))
    return { ok: false, message: `LAESTAB invalid (digits 1-3, ${laCode}, not a recognised LA code)` };
  if (expectedLaCode !== undefined && laCode !== expectedLaCode)
    return {
      ok: false,
      message: `LAESTAB invalid (starts with LA code ${laCode}, but this school is in LA ${expectedLaCode})`,
    };
  return { ok: true, laestab, laCode, establishmentNumber: laestab.slice(3) };
}

/** Rule V5: UKPRN, 8 digits. */
export function validateUkprn(raw: string | null | undefined): IdResult<{ ukprn: string }> {
  const ukprn = (raw ?? '').trim();
  if (!/^\d{8}$/.test(ukprn))
    return { ok: false, message: `UKPRN invalid (must be 8 digits${ukprn ? `; got "${ukprn}"` : ''})` };
  // [U] "starts with 1" is unconfirmed (domain.md §7.2); every issued UKPRN seen so far does.
  if (ukprn[0] !== '1') return { ok: false, message: 'UKPRN invalid (UK provider reference numbers start with 1)' };
  return { ok: true, ukprn };
}

/** AP census setting types, recorded only when the provider has neither URN nor UKPRN. */
export const AP_SETTING_TYPES = ['NFE', 'OOT', 'OTH', 'WBP'] as const;
export type ApSettingType = (typeof AP_SETTING_TYPES)[number];

export const AP_SETTING_TYPE_LABELS: Record<ApSettingType, string> = {
  NFE: 'Non-maintained further education provision',
  OOT: 'One-on-one tuition',
  OTH: 'Other unregistered provider',
  WBP: 'Work-based placement',
};

export function isApSettingType(value: string): value is ApSettingType {
  return (AP_SETTING_TYPES as readonly string[]).includes(value);
}

export interface ApPlacementIdentifierInput {
  urn?: string | null;
  ukprn?: string | null;
  settingType?: string | null;
}

export type ApPlacementIdentifier =
  | { kind: 'URN'; urn: string }
  | { kind: 'UKPRN'; ukprn: string }
  | { kind: 'SETTING_TYPE'; settingType: ApSettingType };

/** Rule V5: an AP placement records exactly one of URN, UKPRN or AP setting type. */
export function validateApPlacementIdentifier(
  input: ApPlacementIdentifierInput,
): IdResult<{ identifier: ApPlacementIdentifier }> {
  const urn = input.urn?.trim() || null;
  const ukprn = input.ukprn?.trim() || null;
  const settingType = input.settingType?.trim().toUpperCase() || null;
  const given = [urn, ukprn, settingType].filter((v) => v !== null).length;
  if (given !== 1)
    return {
      ok: false,
      message:
        given === 0
          ? 'Give the provider’s URN, or its UKPRN if it has no URN, or else its AP setting type (NFE, OOT, OTH or WBP)'
          : 'Give only one of URN, UKPRN or AP setting type: use the URN if there is one, otherwise the UKPRN, otherwise the setting type',
    };
  if (urn !== null) {
    const r = validateUrn(urn);
    return r.ok ? { ok: true, identifier: { kind: 'URN', urn: r.urn } } : r;
  }
  if (ukprn !== null) {
    const r = validateUkprn(ukprn);
    return r.ok ? { ok: true, identifier: { kind: 'UKPRN', ukprn: r.ukprn } } : r;
  }
  if (settingType !== null && isApSettingType(settingType))
    return { ok: true, identifier: { kind: 'SETTING_TYPE', settingType } };
  return { ok: false, message: 'The AP setting type must be NFE, OOT, OTH or WBP' };
}

/**
 * Rule V6: ULN, 10 digits with a mod-11 check digit: r = Σ d[i] × (10 − i) for i = 0..8, mod 11;
 * r = 0 is never issued; otherwise digit 10 must be 10 − r. [C-sec] third-party algorithm.
 */
export function validateUln(raw: string | null | undefined): IdResult<{ uln: string }> {
  const uln = (raw ?? '').trim();
  if (!/^\d{10}$/.test(uln))
    return { ok: false, message: `ULN invalid (must be 10 digits${uln ? `; got "${uln}"` : ''})` };
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(uln[i]) * (10 - i);
  const r = sum % 11;
  if (r === 0 || 10 - r !== Number(uln[9]))
    return {
      ok: false,
      message: 'ULN invalid (check digit does not match; re-key it from the Learning Records Service)',
    };
  return { ok: true, uln };
}

/**
 * NHS number (domain.md §10.3: CWSA 2026 s4 makes it the consistent child identifier; not yet in
 * force, so optional): 10 digits, the last a modulus-11 check digit. Weights 10 down to 2 on digits
 * 1–9; check = 11 − (sum mod 11), with 11 read as 0, and 10 meaning the number cannot be valid.
 * Spaces (the printed 3-3-4 grouping) and hyphens are ignored.
 */
export function validateNhsNumber(raw: string | null | undefined): IdResult<{ nhsNumber: string }> {
  const nhsNumber = (raw ?? '').replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(nhsNumber))
    return { ok: false, message: 'An NHS number has 10 digits (for example 943 476 5919)' };
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nhsNumber[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10 || (check === 11 ? 0 : check) !== Number(nhsNumber[9]))
    return { ok: false, message: 'This NHS number fails its check digit: check it against the NHS record' };
  return { ok: true, nhsNumber };
}
