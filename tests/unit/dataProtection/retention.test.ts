import { describe, expect, it } from 'vitest';
import { addYears, anonymisedDateOfBirth, pastRetention, retentionDue } from '../../../src/domain/retention';
import { DEFAULT_VALUES, THRESHOLD_TABLE } from '../../../src/domain/flags/thresholds';
import { ageOn, yearGroupFor } from '../../../src/domain/academicYear';

describe('retention schedule (rules RET1–RET3)', () => {
  it('keeps a pupil record to the date of birth + 25 years by default (RET1)', () => {
    const due = retentionDue(
      { dateOfBirth: '2001-05-14', everSen: false, lastActivityOn: '2016-07-20' },
      DEFAULT_VALUES,
    );
    expect(due).toEqual({ ruleId: 'RET1', dueOn: '2026-05-14' });
    expect(pastRetention(due, '2026-05-13')).toBe(false);
    expect(pastRetention(due, '2026-05-14')).toBe(true);
  });

  it('keeps the record of a pupil who had SEN support or an EHC plan to the date of birth + 31 years (RET2)', () => {
    expect(retentionDue({ dateOfBirth: '2001-05-14', everSen: true, lastActivityOn: null }, DEFAULT_VALUES)).toEqual({
      ruleId: 'RET2',
      dueOn: '2032-05-14',
    });
  });

  it('never before 6 years after the last activity (RET3), e.g. a record still being written to', () => {
    expect(
      retentionDue({ dateOfBirth: '2001-05-14', everSen: false, lastActivityOn: '2024-01-10' }, DEFAULT_VALUES),
    ).toEqual({ ruleId: 'RET3', dueOn: '2030-01-10' });
  });

  it('on a tie the more specific rule names the date (RET2 over RET1, RET3 over both)', () => {
    // DOB 2001-05-14 + 31 years = 2032-05-14; last activity 2026-05-14 + 6 years = 2032-05-14 as well.
    const same = { ...DEFAULT_VALUES, retentionPupilRecordYearsFromBirth: 31 };
    expect(retentionDue({ dateOfBirth: '2001-05-14', everSen: true, lastActivityOn: null }, same)).toEqual({
      ruleId: 'RET2',
      dueOn: '2032-05-14',
    });
    expect(retentionDue({ dateOfBirth: '2001-05-14', everSen: true, lastActivityOn: '2026-05-14' }, same)).toEqual({
      ruleId: 'RET3',
      dueOn: '2032-05-14',
    });
  });

  it('follows an LA’s own periods', () => {
    const la = { ...DEFAULT_VALUES, retentionPupilRecordYearsFromBirth: 30 };
    expect(retentionDue({ dateOfBirth: '2001-05-14', everSen: false, lastActivityOn: null }, la).dueOn).toBe(
      '2031-05-14',
    );
  });

  it('is never a day early for a 29 February birthday', () => {
    expect(addYears('2004-02-29', 25)).toBe('2029-03-01');
    expect(addYears('2004-02-29', 24)).toBe('2028-02-29');
  });

  it('states a status and source for each default', () => {
    for (const key of [
      'retentionPupilRecordYearsFromBirth',
      'retentionSenRecordYearsFromBirth',
      'retentionYearsAfterLastActivity',
    ]) {
      const d = THRESHOLD_TABLE.find((t) => t.key === key)!;
      expect(d.unit).toBe('years');
      expect(['LOCAL_PRACTICE', 'DESIGN_DEFAULT']).toContain(d.status);
      expect(d.source.url).toMatch(/^https:\/\//);
    }
  });
});

describe('anonymised date of birth', () => {
  it('is 1 September of the academic year of birth, so age on 31 August and year group never change', () => {
    const births = ['2008-09-01', '2008-12-25', '2009-02-28', '2009-08-31', '2012-03-01', '2004-02-29'];
    for (const dob of births) {
      const anon = anonymisedDateOfBirth(dob);
      expect(anon.slice(5)).toBe('09-01');
      for (let y = 2012; y <= 2030; y += 1) {
        expect(ageOn(anon, `${y}-08-31`)).toBe(ageOn(dob, `${y}-08-31`));
        expect(yearGroupFor(anon, `${y}-${String((y + 1) % 100).padStart(2, '0')}`)).toBe(
          yearGroupFor(dob, `${y}-${String((y + 1) % 100).padStart(2, '0')}`),
        );
      }
    }
    expect(anonymisedDateOfBirth('2009-08-31')).toBe('2008-09-01');
    expect(anonymisedDateOfBirth('2008-09-01')).toBe('2008-09-01');
  });
});
