import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  UPN_ALPHABET,
  UPN_CHECK_ORDER,
  upnCheckLetter,
  validateUpn,
  type UpnFailure,
} from '../../../src/domain/identifiers';
import { csvRecords } from '../../../src/domain/referenceData';
import { BUNDLED_DIR, BUNDLED_FILES, SHARED_DIR, readTestData, sharedDataPresent } from './referenceFiles';

const vectors = csvRecords(readTestData('upn_test_vectors.csv'));

// The file's names for checks → ours.
const CHECK_NAMES: Record<string, UpnFailure> = {
  check_letter: 'check_letter',
  la_code: 'la_code',
  char13: 'character_13',
  chars5to12_numeric: 'characters_5_12',
};

/**
 * R421962919251 has a wrong check letter (M expected) AND an unrecognised LA code (421). Its row
 * comes from a CIN rule-1530 test that looks only at the LA code, so it says la_code. Rows
 * R247962919251 and X428558133462 have the same two faults but come from rule-1510 tests, so they
 * say check_letter. No single check order satisfies all three; we report the check letter first
 * and list both in `failures`.
 */
const PRIMARY_DIFFERS_FROM_FILE: Record<string, UpnFailure> = { R421962919251: 'check_letter' };

describe('bundled reference data', () => {
  it.runIf(sharedDataPresent)('data/reference copies are identical to /work/shared/data', () => {
    for (const f of BUNDLED_FILES)
      expect(readFileSync(BUNDLED_DIR + f, 'utf8'), f).toBe(readFileSync(SHARED_DIR + f, 'utf8'));
  });
});

describe('UPN test vectors (rules V1, V3)', () => {
  it('has all 25 rows', () => expect(vectors).toHaveLength(25));

  it.each(vectors.map((v) => [v.upn as string, v] as const))('%s', (upn, v) => {
    const result = validateUpn(upn);
    if (v.computed_check_letter) expect(upnCheckLetter(upn.slice(1))).toBe(v.computed_check_letter);
    switch (v.expected) {
      case 'valid':
        expect(result).toMatchObject({ ok: true, upn, laCode: upn.slice(1, 4) });
        break;
      case 'invalid': {
        const expected = CHECK_NAMES[v.failing_check ?? ''] as UpnFailure;
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.failures).toContain(expected);
        expect(result.failure).toBe(PRIMARY_DIFFERS_FROM_FILE[upn] ?? expected);
        break;
      }
      case 'check_letter_ok': // A950…, H243…: only the check letter was under test; the LA code then fails V3.
        expect(upn[0]).toBe(upnCheckLetter(upn.slice(1)));
        expect(result).toMatchObject({ ok: false, failure: 'la_code', failures: ['la_code'], rule: 'V3' });
        break;
      case 'la_code_ok': // H003…: pseudo-LA 003 passes V3; the check letter is wrong.
        expect(result).toMatchObject({ ok: false, failure: 'check_letter', failures: ['check_letter'] });
        break;
      case 'placeholder':
        expect(result).toMatchObject({ ok: false, failure: 'unknown_upn_code' });
        break;
      default:
        throw new Error(`unexpected 'expected' value ${v.expected}`);
    }
  });

  it('uses the DfE messages', () => {
    const msg = (u: string) => {
      const r = validateUpn(u);
      return r.ok ? '' : r.message;
    };
    expect(msg('Z801200001001')).toBe('UPN invalid (wrong check letter at character 1)');
    expect(msg('R900400001001')).toBe('UPN invalid (characters 2-4 not a recognised LA code)');
    expect(msg('X80120000A001')).toBe('UPN invalid (characters 5-12 not all numeric)');
    expect(msg('G80120000101S')).toBe('UPN invalid (character 13 not a recognised value)');
    expect(msg('')).toBe('UPN is missing');
  });

  it('reports structural faults before the check letter, and the check letter before the LA code', () => {
    expect(UPN_CHECK_ORDER.indexOf('character_13')).toBeLessThan(UPN_CHECK_ORDER.indexOf('check_letter'));
    expect(UPN_CHECK_ORDER.indexOf('characters_5_12')).toBeLessThan(UPN_CHECK_ORDER.indexOf('check_letter'));
    expect(UPN_CHECK_ORDER.indexOf('check_letter')).toBeLessThan(UPN_CHECK_ORDER.indexOf('la_code'));
  });
});

