import { describe, expect, it } from 'vitest';
import { fairShareRows, ruleF9AdjudicatorDueBy } from '../../../src/domain/fairAccess/fairShare';

describe('fair share per school in an academic year', () => {
  const schools = [
    { id: 'big', numberOnRoll: 1200 },
    { id: 'small', numberOnRoll: 400 },
    { id: 'none', numberOnRoll: 800 },
  ];
  const admissions = [
    { schoolId: 'big', yearGroup: 9, admittedOn: '2025-09-10' },
    { schoolId: 'big', yearGroup: 9, admittedOn: '2026-03-02' },
    { schoolId: 'big', yearGroup: 10, admittedOn: '2026-07-20' },
    { schoolId: 'small', yearGroup: 8, admittedOn: '2026-01-12' },
    { schoolId: 'small', yearGroup: 8, admittedOn: '2026-01-19' },
    // Outside 2025-26: not counted.
    { schoolId: 'small', yearGroup: 8, admittedOn: '2025-08-31' },
    { schoolId: 'big', yearGroup: 8, admittedOn: '2026-09-01' },
  ];

  it('totals, per 100 on roll and by year group, zeros included, highest rate first', () => {
    expect(fairShareRows(schools, admissions, '2025-26')).toEqual([
      { schoolId: 'small', total: 2, per100OnRoll: 0.5, byYearGroup: [{ yearGroup: 8, admissions: 2 }] },
      {
        schoolId: 'big',
        total: 3,
        per100OnRoll: 0.25,
        byYearGroup: [
          { yearGroup: 9, admissions: 2 },
          { yearGroup: 10, admissions: 1 },
        ],
      },
      { schoolId: 'none', total: 0, per100OnRoll: 0, byYearGroup: [] },
    ]);
  });

  it('rule F9: the return for an academic year is due on 31 October after it ends', () => {
    expect(ruleF9AdjudicatorDueBy('2025-26')).toBe('2026-10-31');
  });
});
