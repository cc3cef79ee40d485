import { describe, it, expect } from 'vitest';
import {
  BankHolidays,
  computedBankHolidays,
  defaultEnglandCalendar,
  easterSunday,
  loadBankHolidays,
} from '../../../src/domain/calendar';
import { csvRecords } from '../../../src/domain/referenceData';
import { readTestData } from './referenceFiles';

const listed = csvRecords(readTestData('england_wales_bank_holidays_2015_2027.csv'));
const listedFor = (year: number) =>
  listed
    .map((r) => r.date as string)
    .filter((d) => d.startsWith(`${year}-`))
    .sort();

/** One-off changes the rules cannot predict: [dates only in the list, dates only in the rules]. */
const ONE_OFFS: Record<number, [string[], string[]]> = {
  2020: [['2020-05-08'], ['2020-05-04']], // early May moved to Friday for VE Day 75
  2022: [['2022-06-02', '2022-06-03', '2022-09-19'], ['2022-05-30']], // Platinum Jubilee, state funeral
  2023: [['2023-05-08'], []], // coronation
};

describe('bank holiday rules against the GOV.UK list', () => {
  for (let year = 2015; year <= 2027; year++) {
    it(`${year}`, () => {
      const fromFile = listedFor(year);
      const rules = computedBankHolidays(year);
      const [onlyInFile, onlyInRules] = ONE_OFFS[year] ?? [[], []];
      expect(fromFile.filter((d) => !rules.includes(d))).toEqual(onlyInFile);
      expect(rules.filter((d) => !fromFile.includes(d))).toEqual(onlyInRules);
    });
  }
});

describe('Easter and substitute days', () => {
  it('computes Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible
  });

  it('computes Easter Sunday in the years the algorithm needs its corrections', () => {
    // Golden number 1 (year % 19 === 0): the epact term goes below zero before the modulo.
    expect(easterSunday(2014)).toBe('2014-04-20');
    expect(easterSunday(2033)).toBe('2033-04-17');
    // The "19 April → 18 April" style corrections (the m = 1 term of Meeus/Jones/Butcher).
    expect(easterSunday(1981)).toBe('1981-04-19');
    expect(easterSunday(2049)).toBe('2049-04-18');
  });

  it('substitutes weekend Christmas, Boxing Day and New Year', () => {
    expect(computedBankHolidays(2032)).toContain('2032-12-27'); // Christmas Saturday → Mon 27, Tue 28
    expect(computedBankHolidays(2032)).toContain('2032-12-28');
    expect(computedBankHolidays(2033)).toEqual(expect.arrayContaining(['2033-01-03', '2033-12-26', '2033-12-27'])); // 1 Jan Sat; Christmas Sunday
  });
});

describe('loadBankHolidays', () => {
  const bh = loadBankHolidays();

  it('uses the list for 2015-2027 and the rules elsewhere', () => {
    expect(bh.listedYears).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    expect(bh.isBankHoliday('2022-09-19')).toBe(true);
    expect(bh.isBankHoliday('2022-05-30')).toBe(false);
    expect([...bh.forYear(2028)]).toEqual(computedBankHolidays(2028));
    expect(bh.titleOf('2023-05-08')).toBe('Bank holiday for the coronation of King Charles III');
  });

  it('adds the 2011 and 2012 one-offs [U]', () => {
    expect(bh.isBankHoliday('2011-04-29')).toBe(true);
    expect(bh.isBankHoliday('2012-06-04')).toBe(true);
    expect(bh.isBankHoliday('2012-06-05')).toBe(true);
    expect(bh.isBankHoliday('2012-05-28')).toBe(false);
  });

  it('agrees with the bank holidays in the Sheffield term-dates file, including computed 2028', () => {
    const sheffield = JSON.parse(readTestData('sheffield_la_term_dates_2025_2028.json')) as {
      academic_years: { bank_holidays: string[] }[];
    };
    for (const d of sheffield.academic_years.flatMap((y) => y.bank_holidays)) expect(bh.isBankHoliday(d), d).toBe(true);
  });

  it('an empty list falls back to the rules for every year', () => {
    expect(new BankHolidays([]).isBankHoliday('2025-12-25')).toBe(true);
  });

  it('is read once: every caller shares the same list and the same default calendar', () => {
    expect(loadBankHolidays()).toBeInstanceOf(BankHolidays);
    expect(loadBankHolidays()).toBe(loadBankHolidays());
    expect(defaultEnglandCalendar()).toBe(defaultEnglandCalendar());
  });
});

describe('BankHolidays built from a list', () => {
  it('with no list, every year comes from the rules, in date order', () => {
    const rules = new BankHolidays();
    expect(rules.listedYears).toEqual([]);
    // 2030: New Year Tue 1 Jan; Easter Sunday 21 Apr (Good Friday 19, Easter Monday 22); first Monday of May 6;
    // last Mondays of May 27 and August 26; Christmas Wed 25, Boxing Day Thu 26.
    expect([...rules.forYear(2030)]).toEqual([
      '2030-01-01',
      '2030-04-19',
      '2030-04-22',
      '2030-05-06',
      '2030-05-27',
      '2030-08-26',
      '2030-12-25',
      '2030-12-26',
    ]);
    expect(rules.titleOf('2030-12-25')).toBeNull();
  });

  it('a computed year with one-offs keeps date order (2012: late May moved to 4 June, plus 5 June)', () => {
    expect([...new BankHolidays().forYear(2012)]).toEqual([
      '2012-01-02', // 1 Jan was a Sunday
      '2012-04-06',
      '2012-04-09',
      '2012-05-07',
      '2012-06-04',
      '2012-06-05',
      '2012-08-27',
      '2012-12-25',
      '2012-12-26',
    ]);
  });

  it('the list is authoritative for every year it has a date in, and its years are listed in order', () => {
    const bh = new BankHolidays([
      { date: '2031-05-09', title: 'A one-off holiday' },
      { date: '2029-01-01' },
      { date: '2030-01-01', title: 'New Year’s Day' },
    ]);
    expect(bh.listedYears).toEqual([2029, 2030, 2031]);
    // 2031 has only the listed one-off: the rules' Christmas is not added to a listed year.
    expect([...bh.forYear(2031)]).toEqual(['2031-05-09']);
    expect(bh.isBankHoliday('2031-12-25')).toBe(false);
    expect(bh.isBankHoliday('2032-12-27')).toBe(true); // 2032 is not listed: rules (Christmas on a Saturday)
    expect(bh.titleOf('2031-05-09')).toBe('A one-off holiday');
    expect(bh.titleOf('2029-01-01')).toBeNull(); // listed without a title
  });
});
