import { parseSheetDate, translateValue, type ColumnMapping } from './mapping';
import type { ImportField } from './placementColumns';
import { placementRowSkip } from './placementRow';

/**
 * What the mapping step shows before anything is queued: the first rows as the import job will read them
 * (the same rows skipped, the same cells under the same fields, each date and code as it will be read), and
 * the values of the coded columns that nothing translates yet. Pure: the file arrives as its parsed table.
 */
export type ImportKindName = 'PLACEMENTS' | 'CHARACTERISTICS';

export interface SheetTable {
  headers: readonly string[];
  rows: readonly { line: number; cells: readonly string[] }[];
}

export interface PreviewCell {
  field: string;
  /** The cell as the file has it. */
  value: string;
  /** What the import reads from it (a date as YYYY-MM-DD, a code as ours), when it reads it. */
  reads: string | null;
  /** Why the import cannot read it, in plain English. */
  problem: string | null;
}

export interface PreviewRow {
  line: number;
  cells: PreviewCell[];
  /** A row with more values than the header: the job refuses it whole. */
  problem: string | null;
}

/** A row's cells under the mapping's fields, exactly as the job takes them (a missing cell is empty). */
export function mappedCells(
  headers: readonly string[],
  mapping: ColumnMapping,
  cells: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(mapping.columns).map(([field, header]) => {
      const i = headers.indexOf(header);
      return [field, i >= 0 ? (cells[i] ?? '') : ''];
    }),
  );
}

/** Whether the job passes over the row: blank rows for both imports, a totals line for placements. */
export function skippedByJob(kind: ImportKindName, cells: Record<string, string>): boolean {
  if (kind === 'PLACEMENTS') return placementRowSkip(cells) !== null;
  return Object.values(cells).every((v) => v.trim() === '');
}

/** One cell as the import reads it. */
function readCell(f: ImportField, raw: string, mapping: ColumnMapping): PreviewCell {
  const value = raw.trim();
  if (value === '') return { field: f.field, value: raw, reads: null, problem: null };
  if (f.kind === 'date') {
    const d = parseSheetDate(value, mapping.dateFormat);
    return d.ok
      ? { field: f.field, value: raw, reads: d.date, problem: null }
      : { field: f.field, value: raw, reads: null, problem: d.message };
  }
  if (f.kind === 'enum') {
    const code = translateValue(f, value, mapping);
    return code === null
      ? { field: f.field, value: raw, reads: null, problem: `"${value}" is not a ${f.label} we know.` }
      : { field: f.field, value: raw, reads: code, problem: null };
  }
  return { field: f.field, value: raw, reads: value, problem: null };
}

/** The first `n` rows the job will read, each mapped field's cell as it will be read. */
export function previewRows(
  kind: ImportKindName,
  table: SheetTable,
  mapping: ColumnMapping,
  fields: readonly ImportField[],
  n = 5,
): PreviewRow[] {
  const mapped = fields.filter((f) => mapping.columns[f.field] !== undefined);
  const out: PreviewRow[] = [];
  for (const { line, cells } of table.rows) {
    if (out.length >= n) break;
    const byField = mappedCells(table.headers, mapping, cells);
    if (skippedByJob(kind, byField)) continue;
    const extra = cells.slice(table.headers.length).some((c) => c.trim() !== '');
    out.push({
      line,
      cells: mapped.map((f) => readCell(f, byField[f.field] ?? '', mapping)),
      problem: extra ? `This row has ${cells.length} values but the header has ${table.headers.length} columns.` : null,
    });
  }
  return out;
}

/** untranslatedValues row by row: `add` says whether the row brought a value not met before. */
function untranslatedCollector(
  kind: ImportKindName,
  headers: readonly string[],
  mapping: ColumnMapping,
  fields: readonly ImportField[],
  cap: number,
) {
  const coded = fields.filter((f) => f.kind === 'enum' && mapping.columns[f.field] !== undefined);
  const found = new Map<string, Set<string>>(coded.map((f) => [f.field, new Set()]));
  return {
    add(cells: readonly string[]): boolean {
      const byField = mappedCells(headers, mapping, cells);
      if (skippedByJob(kind, byField)) return false;
      let added = false;
      for (const f of coded) {
        const v = (byField[f.field] ?? '').trim();
        const seen = found.get(f.field)!;
        if (v === '' || seen.size >= cap || seen.has(v)) continue;
        if (translateValue(f, v, mapping) === null) {
          seen.add(v);
          added = true;
        }
      }
      return added;
    },
    values: () =>
      coded.map((f) => ({ field: f.field, values: [...found.get(f.field)!] })).filter((u) => u.values.length),
  };
}

/**
 * For each coded column the mapping reads, the file's distinct values that neither the mapping's translations
 * nor our codes and common spellings read, in the order first met (at most `cap` per field): the values the
 * mapping step asks the officer to translate.
 */
export function untranslatedValues(
  kind: ImportKindName,
  table: SheetTable,
  mapping: ColumnMapping,
  fields: readonly ImportField[],
  cap = 50,
): { field: string; values: string[] }[] {
  const collector = untranslatedCollector(kind, table.headers, mapping, fields, cap);
  for (const { cells } of table.rows) collector.add(cells);
  return collector.values();
}

/**
 * Which rows of a file the mapping step can show anything from: the first `n` rows the job reads (previewRows)
 * and each row that brings a value nothing translates yet (untranslatedValues). Both give over the rows this
 * accepts, in file order, exactly what they give over the whole file, so a large held file is read for the
 * mapping step without holding every row (csvFile's parseCsv `keep`; docs/performance.md, goal 6).
 * Stateful: one per reading of a file, given every data row in order.
 */
export function rowsTheMappingStepShows(
  kind: ImportKindName,
  headers: readonly string[],
  mapping: ColumnMapping,
  fields: readonly ImportField[],
  n = 5,
  cap = 50,
): (row: { cells: readonly string[] }) => boolean {
  const untranslated = untranslatedCollector(kind, headers, mapping, fields, cap);
  let previewed = 0;
  return ({ cells }) => {
    const added = untranslated.add(cells);
    if (previewed < n && !skippedByJob(kind, mappedCells(headers, mapping, cells))) {
      previewed += 1;
      return true;
    }
    return added;
  };
}
