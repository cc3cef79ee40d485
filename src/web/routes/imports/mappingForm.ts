import type { ImportField } from '../../../domain/import/placementColumns';
import { LABELS } from '../../labels';
import type { ImportKindPage } from './kinds';

/** The mapping step's reading of a held file (ImportUploadPage). */
export interface ImportUploadAnswer {
  importUpload: {
    id: string;
    kind: string;
    fileName: string;
    headers: string[];
    source: string | null;
    mapping: {
      columns: { field: string; header: string }[];
      dateFormat: string;
      values: { field: string; from: string; to: string }[];
    };
    problems: { field: string; message: string }[];
    unmappedHeaders: string[];
    untranslated: { field: string; header: string; values: string[] }[];
    preview: {
      line: number;
      problem: string | null;
      cells: { field: string; header: string; value: string; reads: string | null; problem: string | null }[];
    }[];
  } | null;
}
type Upload = NonNullable<ImportUploadAnswer['importUpload']>;

export interface MappingInput {
  columns: { field: string; header: string }[];
  dateFormat: string;
  values: { field: string; from: string; to: string }[];
}

const DATE_FORMATS = ['DMY', 'MDY', 'ISO'];

/**
 * The mapping the form says: each header's select (`column-<i>`, its header in `header-<i>`), the date format,
 * and each translation (`from-<field>-<n>` → `to-<field>-<n>`; "no translation" drops it). Only what the page
 * alone can see is a problem here (two columns chosen for one field); the API judges the rest.
 */
export function mappingFromForm(
  body: Record<string, string | undefined>,
  fields: readonly ImportField[],
): { mapping: MappingInput; problems: { field: string; message: string }[]; chosen: string[] } {
  const columns: MappingInput['columns'] = [];
  // Each select as the user left it, so a page with a problem shows their choice beside its error message.
  const chosen: string[] = [];
  const problems: { field: string; message: string }[] = [];
  const known = new Map(fields.map((f) => [f.field, f]));
  for (let i = 0; body[`header-${i}`] !== undefined; i++) {
    const header = body[`header-${i}`]!;
    const field = body[`column-${i}`] ?? '';
    chosen[i] = field;
    if (!field) continue;
    const f = known.get(field);
    const earlier = columns.find((c) => c.field === field);
    if (earlier)
      problems.push({
        field: `column-${i}`,
        message: `“${f?.header ?? field}” is already read from the column “${earlier.header}”: choose it for one column only.`,
      });
    else columns.push({ field, header });
  }
  const values: MappingInput['values'] = [];
  for (const f of fields.filter((x) => x.kind === 'enum'))
    for (let n = 0; body[`from-${f.field}-${n}`] !== undefined; n++) {
      const to = body[`to-${f.field}-${n}`] ?? '';
      if (to) values.push({ field: f.field, from: body[`from-${f.field}-${n}`]!, to });
    }
  const dateFormat = DATE_FORMATS.includes(body.dateFormat ?? '') ? body.dateFormat! : 'DMY';
  return { mapping: { columns, dateFormat, values }, problems, chosen };
}

// Our codes' words for the translation choices: the label table where it has them, else the code.
const LABEL_KIND: Record<string, string> = { reason: 'reason', tier: 'tier', registration: 'registration' };
const codeText = (field: string, code: string) => {
  const words = LABELS[LABEL_KIND[field] ?? field]?.[code];
  return words ? `${words} (${code})` : code;
};

/** Where an API problem about a field leads on the mapping page. */
export function anchorFor(u: Upload, field: string): string {
  if (field === 'source') return 'saveAs';
  if (field.startsWith('column-')) return field;
  const header = u.mapping.columns.find((c) => c.field === field)?.header;
  const i = header === undefined ? -1 : u.headers.indexOf(header);
  if (i >= 0) return `column-${i}`;
  if (u.untranslated.some((x) => x.field === field) || u.mapping.values.some((v) => v.field === field))
    return `translations-${field}`;
  return 'columns';
}

/**
 * The mapping page's pieces: a select per header, the date format, the translations, the preview table.
 * `chosen` (the form's selects, by header position) overrides the mapping read back where the form was refused.
 */
export function mappingView(u: Upload, page: ImportKindPage, chosen?: readonly string[]) {
  const fromMapping = new Map(u.mapping.columns.map((c) => [c.header, c.field]));
  const byHeader = new Map(u.headers.map((h, i) => [h, chosen?.[i] ?? fromMapping.get(h) ?? '']));
  const fieldItems = (chosen: string) => [
    { value: '', text: 'Not imported', selected: chosen === '' },
    ...page.fields.map((f) => ({
      value: f.field,
      text: `${f.header}${f.required ? ' (required)' : ''}`,
      selected: f.field === chosen,
    })),
  ];
  const columns = u.headers.map((header, i) => ({
    i,
    header,
    field: byHeader.get(header) ?? '',
    items: fieldItems(byHeader.get(header) ?? ''),
  }));
  const mappedEnums = page.fields.filter(
    (f) => f.kind === 'enum' && u.mapping.columns.some((c) => c.field === f.field),
  );
  const translations = mappedEnums
    .map((f) => {
      const saved = u.mapping.values.filter((v) => v.field === f.field).map((v) => ({ from: v.from, to: v.to }));
      const missing = (u.untranslated.find((x) => x.field === f.field)?.values ?? []).map((from) => ({ from, to: '' }));
      const codes = Object.keys(f.values ?? {});
      return {
        field: f.field,
        label: f.label,
        header: u.mapping.columns.find((c) => c.field === f.field)!.header,
        missing: missing.length,
        rows: [...missing, ...saved].map((r, n) => ({
          n,
          from: r.from,
          items: [
            { value: '', text: 'No translation (the row is refused)', selected: r.to === '' },
            ...codes.map((c) => ({ value: c, text: codeText(f.field, c), selected: c === r.to })),
          ],
        })),
      };
    })
    .filter((t) => t.rows.length);
  const previewFields = page.fields.filter((f) => u.mapping.columns.some((c) => c.field === f.field));
  const previewHead = [
    { text: 'Line' },
    ...previewFields.map((f) => ({
      text: `${f.header} (${u.mapping.columns.find((c) => c.field === f.field)!.header})`,
    })),
  ];
  const previewRows = u.preview.map((r) => [
    { text: String(r.line) },
    ...previewFields.map((f) => {
      const c = r.cells.find((x) => x.field === f.field);
      if (!c || c.value.trim() === '') return { text: '' };
      if (c.problem)
        return { html: `<strong class="govuk-tag govuk-tag--red">Cannot be read</strong> ${escape(c.problem)}` };
      return { text: c.reads && c.reads !== c.value.trim() ? `${c.value} → ${c.reads}` : c.value };
    }),
  ]);
  const rowProblems = u.preview.filter((r) => r.problem).map((r) => `Line ${r.line}: ${r.problem}`);
  return { columns, translations, previewHead, previewRows, rowProblems, dateFormat: u.mapping.dateFormat };
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
