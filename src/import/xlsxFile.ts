import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { importFileError } from './csvFile';

/** A ZIP archive's first bytes: an .xlsx workbook is one. */
export const isXlsx = (bytes: Buffer): boolean =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** One CSV record (RFC 4180 quoting where a value needs it). */
const csvLine = (cells: readonly string[]) =>
  cells.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');

/** Excel's serial date (days since 1899-12-30, or since 1904-01-01 in a 1904 workbook) as a UTC date. */
const excelToDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

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
  // A formula whose result is an error (#N/A) comes back from the streaming reader as NaN.
  if (typeof value === 'number' && Number.isNaN(value)) return '';
  return String(value);
}

/** What the streaming reader gives that its whole-workbook reader does not need (exceljs has no types for it). */
interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  id: number | string;
  iterator?: { destroy?: () => void };
}
interface StreamedWorkbook extends AsyncIterable<StreamedSheet> {
  model?: { sheets?: { id: number | string }[] };
  properties?: { model?: { date1904?: boolean } };
}
interface DateFormats {
  isDateFmt(fmt: string | undefined): boolean;
}

/**
 * A formula's result in a date-formatted cell, as the whole-workbook reader gives it (a date); the streaming
 * reader converts only plain values.
 */
function streamedValue(cell: ExcelJS.Cell, formats: DateFormats, date1904: boolean): ExcelJS.CellValue {
  const value = cell.value;
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (typeof result === 'number' && !Number.isNaN(result) && formats.isDateFmt(cell.numFmt))
      return { ...(value as ExcelJS.CellFormulaValue), result: excelToDate(result, date1904) };
  }
  return value;
}

/**
 * The first worksheet of an .xlsx workbook as the CSV it would save as (UTF-8 bytes), one CSV line per sheet
 * row so the import's line numbers are the sheet's row numbers (an empty row is an empty line; a line break
 * inside a cell becomes a space). Everything after this is the CSV import, unchanged.
 *
 * The workbook is read as a stream, row by row (exceljs's WorkbookReader; worksheets that come before the
 * shared strings in the archive wait in a temporary file), so the API holds the CSV and the shared strings,
 * never the workbook's object model: that made an upload need several times the file's size in heap, more than
 * the API's heap cap allows (docs/performance.md, goal 6). The CSV is held to `limit` bytes, the import's own
 * limit (IMPORT_MAX_BYTES): a workbook that would save as a larger CSV is refused as too large.
 */
export async function xlsxToCsvBytes(bytes: Buffer, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  // Loaded on the first workbook, not at start: most API processes never see one (issue 18 goal 6, RSS).
  const { default: Excel } = await import('exceljs');
  // The date formats exactly as the whole-workbook reader tells them (exceljs/lib/utils/utils.js).
  // @ts-expect-error exceljs ships no types for its internal utilities
  const { default: formats } = (await import('exceljs/lib/utils/utils.js')) as { default: DateFormats };
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as StreamedWorkbook;
  const chunks: Buffer[] = [];
  let size = 0;
  let lines: string[] = [];
  let read = false;
  const flush = () => {
    if (lines.length === 0) return;
    const chunk = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    lines = [];
    size += chunk.length;
    if (size > limit)
      throw importFileError(
        'TOO_LARGE',
        `The workbook’s first sheet saved as CSV is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB. Split it, or ask your administrator to raise IMPORT_MAX_BYTES.`,
      );
    chunks.push(chunk);
  };
  try {
    for await (const sheet of reader) {
      // The first sheet in the workbook's tab order, as the whole-workbook reader's `worksheets[0]`; the
      // archive may hold the sheets' files in another order. Before workbook.xml is read, the first one met.
      const first = reader.model?.sheets?.[0];
      if (read || (first && String(first.id) !== String(sheet.id))) {
        // Not read: close what it would be read from (a sheet that waited in a temporary file holds it open).
        sheet.iterator?.destroy?.();
        continue;
      }
      read = true;
      const date1904 = reader.properties?.model?.date1904 === true;
      let next = 1;
      for await (const row of sheet) {
        // Rows the sheet does not hold (never written) are empty lines, so line numbers stay row numbers.
        for (; next < row.number; next++) lines.push('');
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++)
          cells.push(cellText(streamedValue(row.getCell(c), formats, date1904)).replace(/\r?\n|\r/g, ' '));
        while (cells.length && cells[cells.length - 1] === '') cells.pop();
        lines.push(csvLine(cells));
        next = row.number + 1;
        if (lines.length >= 1000) flush();
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw importFileError('NOT_CSV', `The file could not be read as an Excel workbook: ${(err as Error).message}.`);
  }
  flush();
  if (size === 0) throw importFileError('EMPTY_FILE', 'The workbook’s first sheet is empty.');
  return Buffer.concat(chunks, size);
}

/** The first worksheet as CSV text (xlsxToCsvBytes). */
export async function xlsxToCsv(bytes: Buffer, limit?: number): Promise<string> {
  return (await xlsxToCsvBytes(bytes, limit)).toString('utf8');
}
