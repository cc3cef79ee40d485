import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../../src/reports/period';
import { defaultEnglandCalendar } from '../../../src/domain/calendar';
import { sheffield } from '../../support/sheffieldCalendar';

describe('report periods', () => {
  it('an academic year runs 1 September to 31 August', () => {
    expect(resolvePeriod({ academicYear: '2025-26' }, sheffield)).toEqual({
      from: '2025-09-01',
      to: '2026-08-31',
      label: '2025-26',
    });
  });

  it('terms tile the year from the LA calendar: spring from the first day after Christmas, summer from the first day after Easter', () => {
    // Sheffield 2025-26: back Mon 5 Jan 2026; Easter holiday 28 Mar – 12 Apr, back Mon 13 Apr.
    const t = (term: 'AUTUMN' | 'SPRING' | 'SUMMER') => resolvePeriod({ academicYear: '2025-26', term }, sheffield);
    expect(t('AUTUMN')).toMatchObject({ from: '2025-09-01', to: '2026-01-04' });
    expect(t('SPRING')).toMatchObject({ from: '2026-01-05', to: '2026-04-12', label: '2025-26 spring term' });
    expect(t('SUMMER')).toMatchObject({ from: '2026-04-13', to: '2026-08-31' });
    // Without loaded term dates the default pattern decides: the terms still tile the year.
    const cal = defaultEnglandCalendar();
    const a = resolvePeriod({ academicYear: '2030-31', term: 'AUTUMN' }, cal);
    const s = resolvePeriod({ academicYear: '2030-31', term: 'SPRING' }, cal);
    const u = resolvePeriod({ academicYear: '2030-31', term: 'SUMMER' }, cal);
    expect(a.from).toBe('2030-09-01');
    expect(new Date(Date.parse(a.to) + 86_400_000).toISOString().slice(0, 10)).toBe(s.from);
    expect(new Date(Date.parse(s.to) + 86_400_000).toISOString().slice(0, 10)).toBe(u.from);
    expect(u.to).toBe('2031-08-31');
    expect(s.from.slice(5, 7)).toBe('01');
    expect(['03', '04']).toContain(u.from.slice(5, 7));
  });

  it('from/to both inclusive; malformed or mixed periods are refused', () => {
    expect(resolvePeriod({ from: '2026-01-05', to: '2026-01-05' }, sheffield)).toMatchObject({
      from: '2026-01-05',
      to: '2026-01-05',
    });
    const code = (input: Parameters<typeof resolvePeriod>[0]) => {
      try {
        resolvePeriod(input, sheffield);
        return 'ok';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    };
    expect(code({ from: '2026-02-01', to: '2026-01-01' })).toBe('VALIDATION_FAILED');
    expect(code({ from: '2026-02-01' })).toBe('VALIDATION_FAILED');
    expect(code({ academicYear: '2025-27' })).toBe('VALIDATION_FAILED');
    expect(code({ term: 'SPRING' })).toBe('VALIDATION_FAILED');
    expect(code({ academicYear: '2025-26', to: '2026-01-01' })).toBe('VALIDATION_FAILED');
    expect(code({ from: '2000-01-01', to: '2026-01-01' })).toBe('VALIDATION_FAILED');
  });
});
