import type { Characteristics } from '../characteristics';
import { validateUpn } from '../identifiers';
import { parseSheetDate, translateValue, type ColumnMapping } from './mapping';
import type { ImportField } from './placementColumns';
import type { RowProblem } from './placementRow';

const YES_NO = { true: ['y', 'yes', '1', 'true', 't'], false: ['n', 'no', '0', 'false', 'f'] };

/**
 * The characteristics import (an MIS-style export, one row per pupil, as of a date): each field present
 * and different from what held for the pupil on that date is recorded as a dated change through
 * changePupilCharacteristics' rules (src/usecases/pupils/changeCharacteristics.ts).
 * SEN provision codes as in the school census: N none, K SEN support, E EHC plan.
 */
export const CHARACTERISTIC_IMPORT_FIELDS: readonly ImportField[] = [
  {
    field: 'upn',
    header: 'UPN',
    kind: 'text',
    label: 'UPN',
    required: true,
    synonyms: ['upn', 'uniquepupilnumber', 'pupilupn'],
  },
  {
    field: 'senStatus',
    header: 'SEN provision',
    kind: 'enum',
    label: 'SEN provision (N, K or E)',
    required: false,
    synonyms: ['senprovision', 'sen', 'senstatus', 'sencode'],
    values: {
      NONE: ['n', 'none', 'no sen'],
      SEN_SUPPORT: ['k', 'sen support', 'support'],
      EHCP: ['e', 'ehcp', 'ehc plan', 'statement', 's'],
    },
  },
  {
    field: 'ehcp',
    header: 'EHCP',
    kind: 'enum',
    label: 'has an EHC plan (Y/N)',
    required: false,
    synonyms: ['ehcp', 'ehcplan', 'hasehcp'],
    values: YES_NO,
  },
  {
    field: 'fsmEligible',
    header: 'FSM',
    kind: 'enum',
    label: 'eligible for free school meals (Y/N)',
    required: false,
    synonyms: ['fsm', 'fsmeligible', 'freeschoolmeals', 'fsmeligibility'],
    values: YES_NO,
  },
  {
    field: 'lookedAfter',
    header: 'Looked after',
    kind: 'enum',
    label: 'looked after (Y/N)',
    required: false,
    synonyms: ['lookedafter', 'lac', 'cla', 'incare', 'lookedafterchild'],
    values: YES_NO,
  },
  {
    field: 'ethnicityCode',
    header: 'Ethnicity',
    kind: 'text',
    label: 'ethnicity (4-letter DfE code)',
    required: false,
    synonyms: ['ethnicity', 'ethnicitycode', 'ethnicgroup'],
  },
  {
    field: 'asOf',
    header: 'As of',
    kind: 'date',
    label: 'the date these values held from (else the file’s as-of date)',
    required: false,
    synonyms: ['asof', 'asat', 'effectivedate', 'effectiveon'],
  },
];

export interface CharacteristicsRow {
  upn: string;
  asOf: string;
  values: Partial<Characteristics>;
}

export type ReadCharacteristicsRow =
  { ok: true; row: CharacteristicsRow } | { ok: false; problems: RowProblem[] } | { ok: 'skip' };

export function readCharacteristicsRow(
  cells: Record<string, string>,
  line: number,
  mapping: ColumnMapping,
  fileAsOf: string,
): ReadCharacteristicsRow {
  if (Object.values(cells).every((v) => v.trim() === '')) return { ok: 'skip' };
  const problems: RowProblem[] = [];
  const field = (f: string) => CHARACTERISTIC_IMPORT_FIELDS.find((x) => x.field === f)!;
  const refuse = (f: string, message: string, rule?: string) =>
    problems.push({ line, column: mapping.columns[f] ?? field(f).header, message, ...(rule ? { rule } : {}) });
  const cell = (f: string) => (cells[f] ?? '').trim();
  const code = (f: string) => {
    const v = cell(f);
    if (!v) return null;
    const t = translateValue(field(f), v, mapping);
    if (t === null) refuse(f, `"${v}" is not a ${field(f).label} we know.`);
    return t;
  };
  const upn = validateUpn(cell('upn'));
  if (!upn.ok) refuse('upn', upn.message, upn.rule);
  const values: Partial<Characteristics> = {};
  const sen = code('senStatus');
  const ehcp = code('ehcp');
  if (sen) values.senStatus = sen as Characteristics['senStatus'];
  if (ehcp === 'true') values.senStatus = 'EHCP';
  if (ehcp === 'false' && sen === 'EHCP')
    refuse('ehcp', 'The EHCP column says no, but the SEN provision says E (EHC plan).');
  if (ehcp === 'false' && !sen) refuse('ehcp', 'Without an EHC plan, say the SEN provision (N or K) too.');
  const fsm = code('fsmEligible');
  if (fsm) values.fsmEligible = fsm === 'true';
  const lac = code('lookedAfter');
  if (lac) values.lookedAfter = lac === 'true';
  const eth = cell('ethnicityCode').toUpperCase();
  if (eth) {
    if (/^[A-Z]{4}$/.test(eth)) values.ethnicityCode = eth;
    else refuse('ethnicityCode', 'Ethnicity is a 4-letter DfE code, e.g. WBRI.');
  }
  let asOf = fileAsOf;
  if (cell('asOf')) {
    const d = parseSheetDate(cell('asOf'), mapping.dateFormat);
    if (d.ok) asOf = d.date;
    else refuse('asOf', `The as-of date: ${d.message}`);
  }
  if (problems.length || !upn.ok) return { ok: false, problems };
  return { ok: true, row: { upn: upn.upn, asOf, values } };
}

/** The characteristics template: its headers and one example row. */
export function characteristicsTemplateCsv(): string {
  const cols = CHARACTERISTIC_IMPORT_FIELDS;
  const example: Record<string, string> = {
    upn: 'H801200001001',
    senStatus: 'K',
    ehcp: 'N',
    fsmEligible: 'Y',
    lookedAfter: 'N',
    ethnicityCode: 'WBRI',
  };
  return `${cols.map((f) => f.header).join(',')}\r\n${cols.map((f) => example[f.field] ?? '').join(',')}\r\n`;
}
