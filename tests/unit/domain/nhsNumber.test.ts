import { describe, expect, it } from 'vitest';
import { validateNhsNumber } from '../../../src/domain/identifiers';

/** Check digits worked by hand (weights 10..2 on the first nine digits; 11 − sum mod 11). */
describe('NHS number (mod-11 check digit)', () => {
  it.each([
    ['9434765919', true], // 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 299; 299 mod 11 = 2; 11 − 2 = 9
    ['943 476 5919', true], // printed grouping
    ['943-476-5919', true],
    ['4010232137', true], // 40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4; 11 − 4 = 7
    ['9434765918', false], // wrong check digit
    ['4010232138', false],
    ['0000000000', true], // sum 0: 11 − 0 = 11, read as 0
    ['1000000001', true], // 1·10 = 10; 10 mod 11 = 10; 11 − 10 = 1
    ['1000000109', true], // 1·10 + 1·3 = 13; 13 mod 11 = 2; 11 − 2 = 9
    ['1000000010', false], // 1·10 + 1·2 = 12; 12 mod 11 = 1; 11 − 1 = 10: no check digit can make it valid
    ['1000000011', false],
    ['943476591', false], // 9 digits
    ['94347659190', false], // 11 digits
    ['94347A5919', false],
    ['', false],
  ])('%j → %s', (raw, ok) => {
    expect(validateNhsNumber(raw).ok).toBe(ok);
  });
  it('returns the digits without spaces', () => {
    expect(validateNhsNumber(' 943 476 5919 ')).toEqual({ ok: true, nhsNumber: '9434765919' });
  });
});
