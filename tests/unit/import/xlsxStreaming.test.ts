import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxToCsv, xlsxToCsvBytes } from '../../../src/import/xlsxFile';

async function bytesOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX import read as a stream (issue 18 goal 6)', () => {
  it('refuses a workbook whose first sheet saves as a CSV larger than the import limit, as too large', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Placements');
    ws.addRow(['UPN', 'Name']);
    for (let i = 0; i < 3000; i++) ws.addRow([`A${i}`, `Pupil number ${i}`]);
    const bytes = await bytesOf(wb);
    const csv = await xlsxToCsvBytes(bytes);
    expect(csv.length).toBeGreaterThan(50_000);
    await expect(xlsxToCsvBytes(bytes, csv.length)).resolves.toEqual(csv);
    await expect(xlsxToCsvBytes(bytes, 50_000)).rejects.toMatchObject({ extensions: { importError: 'TOO_LARGE' } });
  });

  it('reads the first sheet in tab order only, a date-formatted formula as its date and an error as empty', async () => {
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet('First');
    wb.addWorksheet('Second').addRow(['not', 'this']);
    first.addRow(['UPN', 'Start', 'Check']);
    first.addRow([
      'A1',
      { formula: 'DATE(2025,9,8)', result: 45908 },
      { formula: '1/0', result: { error: '#DIV/0!' } },
    ]);
    first.getCell('B2').numFmt = 'dd/mm/yyyy';
    first.getRow(4).getCell(1).value = 'A4';
    expect(await xlsxToCsv(await bytesOf(wb))).toBe('UPN,Start,Check\r\nA1,2025-09-08\r\n\r\nA4\r\n');
  });
});
