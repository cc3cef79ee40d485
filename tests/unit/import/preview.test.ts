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

describe('the preview, cell by cell (built inside each test)', () => {
  // A sheet with our own headers (every field mapped by name), built per test.
  const ours = (): ColumnMapping => ({
    columns: { upn: 'UPN', reason: 'Reason', startDate: 'Start', hoursPerWeek: 'Hours' },
    dateFormat: 'DMY',
    values: {},
  });
  const sheet = (...rows: string[][]) => ({
    headers: ['UPN', 'Reason', 'Start', 'Hours'],
    rows: rows.map((cells, i) => ({ line: i + 2, cells })),
  });

  it('shows only the mapped fields, in our field order, each as the file has it and as the job reads it', () => {
    const rows = previewRows('PLACEMENTS', sheet(['A1', ' PEX ', '08/09/2025', ' 20 ']), ours(), PLACEMENT_FIELDS);
    expect(rows).toEqual([
      {
        line: 2,
        problem: null,
        cells: [
          { field: 'upn', value: 'A1', reads: 'A1', problem: null },
          { field: 'reason', value: ' PEX ', reads: 'PERMANENT_EXCLUSION', problem: null },
          { field: 'startDate', value: '08/09/2025', reads: '2025-09-08', problem: null },
          // A padded number is read without its spaces.
          { field: 'hoursPerWeek', value: ' 20 ', reads: '20', problem: null },
        ],
      },
    ]);
  });

  it('an empty or all-space cell reads as nothing, with no problem, whatever its kind', () => {
    const rows = previewRows('PLACEMENTS', sheet(['A1', '  ', '', ' ']), ours(), PLACEMENT_FIELDS);
    expect(rows[0]!.cells.slice(1)).toEqual([
      { field: 'reason', value: '  ', reads: null, problem: null },
      { field: 'startDate', value: '', reads: null, problem: null },
      { field: 'hoursPerWeek', value: ' ', reads: null, problem: null },
    ]);
  });

  it('a short row’s missing cells are empty; a mapped column the file lacks reads as empty', () => {
    const mapping = { ...ours(), columns: { ...ours().columns, tier: 'AP tier' } }; // no "AP tier" in this file
    const rows = previewRows('PLACEMENTS', sheet(['A1', 'PEX']), mapping, PLACEMENT_FIELDS);
    expect(rows[0]!.cells.map((c) => [c.field, c.value, c.reads])).toEqual([
      ['upn', 'A1', 'A1'],
      ['reason', 'PEX', 'PERMANENT_EXCLUSION'],
      ['tier', '', null],
      ['startDate', '', null],
      ['hoursPerWeek', '', null],
    ]);
  });

  it('only values beyond the header make a row too long: empty trailing cells do not', () => {
    const rows = previewRows(
      'PLACEMENTS',
      sheet(['A1', 'PEX', '08/09/2025', '20', '', '  '], ['A2', 'PEX', '08/09/2025', '20', 'x']),
      ours(),
      PLACEMENT_FIELDS,
    );
    expect(rows.map((r) => r.problem)).toEqual([null, 'This row has 5 values but the header has 4 columns.']);
  });

  it('a characteristics row of spaces only is blank and passed over', () => {
    const mis = {
      headers: ['UPN', 'FSM'],
      rows: [
        { line: 2, cells: ['  ', ' '] },
        { line: 3, cells: ['A1', 'Y'] },
      ],
    };
    const m = suggestMapping(mis.headers, CHARACTERISTIC_IMPORT_FIELDS).mapping;
    expect(previewRows('CHARACTERISTICS', mis, m, CHARACTERISTIC_IMPORT_FIELDS).map((r) => r.line)).toEqual([3]);
  });
});

describe('the values nothing translates yet (built inside each test)', () => {
  const mapping = (): ColumnMapping => ({ columns: { upn: 'UPN', reason: 'Reason' }, dateFormat: 'DMY', values: {} });
  const sheet = (...rows: string[][]) => ({
    headers: ['UPN', 'Reason'],
    rows: rows.map((cells, i) => ({ line: i + 2, cells })),
  });

  it('lists each value once, trimmed, leaving out empty cells and values already read', () => {
    const t = sheet(['A1', ' Excl '], ['A2', ''], ['A3', 'Excl'], ['A4', 'PEX'], ['A5', '  '], ['A6', 'Mgd move']);
    expect(untranslatedValues('PLACEMENTS', t, mapping(), PLACEMENT_FIELDS)).toEqual([
      { field: 'reason', values: ['Excl', 'Mgd move'] },
    ]);
  });

  it('stops at `cap` values per field, in the order first met', () => {
    const t = sheet(['A1', 'Excl'], ['A2', 'Mgd move'], ['A3', 'Respite']);
    expect(untranslatedValues('PLACEMENTS', t, mapping(), PLACEMENT_FIELDS, 2)).toEqual([
      { field: 'reason', values: ['Excl', 'Mgd move'] },
    ]);
    expect(untranslatedValues('PLACEMENTS', t, mapping(), PLACEMENT_FIELDS, 1)).toEqual([
      { field: 'reason', values: ['Excl'] },
    ]);
  });

  it('ignores the rows the job passes over: a totals line’s words are not values to translate', () => {
    const t = sheet(['A1', 'Excl'], ['Total', 'All reasons']);
    expect(untranslatedValues('PLACEMENTS', t, mapping(), PLACEMENT_FIELDS)).toEqual([
      { field: 'reason', values: ['Excl'] },
    ]);
  });
});
