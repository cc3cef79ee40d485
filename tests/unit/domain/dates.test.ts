import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  fromDayNumber,
  fromIsoDate,
  isValidIsoDate,
  lastWeekdayOfMonth,
  parseIsoDate,
  toDayNumber,
  toIsoDate,
} from '../../../src/domain/dates';

describe('ISO date validation', () => {
  it('accepts real dates, trimming input', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ ok: true, date: '2024-02-29' });
    expect(parseIsoDate(' 2025-09-01 ')).toEqual({ ok: true, date: '2025-09-01' });
  });

  it('rejects impossible and malformed dates with a clerk-readable message', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-04-31', '2025-00-10', '0000-01-01']) {
      const r = parseIsoDate(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('not a real calendar date');
    }
    for (const bad of ['25-01-01', '2025/01/01', '2025-1-1', '', 'tomorrow']) {
      const r = parseIsoDate(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('YYYY-MM-DD');
    }
    expect(parseIsoDate(20250101).ok).toBe(false);
  });

  it('isValidIsoDate follows the Gregorian leap-year rule', () => {
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    expect(isValidIsoDate('1900-02-29')).toBe(false);
    expect(isValidIsoDate('2100-02-29')).toBe(false);
    expect(isValidIsoDate(undefined)).toBe(false);
  });

  it('helpers throw RangeError on malformed input', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('date arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-08-31', 1)).toBe('2025-09-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('counts calendar days and compares', () => {
    expect(daysBetween('2025-09-01', '2026-08-31')).toBe(364);
    expect(daysBetween('2026-01-01', '2025-12-31')).toBe(-1);
    expect(compareDates('2025-09-01', '2025-10-01')).toBe(-1);
    expect(compareDates('2025-09-01', '2025-09-01')).toBe(0);
    expect(compareDates('2026-01-01', '2025-12-31')).toBe(1);
  });

  it('gives weekdays 0 = Sunday … 6 = Saturday', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2000-01-01')).toBe(6);
    expect(dayOfWeek('2025-09-01')).toBe(1);
    expect(dayOfWeek('1969-12-28')).toBe(0);
    expect(lastWeekdayOfMonth(2026, 6, 5)).toBe('2026-06-26');
  });

  it('converts to and from Date using UTC fields only', () => {
    expect(fromIsoDate('2025-09-01').toISOString()).toBe('2025-09-01T00:00:00.000Z');
    expect(toIsoDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-06-30');
    expect(toIsoDate(new Date('2025-03-30T23:30:00-01:00'))).toBe('2025-03-31');
    expect(() => toIsoDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it('day numbers agree with Date.UTC and round-trip (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (n) => {
        const iso = fromDayNumber(n);
        expect(toDayNumber(iso)).toBe(n);
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(iso);
      }),
    );
  });
});
