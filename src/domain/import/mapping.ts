import { civilToDayNumber, daysInMonth, fromDayNumber, isSupportedDate, unsupportedDateMessage } from '../dates';
import type { ImportField } from './placementColumns';

/**
 * A source's column mapping: which of its headers holds each field, how it writes dates, and what its own
 * codes mean ("PEX" → PERMANENT_EXCLUSION). Saved per source so next month's file imports in one step.
 */
export type DateFormat = 'DMY' | 'MDY' | 'ISO';

export interface ColumnMapping {
  /** Our field → the source's header. */
  columns: Record<string, string>;
  /** How the source writes dates other than ISO (ISO dates and Excel serial numbers are always read). */
  dateFormat: DateFormat;
  /** Our field → (the source's value → our value). Compared case-insensitively. */
  values: Record<string, Record<string, string>>;
}

/** Lower case, letters and digits only: "Date of Birth" and "DOB:" compare as "dateofbirth" and "dob". */
export const normaliseHeader = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Lower case, runs of spaces, hyphens, underscores and full stops as one space: "Perm-Ex." → "perm ex". */
const normaliseValue = (v: string): string =>
  v
    .toLowerCase()
    .replace(/[\s_\-.]+/g, ' ')
    .trim();

/** The mapping suggested from a sheet's headers: each field takes the first header matching its name or a synonym. */
export function suggestMapping(
  headers: readonly string[],
  fields: readonly ImportField[],
): { mapping: ColumnMapping; unmapped: string[] } {
  const columns: Record<string, string> = {};
  const used = new Set<string>();
  for (const f of fields) {
    const names = new Set([normaliseHeader(f.header), normaliseHeader(f.field), ...f.synonyms]);
    const hit = headers.find((h) => !used.has(h) && names.has(normaliseHeader(h)));
    if (hit !== undefined) {
      columns[f.field] = hit;
      used.add(hit);
    }
  }
  return { mapping: { columns, dateFormat: 'DMY', values: {} }, unmapped: headers.filter((h) => !used.has(h)) };
}

/** Problems with a mapping against a file's headers, before any row is read. */
export function mappingProblems(
  mapping: ColumnMapping,
  headers: readonly string[],
  fields: readonly ImportField[],
): string[] {
  return mappingFieldProblems(mapping, headers, fields).map((p) => p.message);
}

/**
 * The same problems, each with the field it is about (the mapping step names them in its error summary):
 * a field we do not have, a header the file lacks, a translation to a code we do not have, a required field
 * left unmapped.
 */
export function mappingFieldProblems(
  mapping: ColumnMapping,
  headers: readonly string[],
  fields: readonly ImportField[],
): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const known = new Set(fields.map((f) => f.field));
  for (const [field, header] of Object.entries(mapping.columns)) {
    if (!known.has(field))
      out.push({ field, message: `The mapping names a field the import does not have: "${field}".` });
    else if (!headers.includes(header))
      out.push({ field, message: `The mapping reads ${field} from a column "${header}" that the file does not have.` });
  }
  for (const [field, table] of Object.entries(mapping.values)) {
    const f = fields.find((x) => x.field === field);
    const codes = Object.keys(f?.values ?? {});
    for (const [from, to] of Object.entries(table))
      if (!codes.includes(to))
        out.push({
          field,
          message: `The mapping translates "${from}" to "${to}", which is not a ${f ? f.label : field} we know.`,
        });
  }
  for (const f of fields)
    if (f.required && !mapping.columns[f.field])
      out.push({ field: f.field, message: `No column is mapped to the required field "${f.header}" (${f.label}).` });
  return out;
}

export type ParsedDate = { ok: true; date: string } | { ok: false; message: string };

const EXCEL_EPOCH = civilToDayNumber(1899, 12, 30);

/**
 * A date as sheets write it: ISO (2025-09-08), the source's day-first or month-first form (08/09/2025,
 * 8.9.2025, 08-09-2025) or an Excel serial number (45908). Two-digit years are refused: 01/02/03 is a guess.
 */
export function parseSheetDate(raw: string, format: DateFormat): ParsedDate {
  const s = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s);
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(s);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (/^\d{5}(\.0+)?$/.test(s)) {
    const date = fromDayNumber(EXCEL_EPOCH + Math.trunc(Number(s)));
    return isSupportedDate(date) ? { ok: true, date } : { ok: false, message: unsupportedDateMessage(date) };
  } else if (slashed) {
    if (slashed[3]!.length !== 4)
      return { ok: false, message: `"${s}" has a two-digit year; write the year in full (e.g. 08/09/2025).` };
    if (format === 'ISO') return { ok: false, message: `"${s}" is not a date in the form YYYY-MM-DD.` };
    const a = Number(slashed[1]);
    const b = Number(slashed[2]);
    [d, m] = format === 'MDY' ? [b, a] : [a, b];
    y = Number(slashed[3]);
  } else {
    const form = format === 'MDY' ? 'mm/dd/yyyy' : format === 'ISO' ? 'YYYY-MM-DD' : 'dd/mm/yyyy';
    return { ok: false, message: `"${s}" is not a date (expected ${form}).` };
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return { ok: false, message: `"${s}" is not a real date.` };
  const date = fromDayNumber(civilToDayNumber(y, m, d));
  return isSupportedDate(date) ? { ok: true, date } : { ok: false, message: unsupportedDateMessage(date) };
}

/**
 * A cell's value as one of our codes: the source's own translation first, then our code itself
 * ("TIER_2_TIME_LIMITED", "tier 2 time limited"), then the common spellings in the field's list.
 */
export function translateValue(field: ImportField, raw: string, mapping: ColumnMapping): string | null {
  return translationsFor(field, mapping).get(normaliseValue(raw)) ?? null;
}

// Every row asks about the same few fields under one mapping: the lookup is built once per mapping and field
// (first match wins, in the order above), not by normalising every code and spelling for every cell.
const TRANSLATIONS = new WeakMap<ColumnMapping, Map<ImportField, Map<string, string>>>();

function translationsFor(field: ImportField, mapping: ColumnMapping): Map<string, string> {
  let byField = TRANSLATIONS.get(mapping);
  if (!byField) TRANSLATIONS.set(mapping, (byField = new Map()));
  let table = byField.get(field);
  if (table) return table;
  table = new Map();
  const add = (from: string, to: string) => {
    if (!table!.has(from)) table!.set(from, to);
  };
  for (const [from, to] of Object.entries(mapping.values[field.field] ?? {})) add(normaliseValue(from), to);
  const values = field.values ?? {};
  for (const code of Object.keys(values)) add(normaliseValue(code), code);
  for (const [code, spellings] of Object.entries(values)) for (const s of spellings) add(s, code);
  byField.set(field, table);
  return table;
}
