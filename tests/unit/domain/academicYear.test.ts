import { describe, it, expect } from 'vitest';
import {
  academicYearEnd,
  academicYearOf,
  academicYearStart,
  ageOn,
  compulsorySchoolAgeEnds,
  compulsorySchoolAgeStarts,
  isCompulsorySchoolAge,
  yearGroupFor,
} from '../../../src/domain/academicYear';

describe('academic years', () => {
  it('run 1 September to 31 August', () => {
    expect(academicYearOf('2025-08-31')).toBe('2024-25');
    expect(academicYearOf('2025-09-01')).toBe('2025-26');
    expect(academicYearOf('1999-12-31')).toBe('1999-00');
    expect(academicYearOf('2100-01-01')).toBe('2099-00');
    expect(academicYearStart('2025-26')).toBe('2025-09-01');
    expect(academicYearEnd('2025-26')).toBe('2026-08-31');
  });

  it('reject labels that are not consecutive years', () => {
    expect(() => academicYearStart('2025-27')).toThrow(RangeError);
    expect(() => academicYearEnd('2025')).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts whole years; a 29 February birthday is reached on 1 March', () => {
    expect(ageOn('2010-05-10', '2025-05-09')).toBe(14);
    expect(ageOn('2010-05-10', '2025-05-10')).toBe(15);
    expect(ageOn('2008-02-29', '2009-02-28')).toBe(0);
    expect(ageOn('2008-02-29', '2009-03-01')).toBe(1);
    expect(ageOn('2008-02-29', '2012-02-29')).toBe(4);
  });
});

describe('yearGroupFor (age on the 31 August before the year)', () => {
  it('puts 31 August and 1 September birthdays in different year groups', () => {
    expect(yearGroupFor('2020-08-31', '2025-26')).toBe(1); // 5 on 31 Aug 2025
    expect(yearGroupFor('2020-09-01', '2025-26')).toBe(0); // 4 → Reception
    expect(yearGroupFor('2021-08-31', '2025-26')).toBe(0);
    expect(yearGroupFor('2021-09-01', '2025-26')).toBeNull(); // 3: nursery
  });

  it('runs to Year 13', () => {
    expect(yearGroupFor('2009-09-01', '2025-26')).toBe(11);
    expect(yearGroupFor('2009-08-31', '2025-26')).toBe(12);
    expect(yearGroupFor('2007-09-01', '2025-26')).toBe(13);
    expect(yearGroupFor('2007-08-31', '2025-26')).toBeNull(); // 18
  });
});

describe('compulsory school age', () => {
  it('starts at the first term start (1 Jan, 1 Apr, 1 Sept) after the fifth birthday', () => {
    expect(compulsorySchoolAgeStarts('2020-08-31')).toBe('2025-09-01');
    expect(compulsorySchoolAgeStarts('2020-09-01')).toBe('2026-01-01');
    expect(compulsorySchoolAgeStarts('2020-12-31')).toBe('2026-01-01');
    expect(compulsorySchoolAgeStarts('2021-01-01')).toBe('2026-04-01');
    expect(compulsorySchoolAgeStarts('2021-03-31')).toBe('2026-04-01');
    expect(compulsorySchoolAgeStarts('2021-04-01')).toBe('2026-09-01');
    expect(compulsorySchoolAgeStarts('2020-02-29')).toBe('2025-04-01'); // fifth birthday reached 1 Mar 2025
  });

  it('ends on the last Friday of June in the school year the child turns 16', () => {
    expect(compulsorySchoolAgeEnds('2009-08-31')).toBe('2025-06-27'); // 16 on 31 Aug 2025, year 2024-25
    expect(compulsorySchoolAgeEnds('2009-09-01')).toBe('2026-06-26'); // 16 on 1 Sep 2025, year 2025-26
    expect(compulsorySchoolAgeEnds('2009-07-01')).toBe('2025-06-27'); // turns 16 after the leaving date
  });

  it('isCompulsorySchoolAge at both boundaries', () => {
    expect(isCompulsorySchoolAge('2020-08-31', '2025-08-31')).toBe(false);
    expect(isCompulsorySchoolAge('2020-08-31', '2025-09-01')).toBe(true);
    expect(isCompulsorySchoolAge('2020-09-01', '2025-12-31')).toBe(false);
    expect(isCompulsorySchoolAge('2020-09-01', '2026-01-01')).toBe(true);
    expect(isCompulsorySchoolAge('2009-08-31', '2025-06-27')).toBe(true);
    expect(isCompulsorySchoolAge('2009-08-31', '2025-06-28')).toBe(false);
  });
});
