import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/import/csvFile';
import { suggestMapping, type ColumnMapping } from '../../../src/domain/import/mapping';
import { PLACEMENT_FIELDS } from '../../../src/domain/import/placementColumns';
import { CHARACTERISTIC_IMPORT_FIELDS } from '../../../src/domain/import/characteristicsColumns';
import { previewRows, untranslatedValues } from '../../../src/domain/import/preview';

// An LA's own sheet: its headers, UK dates, its own codes, a blank row and a totals row at the bottom.
const SHEET = [
  'Pupil UPN,Name,DOB,Arranged by,AP URN,Reason,Tier,Start date,Hours per week,Registration',
  'A1,"Ash, Amy",14/02/2012,LA,900005,Perm Ex,3,08/09/2025,20,dual',
  'A2,Bo Bell,31/02/2012,LA,900005,Excl,2,01/10/2025,10,dual',
  ',,,,,,,,,',
  'A3,Cy Coe,01/01/2012,Council,900005,Excl,1,03/11/2025,5,single,extra',
  'Total,,,,,,,,35,',
].join('\r\n');

describe('the mapping step’s preview reads rows as the import job does (issue 16 item 1)', () => {
  const table = parseCsv(SHEET);
  const mapping: ColumnMapping = suggestMapping(table.headers, PLACEMENT_FIELDS).mapping;

  it('passes over the blank row and the totals row, and reads each date and code as the job will', () => {
    const rows = previewRows('PLACEMENTS', table, mapping, PLACEMENT_FIELDS);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5]);
    const cell = (line: number, field: string) =>
      rows.find((r) => r.line === line)!.cells.find((c) => c.field === field)!;
    expect(cell(2, 'reason')).toMatchObject({ value: 'Perm Ex', reads: 'PERMANENT_EXCLUSION', problem: null });
    expect(cell(2, 'startDate')).toMatchObject({ value: '08/09/2025', reads: '2025-09-08' });
    expect(cell(3, 'dateOfBirth')).toMatchObject({ reads: null, problem: '"31/02/2012" is not a real date.' });
    expect(cell(3, 'reason').problem).toMatch(/"Excl" is not a primary reason for placement we know/);
    expect(rows.find((r) => r.line === 5)!.problem).toBe('This row has 11 values but the header has 10 columns.');
    expect(rows[0]!.problem).toBeNull();
  });

  it('lists the coded values nothing translates yet, once each, and reads them once translated', () => {
    expect(untranslatedValues('PLACEMENTS', table, mapping, PLACEMENT_FIELDS)).toEqual([
      { field: 'reason', values: ['Excl'] },
    ]);
    const translated = { ...mapping, values: { reason: { excl: 'PERMANENT_EXCLUSION' } } };
    expect(untranslatedValues('PLACEMENTS', table, translated, PLACEMENT_FIELDS)).toEqual([]);
    const rows = previewRows('PLACEMENTS', table, translated, PLACEMENT_FIELDS);
    expect(rows[1]!.cells.find((c) => c.field === 'reason')!.reads).toBe('PERMANENT_EXCLUSION');
  });

  it('reads dates month first when the mapping says so, and stops at n rows', () => {
    const rows = previewRows('PLACEMENTS', table, { ...mapping, dateFormat: 'MDY' }, PLACEMENT_FIELDS, 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells.find((c) => c.field === 'startDate')!.reads).toBe('2025-08-09');
  });

  it('passes over only blank rows in a characteristics file (a “Total” UPN is a row the job refuses)', () => {
    const mis = parseCsv('UPN,FSM\r\nA1,Y\r\n,\r\nTotal,\r\n');
    const m = suggestMapping(mis.headers, CHARACTERISTIC_IMPORT_FIELDS).mapping;
    expect(previewRows('CHARACTERISTICS', mis, m, CHARACTERISTIC_IMPORT_FIELDS).map((r) => r.line)).toEqual([2, 4]);
  });
});
