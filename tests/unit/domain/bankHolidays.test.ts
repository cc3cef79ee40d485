import { describe, it, expect } from 'vitest';
import { BankHolidays, computedBankHolidays, easterSunday, loadBankHolidays } from '../../../src/domain/calendar';
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
});
