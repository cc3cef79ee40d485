import type ExcelJS from 'exceljs';
import { importFileError } from './csvFile';

/** A ZIP archive's first bytes: an .xlsx workbook is one. */
export const isXlsx = (bytes: Buffer): boolean =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** One CSV record (RFC 4180 quoting where a value needs it). */
const csvLine = (cells: readonly string[]) =>
  cells.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');

/**
 * A cell as the CSV reader would see it typed into a sheet: a date cell as its ISO date (Excel keeps dates
 * as serial numbers with a date format; exceljs hands them back as UTC dates), a formula as its result,
 * rich text and hyperlinks as their text, a number as written (a serial number in a cell without a date
 * format stays a number, which the date reader takes as an Excel serial date).
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const time = value.getUTCHours() + value.getUTCMinutes() + value.getUTCSeconds();
    return time === 0 ? iso : `${iso} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/**
 * The first worksheet of an .xlsx workbook as CSV text, one CSV line per sheet row so the import's line
 * numbers are the sheet's row numbers (an empty row is an empty line; a line break inside a cell becomes
 * a space). Everything after this is the CSV import, unchanged.
 */
export async function xlsxToCsv(bytes: Buffer): Promise<string> {
  // Loaded on the first workbook, not at start: most API processes never see one (issue 18 goal 6, RSS).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw importFileError('NOT_CSV', `The file could not be read as an Excel workbook: ${(err as Error).message}.`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw importFileError('EMPTY_FILE', 'The workbook’s first sheet is empty.');
  const lines: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).replace(/\r?\n|\r/g, ' '));
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    lines.push(csvLine(cells));
  }
  return `${lines.join('\r\n')}\r\n`;
}
