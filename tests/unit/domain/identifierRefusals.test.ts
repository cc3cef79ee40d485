import { describe, expect, it } from 'vitest';
import {
  AP_SETTING_TYPE_LABELS,
  isApSettingType,
  validateApPlacementIdentifier,
  validateLaestab,
  validateNhsNumber,
  validateUkprn,
  validateUln,
  validateUrn,
} from '../../../src/domain/identifiers';

/** The refusals of rules V5 and V6 are shown to a clerk as they are: each one word for word. */
const message = (r: { ok: boolean; message?: string }) => (r.ok ? 'ok' : r.message);

describe('rule V5: identifier refusals a clerk reads', () => {
  it('URN: 6 digits, naming what was typed (nothing when blank or absent)', () => {
    expect(message(validateUrn('1000050'))).toBe('URN invalid (must be 6 digits; got "1000050")');
    expect(message(validateUrn('  '))).toBe('URN invalid (must be 6 digits)');
    expect(message(validateUrn(null))).toBe('URN invalid (must be 6 digits)');
    expect(message(validateUrn(undefined))).toBe('URN invalid (must be 6 digits)');
  });

  it('LAESTAB: 7 digits, a recognised LA code, the expected LA when one is given', () => {
    const format =
      'LAESTAB invalid (must be 7 digits: the 3-digit LA code then the 4-digit establishment number, no slash)';
    expect(message(validateLaestab('373/1100'))).toBe(format);
    expect(message(validateLaestab(null))).toBe(format);
    expect(message(validateLaestab('9001234'))).toBe('LAESTAB invalid (digits 1-3, 900, not a recognised LA code)');
    expect(message(validateLaestab('8011234', '373'))).toBe(
      'LAESTAB invalid (starts with LA code 801, but this school is in LA 373)',
    );
    expect(validateLaestab(' 8011234 ', '801')).toEqual({
      ok: true,
      laestab: '8011234',
      laCode: '801',
      establishmentNumber: '1234',
    });
  });

  it('UKPRN: 8 digits, starting with 1', () => {
    expect(message(validateUkprn('1007726'))).toBe('UKPRN invalid (must be 8 digits; got "1007726")');
    expect(message(validateUkprn(undefined))).toBe('UKPRN invalid (must be 8 digits)');
    expect(message(validateUkprn('20077263'))).toBe('UKPRN invalid (UK provider reference numbers start with 1)');
    expect(validateUkprn(' 10077263 ')).toEqual({ ok: true, ukprn: '10077263' });
  });

  it('an AP placement identifier: none, more than one, or a bad one, each with its own words', () => {
    expect(message(validateApPlacementIdentifier({ urn: ' ', ukprn: '', settingType: null }))).toBe(
      'Give the provider’s URN, or its UKPRN if it has no URN, or else its AP setting type (NFE, OOT, OTH or WBP)',
    );
    const onlyOne =
      'Give only one of URN, UKPRN or AP setting type: use the URN if there is one, otherwise the UKPRN, otherwise the setting type';
    expect(message(validateApPlacementIdentifier({ ukprn: '10077263', settingType: 'nfe' }))).toBe(onlyOne);
    expect(message(validateApPlacementIdentifier({ urn: '100005', ukprn: '10077263', settingType: 'NFE' }))).toBe(
      onlyOne,
    );
    expect(message(validateApPlacementIdentifier({ urn: '12345' }))).toBe(
      'URN invalid (must be 6 digits; got "12345")',
    );
    expect(message(validateApPlacementIdentifier({ ukprn: '2007726' }))).toBe(
      'UKPRN invalid (must be 8 digits; got "2007726")',
    );
    expect(message(validateApPlacementIdentifier({ settingType: ' farm ' }))).toBe(
      'The AP setting type must be NFE, OOT, OTH or WBP',
    );
    expect(validateApPlacementIdentifier({ urn: ' 100005 ', ukprn: ' ' })).toEqual({
      ok: true,
      identifier: { kind: 'URN', urn: '100005' },
    });
    expect(validateApPlacementIdentifier({ settingType: ' wbp ' })).toEqual({
      ok: true,
      identifier: { kind: 'SETTING_TYPE', settingType: 'WBP' },
    });
  });

  it('the four AP census setting types, and nothing else', () => {
    for (const t of ['NFE', 'OOT', 'OTH', 'WBP']) expect(isApSettingType(t), t).toBe(true);
    for (const t of ['nfe', 'XYZ', '', 'NFEX']) expect(isApSettingType(t), t).toBe(false);
    expect(Object.keys(AP_SETTING_TYPE_LABELS)).toEqual(['NFE', 'OOT', 'OTH', 'WBP']);
  });
});

describe('rule V6: ULN refusals', () => {
  it('names a wrong length or a non-digit, and a check digit that does not match', () => {
    expect(message(validateUln('123456789'))).toBe('ULN invalid (must be 10 digits; got "123456789")');
    expect(message(validateUln(null))).toBe('ULN invalid (must be 10 digits)');
    expect(message(validateUln('1234567890'))).toBe(
      'ULN invalid (check digit does not match; re-key it from the Learning Records Service)',
    );
    // 9×10 + 9×9 + … + 9×2 = 9 × 54 = 486; 486 mod 11 = 2; check = 10 − 2 = 8.
    expect(validateUln(' 9999999998 ')).toEqual({ ok: true, uln: '9999999998' });
    expect(validateUln('9999999999').ok).toBe(false);
  });
});

describe('NHS number (CWSA 2026 s4, domain.md §10.3)', () => {
  it('ignores the printed spacing and hyphens, and checks the modulus-11 digit', () => {
    // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; check = 11 − 2 = 9.
    expect(validateNhsNumber('943 476 5919')).toEqual({ ok: true, nhsNumber: '9434765919' });
    expect(validateNhsNumber('943-476-5919')).toEqual({ ok: true, nhsNumber: '9434765919' });
    expect(message(validateNhsNumber('9434765918'))).toBe(
      'This NHS number fails its check digit: check it against the NHS record',
    );
    expect(message(validateNhsNumber('943476591'))).toBe('An NHS number has 10 digits (for example 943 476 5919)');
    expect(message(validateNhsNumber(null))).toBe('An NHS number has 10 digits (for example 943 476 5919)');
    // 0×10 + … + 0×3 + 1×2 = 2 → check 9: 0000000019. Sum 0 → 11 − 0 = 11, read as 0: 0000000000.
    expect(validateNhsNumber('0000000019').ok).toBe(true);
    expect(validateNhsNumber('0000000000').ok).toBe(true);
    expect(validateNhsNumber('0000000011').ok).toBe(false);
    // 5 in place 9: 5×2 = 10 → check 11 − 10 = 1, so 0000000051. 6 in place 9: 6×2 = 12, 12 mod 11 = 1,
    // check 11 − 1 = 10: no final digit makes 000000006x valid.
    expect(validateNhsNumber('0000000051').ok).toBe(true);
    for (let last = 0; last <= 9; last++) expect(validateNhsNumber(`000000006${last}`).ok).toBe(false);
  });
});
