import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isXlsx, xlsxToCsv } from '../../../src/import/xlsxFile';
import { parseCsv } from '../../../src/import/csvFile';
import { parseSheetDate } from '../../../src/domain/import/mapping';

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Placements');
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    r.forEach((v, j) => {
      row.getCell(j + 1).value = v;
    });
    row.commit();
  });
  ws.getCell('C2').numFmt = 'dd/mm/yyyy';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX import: the first sheet read as the CSV import reads a file (issue 16 item 1)', () => {
  it('keeps the sheet’s row numbers, writes date cells as ISO dates and keeps serial numbers readable', async () => {
    const bytes = await workbook([
      ['Pupil UPN', 'Name', 'DOB', 'Started', 'Hours', 'Notes'],
      ['A123', 'Ash, Amy', new Date(Date.UTC(2011, 4, 10)), 45908, 10, 'Line one\nline "two", three'],
      [],
      ['B456', { richText: [{ text: 'Bo ' }, { text: 'Bell' }] }, null, '08/09/2025', { formula: '5*2', result: 10 }],
      ['Total', null, null, null, { formula: 'SUM(E2:E4)', result: 20 }],
    ]);
    expect(isXlsx(bytes)).toBe(true);
    expect(isXlsx(Buffer.from('UPN,Name\r\n'))).toBe(false);
    const csv = await xlsxToCsv(bytes);
    const table = parseCsv(csv);
    expect(table.headers).toEqual(['Pupil UPN', 'Name', 'DOB', 'Started', 'Hours', 'Notes']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['A123', 'Ash, Amy', '2011-05-10', '45908', '10', 'Line one line "two", three'] },
      { line: 4, cells: ['B456', 'Bo Bell', '', '08/09/2025', '10'] },
      { line: 5, cells: ['Total', '', '', '', '20'] },
    ]);
    // A serial number in a cell without a date format is read as Excel's date.
    expect(parseSheetDate('45908', 'DMY')).toEqual({ ok: true, date: '2025-09-08' });
  });

  it('refuses a file that is not a workbook, and an empty sheet', async () => {
    await expect(xlsxToCsv(Buffer.from('PK\x03\x04 not really a zip'))).rejects.toMatchObject({
      extensions: { importError: 'NOT_CSV' },
    });
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Empty');
    await expect(xlsxToCsv(Buffer.from(await empty.xlsx.writeBuffer()))).rejects.toMatchObject({
      extensions: { importError: 'EMPTY_FILE' },
    });
  });
});
