import { parse } from 'csv-parse/sync';
import { AppError } from '../errors';

/**
 * Reading an uploaded CSV. Every refusal of the file as a whole is a typed error (VALIDATION_FAILED with
 * `extensions.importError` naming the kind, and the line where there is one); problems of single rows are
 * the rows' own (csvRows). Nothing is written before these checks pass.
 */
export type ImportFileErrorKind =
  | 'EMPTY_FILE'
  | 'NOT_UTF8'
  | 'TOO_LARGE'
  | 'MISSING_HEADER'
  | 'DUPLICATE_HEADER'
  | 'NOT_CSV'
  | 'UNKNOWN_MAPPING'
  | 'MAPPING_PROBLEM';

export const importFileError = (kind: ImportFileErrorKind, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('VALIDATION_FAILED', `${message} Nothing was imported.`, {
    importError: kind,
    fields: [{ field: 'file', message }],
    ...extra,
  });

/** The default size limit (IMPORT_MAX_BYTES overrides it): a year of an LA's placements is a few megabytes. */
export const DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024;

export function importMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.IMPORT_MAX_BYTES ?? '');
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_IMPORT_MAX_BYTES;
}

/** Reads a stream up to `limit` bytes, refusing as soon as it passes the limit (a 500 MB file is never held). */
export async function readLimited(stream: AsyncIterable<Buffer | string>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > limit)
      throw importFileError(
        'TOO_LARGE',
        `The file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB. Split it, or ask your administrator to raise IMPORT_MAX_BYTES.`,
      );
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** The text of a file that must be UTF-8 (a byte-order mark is dropped); the first bad line is named. */
export function decodeUtf8(bytes: Buffer): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line += 1;
        start = i + 1;
      }
    }
    throw importFileError(
      'NOT_UTF8',
      `The file is not UTF-8 text (line ${line} has bytes that are not). Save it from your spreadsheet as "CSV UTF-8".`,
      { line },
    );
  }
}

export interface CsvTable {
  headers: string[];
  /** Each data row with the file's line number (1 = the header line). */
  rows: { line: number; cells: string[] }[];
}

type CsvRow = CsvTable['rows'][number];

/**
 * Runs csv-parse over the text, giving each record to `keep` with its line number; what `keep` returns is
 * kept (null: nothing). Records are never held as csv-parse's own info objects, and a file refused as a
 * whole is refused here with the line where it went wrong.
 */
function readRecords(text: string, keep: (row: CsvRow) => CsvRow | null, maxRecords?: number): CsvRow[] {
  if (text.trim() === '') throw importFileError('EMPTY_FILE', 'The file is empty.');
  try {
    return parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      to: maxRecords,
      bom: true,
      // csv-parse's types allow on_record to return only a record; it keeps whatever it returns.
      on_record: ((record: string[], context: { lines: number }) =>
        keep({ line: context.lines, cells: record })) as unknown as (record: string[]) => string[],
    }) as unknown as CsvRow[];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw importFileError(
      'NOT_CSV',
      `The file could not be read as CSV${line ? ` at line ${line}` : ''}: ${(err as Error).message}.`,
      {
        line,
      },
    );
  }
}

/** The header line's names, checked: present, named, unique (trailing empty cells dropped). */
function checkedHeaders(head: CsvRow | undefined): string[] {
  if (!head) throw importFileError('EMPTY_FILE', 'The file is empty.');
  const headers = head.cells.map((h) => h.trim());
  // Trailing empty header cells are a spreadsheet's habit, not columns.
  while (headers.length && headers[headers.length - 1] === '') headers.pop();
  const blank = headers.findIndex((h) => h === '');
  if (blank >= 0)
    throw importFileError('MISSING_HEADER', `Column ${blank + 1} of the header line has no name.`, {
      line: head.line,
      column: blank + 1,
    });
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = h.toLowerCase();
    if (seen.has(key))
      throw importFileError(
        'DUPLICATE_HEADER',
        `The header "${h}" appears twice (columns ${seen.get(key)! + 1} and ${i + 1}).`,
        { line: head.line, column: i + 1 },
      );
    seen.set(key, i);
  });
  return headers;
}

/**
 * Parses the whole file: headers checked (present, named, unique); rows keep their line numbers. With
 * `keep`, only the data rows it accepts are held (every row is still read and checked as CSV): how the API
 * reads a large held file for what it shows without holding every row (docs/performance.md, goal 6).
 */
export function parseCsv(text: string, opts: { maxRecords?: number; keep?: (row: CsvRow) => boolean } = {}): CsvTable {
  let head: CsvRow | undefined;
  let seen = 0;
  const { keep } = opts;
  const rows = readRecords(
    text,
    (row) => {
      if (!head) {
        head = row;
        return null;
      }
      seen += 1;
      return !keep || keep(row) ? row : null;
    },
    opts.maxRecords,
  );
  const headers = checkedHeaders(head);
  if (seen === 0) throw importFileError('EMPTY_FILE', 'The file has a header line but no rows.');
  return { headers, rows };
}

/** The checked header names of a CSV file, reading its first record only. */
export const csvHeaders = (text: string): string[] => checkedHeaders(readRecords(text, (row) => row, 1)[0]);

/**
 * Checks the whole file as parseCsv does (every refusal the same) without holding its rows: what an upload
 * checks before it is stored, in the API, where a 50 MB file parsed whole needs hundreds of MB of heap
 * (docs/performance.md, goal 6).
 */
export function checkCsv(text: string): { headers: string[]; rowCount: number } {
  let head: CsvRow | undefined;
  let rowCount = 0;
  readRecords(text, (row) => {
    if (head) rowCount += 1;
    else head = row;
    return null;
  });
  const headers = checkedHeaders(head);
  if (rowCount === 0) throw importFileError('EMPTY_FILE', 'The file has a header line but no rows.');
  return { headers, rowCount };
}
