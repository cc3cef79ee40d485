import { describe, expect, it } from 'vitest';
import {
  EXPLAINED_EXITS,
  isUnexplainedExitCandidate,
  januaryCensusDate,
  m2WindowFor,
  year10BirthRange,
  year11RollLosses,
} from '../../../src/domain/reports/offRolling';

describe('rule M1: unexplained-exit candidates from the roll exit category', () => {
  it('transfers, moves of home, phase transitions and permanent exclusions are explained; the rest are candidates', () => {
    expect(EXPLAINED_EXITS).toEqual(['TRANSFERRED_TO_SCHOOL', 'MOVED_AWAY', 'PHASE_TRANSITION', 'PERMANENT_EXCLUSION']);
    for (const c of EXPLAINED_EXITS) expect(isUnexplainedExitCandidate(c)).toBe(false);
    for (const c of ['ELECTIVE_HOME_EDUCATION', 'CME_OR_UNKNOWN', 'OTHER'] as const)
      expect(isUnexplainedExitCandidate(c)).toBe(true);
  });
});

describe('rule M2: Year 10 → Year 11 January census roll losses', () => {
  it('the spring census is the third Thursday of January', () => {
    expect(januaryCensusDate(2025)).toBe('2025-01-16'); // 1 Jan 2025 was a Wednesday
    expect(januaryCensusDate(2026)).toBe('2026-01-15'); // 1 Jan 2026 was a Thursday
    expect(januaryCensusDate(2027)).toBe('2027-01-21');
  });

  it('uses the latest Year 11 census on or before the period end', () => {
    expect(m2WindowFor('2026-08-31')).toEqual({
      year10Census: '2025-01-16',
      year11Census: '2026-01-15',
      year10AcademicYear: '2024-25',
    });
    expect(m2WindowFor('2026-01-15')).toMatchObject({ year11Census: '2026-01-15' });
    // The day before the census: the previous pair.
    expect(m2WindowFor('2026-01-14')).toEqual({
      year10Census: '2024-01-18',
      year11Census: '2025-01-16',
      year10AcademicYear: '2023-24',
    });
    expect(year10BirthRange('2024-25')).toEqual({ from: '2009-09-01', to: '2010-08-31' });
  });

  it('counts pupils on roll in Year 10 at the first census who are not on the same roll at the second', () => {
    const w = m2WindowFor('2026-08-31');
    const c = (pupilId: string, dateOfBirth: string, ...spans: [string, string | null][]) => ({
      pupilId,
      dateOfBirth,
      spans: spans.map(([startDate, endDate]) => ({ startDate, endDate })),
    });
    const r = year11RollLosses(
      [
        c('stays', '2010-05-01', ['2021-09-01', null]),
        c('left-before-census', '2010-02-02', ['2021-09-01', '2025-11-28']),
        c('left-on-census-day', '2010-03-03', ['2021-09-01', '2026-01-15']), // still on roll that day
        c('left-and-came-back', '2010-03-04', ['2021-09-01', '2025-10-01'], ['2025-12-01', null]),
        c('joined-after-census', '2010-03-05', ['2025-02-01', null]), // not on roll at the Year 10 census
        c('year-9', '2010-09-01', ['2021-09-01', '2025-06-01']), // born 1 Sep 2010: Year 9 in 2024-25
        c('joined-on-census-day', '2010-03-06', ['2025-01-16', '2025-12-19']), // on roll from the census day itself
      ],
      w,
    );
    expect(r).toEqual({ cohort: 5, lost: ['left-before-census', 'joined-on-census-day'] });
  });
});
