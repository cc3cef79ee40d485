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

describe('fair share edges (rule F8)', () => {
  it('the academic year runs 1 September to 31 August, both days counted', () => {
    const rows = fairShareRows(
      [{ id: 'a', numberOnRoll: 100 }],
      [
        { schoolId: 'a', yearGroup: 7, admittedOn: '2025-09-01' },
        { schoolId: 'a', yearGroup: 7, admittedOn: '2026-08-31' },
      ],
      '2025-26',
    );
    expect(rows[0]).toMatchObject({ total: 2, per100OnRoll: 2 });
  });

  it('lists year groups youngest first whatever order the admissions came in', () => {
    const rows = fairShareRows(
      [{ id: 'a', numberOnRoll: 1000 }],
      [
        { schoolId: 'a', yearGroup: 11, admittedOn: '2025-09-10' },
        { schoolId: 'a', yearGroup: 7, admittedOn: '2025-10-10' },
        { schoolId: 'a', yearGroup: 9, admittedOn: '2025-11-10' },
        { schoolId: 'a', yearGroup: 7, admittedOn: '2025-12-10' },
      ],
      '2025-26',
    );
    expect(rows[0]!.byYearGroup).toEqual([
      { yearGroup: 7, admissions: 2 },
      { yearGroup: 9, admissions: 1 },
      { yearGroup: 11, admissions: 1 },
    ]);
  });

  it('at the same rate per 100 on roll, the school with more admissions comes first', () => {
    // 1 in 100, 2 in 200 and 3 in 300: all 1.00 per 100.
    const schools = [
      { id: 'one', numberOnRoll: 100 },
      { id: 'two', numberOnRoll: 200 },
      { id: 'three', numberOnRoll: 300 },
    ];
    const admissions = [
      ...Array.from({ length: 3 }, () => ({ schoolId: 'three', yearGroup: 8, admittedOn: '2026-01-12' })),
      ...Array.from({ length: 2 }, () => ({ schoolId: 'two', yearGroup: 8, admittedOn: '2026-01-12' })),
      { schoolId: 'one', yearGroup: 8, admittedOn: '2026-01-12' },
    ];
    expect(fairShareRows(schools, admissions, '2025-26').map((r) => [r.schoolId, r.per100OnRoll])).toEqual([
      ['three', 1],
      ['two', 1],
      ['one', 1],
    ]);
  });
});
