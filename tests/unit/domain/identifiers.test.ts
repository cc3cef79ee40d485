import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  AP_SETTING_TYPES,
  englishLaCodes,
  englishLaName,
  isCurrentEnglishLaCode,
  isEnglishLaCode,
  isRecognisedLaCode,
  temporaryUpnOverdue,
  validateApPlacementIdentifier,
  validateLaestab,
  validateUkprn,
  validateUln,
  validateUrn,
} from '../../../src/domain/identifiers';
import { csvRecords } from '../../../src/domain/referenceData';
import { loadBankHolidays, parseSheffieldTermDatesJson, SchoolCalendar } from '../../../src/domain/calendar';
import { readTestData } from './referenceFiles';

describe('LA codes (rule V3)', () => {
  const english = csvRecords(readTestData('dfeR_EnglishLaNameCodes.csv'));

  it('recognises every English LA code in dfeR_EnglishLaNameCodes.csv, with its name', () => {
    expect(english).toHaveLength(184);
    for (const r of english) {
      const code = r['Get Information about Schools (GIAS) local authority (LA) code'] as string;
      expect(isRecognisedLaCode(code), code).toBe(true);
      expect(isEnglishLaCode(code), code).toBe(true);
      expect(englishLaName(code)).toBe(r['English local authority (LA) name']);
    }
    expect(englishLaCodes()).toHaveLength(184);
  });

  it('names LAs and marks pre-reorganisation codes as not current', () => {
    expect(englishLaName('373')).toBe('Sheffield');
    expect(englishLaName('801')).toBe('Bristol, City of');
    expect(isCurrentEnglishLaCode('942')).toBe(true);
    expect(isCurrentEnglishLaCode('909')).toBe(false); // Pre-LGR 2023 Cumbria
    expect(isCurrentEnglishLaCode('901')).toBe(false); // Pre LGR (1996) Avon
  });

  it('keeps pseudo-LAs and Welsh codes out of the English set', () => {
    expect(isRecognisedLaCode('705')).toBe(true);
    expect(isEnglishLaCode('705')).toBe(false);
    expect(isEnglishLaCode('681')).toBe(false);
    expect(englishLaName('999')).toBeNull();
  });

  it('only accepts exactly three digits', () => {
    for (const code of ['0', '00', '3730', '37 ', '', 'abc']) expect(isRecognisedLaCode(code), code).toBe(false);
  });
});

describe('rule V2: temporary UPN overdue', () => {
  const sheffield = new SchoolCalendar(
    loadBankHolidays(),
    parseSheffieldTermDatesJson(JSON.parse(readTestData('sheffield_la_term_dates_2025_2028.json'))),
  );

  // Issued Mon 1 Dec 2025. School days since: 2–5 Dec (4) + 8–12 Dec (5) + 15–19 Dec (5) = 14,
  // Christmas 20 Dec–4 Jan, then 5–9 Jan (5) = 19, Mon 12 Jan = 20, Tue 13 Jan = 21.
  it('flags only after more than 20 school days, skipping Christmas', () => {
    expect(sheffield.schoolDaysElapsedSince('2025-12-01', '2026-01-09')).toBe(19);
    expect(temporaryUpnOverdue('2025-12-01', '2026-01-12', sheffield)).toBe(false);
    expect(temporaryUpnOverdue('2025-12-01', '2026-01-13', sheffield)).toBe(true);
    expect(temporaryUpnOverdue('2025-12-01', '2026-01-09', sheffield, 18)).toBe(true);
  });
});

describe('rule V5', () => {
  it('URN is 6 digits', () => {
    expect(validateUrn(' 100005 ')).toEqual({ ok: true, urn: '100005' });
    for (const bad of ['10005', '1000050', 'A00005', '', null]) expect(validateUrn(bad).ok, String(bad)).toBe(false);
    const r = validateUrn('10005');
    expect(r.ok ? '' : r.message).toBe('URN invalid (must be 6 digits; got "10005")');
  });

  it('LAESTAB is 7 digits, a recognised LA code then a 4-digit establishment number', () => {
    expect(validateLaestab('3731100')).toEqual({
      ok: true,
      laestab: '3731100',
      laCode: '373',
      establishmentNumber: '1100',
    });
    expect(validateLaestab('3731100', '373').ok).toBe(true);
    for (const bad of ['373/1100', '373110', '37311000', '']) expect(validateLaestab(bad).ok, bad).toBe(false);
    const unknown = validateLaestab('9001234');
    expect(unknown.ok ? '' : unknown.message).toContain('900, not a recognised LA code');
    const other = validateLaestab('8011234', '373');
    expect(other.ok ? '' : other.message).toContain('this school is in LA 373');
  });

  it('UKPRN is 8 digits starting with 1 [U]', () => {
    expect(validateUkprn('10077263')).toEqual({ ok: true, ukprn: '10077263' });
    for (const bad of ['1007726', '100772630', '20077263', '1007726X']) expect(validateUkprn(bad).ok, bad).toBe(false);
  });

  it('AP placement identifier: exactly one of URN, UKPRN or setting type', () => {
    expect(AP_SETTING_TYPES).toEqual(['NFE', 'OOT', 'OTH', 'WBP']);
    expect(validateApPlacementIdentifier({ urn: '100005' })).toEqual({
      ok: true,
      identifier: { kind: 'URN', urn: '100005' },
    });
    expect(validateApPlacementIdentifier({ ukprn: '10077263', urn: '  ' })).toEqual({
      ok: true,
      identifier: { kind: 'UKPRN', ukprn: '10077263' },
    });
    expect(validateApPlacementIdentifier({ settingType: 'oth', urn: null })).toEqual({
      ok: true,
      identifier: { kind: 'SETTING_TYPE', settingType: 'OTH' },
    });
    expect(validateApPlacementIdentifier({}).ok).toBe(false);
    expect(validateApPlacementIdentifier({ urn: '100005', ukprn: '10077263' }).ok).toBe(false);
    expect(validateApPlacementIdentifier({ urn: '100005', settingType: 'NFE' }).ok).toBe(false);
    expect(validateApPlacementIdentifier({ settingType: 'XYZ' }).ok).toBe(false);
    expect(validateApPlacementIdentifier({ urn: '12345' }).ok).toBe(false);
  });
});

describe('rule V6: ULN', () => {
  // 1×10 + 2×9 + 3×8 + 4×7 + 5×6 + 6×5 + 7×4 + 8×3 + 9×2 = 210; 210 mod 11 = 1; check = 10 − 1 = 9.
  it('accepts a correct mod-11 check digit', () => {
    expect(validateUln('1234567899')).toEqual({ ok: true, uln: '1234567899' });
    expect(validateUln('1234567890').ok).toBe(false);
  });

  it('rejects remainder 0 (never issued), wrong length and non-digits', () => {
    for (let last = 0; last <= 9; last++) expect(validateUln(`000000000${last}`).ok).toBe(false);
    for (const bad of ['123456789', '12345678999', '123456789X', '']) expect(validateUln(bad).ok, bad).toBe(false);
  });

  it('exactly one final digit is valid for every prefix with remainder ≠ 0 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (digits) => {
        const r = digits.reduce((s, d, i) => s + d * (10 - i), 0) % 11;
        const valid = [...Array(10).keys()].filter((last) => validateUln(digits.join('') + last).ok);
        expect(valid).toEqual(r === 0 ? [] : [10 - r]);
      }),
    );
  });
});