describe('rule V1 boundaries', () => {
  it('trims and upper-cases; the worked examples are valid', () => {
    expect(validateUpn('g80120000101a ')).toEqual({ ok: true, upn: 'G80120000101A', temporary: true, laCode: '801' });
    expect(validateUpn('H801200001001')).toEqual({ ok: true, upn: 'H801200001001', temporary: false, laCode: '801' });
  });

  it('checks the worked sum for H801200001001 (53 mod 23 = 7 → H)', () => {
    expect(UPN_ALPHABET).toHaveLength(23);
    expect(UPN_ALPHABET).not.toMatch(/[IOS]/);
    expect(UPN_ALPHABET[53 % 23]).toBe('H');
    expect(upnCheckLetter('801200001001')).toBe('H');
  });

  it('requires exactly 13 characters', () => {
    expect(validateUpn('H80120000100')).toMatchObject({
      ok: false,
      failure: 'length',
      message: 'UPN invalid (must be 13 characters; this has 12)',
    });
    expect(validateUpn('H8012000010011')).toMatchObject({ ok: false, failure: 'length' });
    expect(validateUpn('   ')).toMatchObject({ ok: false, failure: 'missing' });
    expect(validateUpn(null)).toMatchObject({ ok: false, failure: 'missing' });
    expect(validateUpn(undefined)).toMatchObject({ ok: false, failure: 'missing' });
  });

  it('accepts UN1–UN5 only as "UPN unknown" codes, never as a UPN', () => {
    for (const code of ['UN1', 'un5'])
      expect(validateUpn(code)).toMatchObject({ ok: false, failure: 'unknown_upn_code' });
    expect(validateUpn('UN6')).toMatchObject({ ok: false, failure: 'length' });
  });

  it('rejects I, O, S or a digit as character 1', () => {
    for (const first of ['I', 'O', 'S', '1'])
      expect(validateUpn(`${first}801200001001`)).toMatchObject({ ok: false, failure: 'check_letter' });
  });

  it('accepts every alphabet letter as a temporary 13th character when the check letter matches', () => {
    for (const last of UPN_ALPHABET) {
      const rest = `80120000101${last}`;
      expect(validateUpn(upnCheckLetter(rest) + rest)).toMatchObject({ ok: true, temporary: true });
    }
  });

  it('treats letters in characters 2-4 as an LA-code fault', () => {
    expect(validateUpn('HA01200001001')).toMatchObject({
      ok: false,
      failure: 'la_code',
      failures: ['la_code'],
      rule: 'V3',
    });
  });

  it('lists every fault it finds', () => {
    const r = validateUpn('IABC0000A001S');
    expect(r).toMatchObject({
      ok: false,
      failure: 'characters_5_12',
      failures: ['characters_5_12', 'character_13', 'check_letter', 'la_code'],
    });
  });

  it('upnCheckLetter refuses input it cannot weigh', () => {
    expect(() => upnCheckLetter('80120000101S')).toThrow(RangeError);
    expect(() => upnCheckLetter('8012000010')).toThrow(RangeError);
  });
});

describe('rule V3 LA codes in UPNs', () => {
  const withCode = (la: string) => {
    const rest = `${la}200001001`;
    return validateUpn(upnCheckLetter(rest) + rest);
  };

  it('accepts 942 and 943, missing from the CIN rule 1530 list', () => {
    expect(withCode('942').ok).toBe(true);
    expect(withCode('943').ok).toBe(true);
  });

  it('accepts pseudo-LA and historic codes', () => {
    for (const la of ['001', '005', '660', '705', '909', '928', '836', '901']) expect(withCode(la).ok, la).toBe(true);
  });

  it('rejects 000 (no LA) and 999 (not recorded), and unknown codes', () => {
    for (const la of ['000', '999', '006', '900', '817', '421'])
      expect(withCode(la)).toMatchObject({ ok: false, failure: 'la_code' });
  });
});
