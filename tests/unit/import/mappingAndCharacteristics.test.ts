import { describe, expect, it } from 'vitest';
import {
  CHARACTERISTIC_IMPORT_FIELDS,
  characteristicsTemplateCsv,
  readCharacteristicsRow,
} from '../../../src/domain/import/characteristicsColumns';
import {
  mappingProblems,
  normaliseHeader,
  parseSheetDate,
  suggestMapping,
  translateValue,
  type ColumnMapping,
} from '../../../src/domain/import/mapping';
import { PLACEMENT_FIELDS, placementField } from '../../../src/domain/import/placementColumns';

/** Issue 16 item 1: a source's mapping (headers, date form, its own codes) and the characteristics import's rows. */
const mapping = (over: Partial<ColumnMapping> = {}): ColumnMapping => ({
  columns: {},
  dateFormat: 'DMY',
  values: {},
  ...over,
});

describe('import mapping: dates as sheets write them', () => {
  it('reads ISO dates, with a midnight time as spreadsheets export them, whatever the source’s form', () => {
    for (const s of ['2025-09-08', '2025-09-08T00:00', '2025-09-08 00:00:00', '2025-09-08T00:00:00.000Z'])
      expect(parseSheetDate(s, 'MDY'), s).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('2025-09-08', 'ISO')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('2025-09-08T10:00', 'DMY')).toEqual({
      ok: false,
      message: '"2025-09-08T10:00" is not a date (expected dd/mm/yyyy).',
    });
    expect(parseSheetDate('2024-02-29', 'DMY')).toEqual({ ok: true, date: '2024-02-29' });
    expect(parseSheetDate('2025-02-29', 'DMY')).toEqual({ ok: false, message: '"2025-02-29" is not a real date.' });
  });

  it('reads day-first or month-first as the source says, with / . or - between, and checks the day is real', () => {
    expect(parseSheetDate(' 8-9-2025 ', 'DMY')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('12/31/2025', 'MDY')).toEqual({ ok: true, date: '2025-12-31' });
    expect(parseSheetDate('31/12/2025', 'DMY')).toEqual({ ok: true, date: '2025-12-31' });
    expect(parseSheetDate('12/31/2025', 'DMY')).toEqual({ ok: false, message: '"12/31/2025" is not a real date.' });
    expect(parseSheetDate('00/12/2025', 'DMY')).toEqual({ ok: false, message: '"00/12/2025" is not a real date.' });
    expect(parseSheetDate('01/00/2025', 'DMY')).toEqual({ ok: false, message: '"01/00/2025" is not a real date.' });
    expect(parseSheetDate('01/13/2025', 'DMY')).toEqual({ ok: false, message: '"01/13/2025" is not a real date.' });
    expect(parseSheetDate('29/02/2024', 'DMY')).toEqual({ ok: true, date: '2024-02-29' });
    expect(parseSheetDate('30/04/2025', 'DMY')).toEqual({ ok: true, date: '2025-04-30' });
    expect(parseSheetDate('31/04/2025', 'DMY')).toEqual({ ok: false, message: '"31/04/2025" is not a real date.' });
    expect(parseSheetDate('08/09/2025', 'ISO')).toEqual({
      ok: false,
      message: '"08/09/2025" is not a date in the form YYYY-MM-DD.',
    });
    expect(parseSheetDate('08/09/202', 'DMY')).toEqual({
      ok: false,
      message: '"08/09/202" has a two-digit year; write the year in full (e.g. 08/09/2025).',
    });
    expect(parseSheetDate('soon', 'MDY')).toEqual({
      ok: false,
      message: '"soon" is not a date (expected mm/dd/yyyy).',
    });
    expect(parseSheetDate('soon', 'ISO')).toEqual({
      ok: false,
      message: '"soon" is not a date (expected YYYY-MM-DD).',
    });
  });

  it('reads Excel serial numbers (day 0 = 30 Dec 1899), whole ones only', () => {
    // 45908 days after 30 December 1899 is Monday 8 September 2025.
    expect(parseSheetDate('45908', 'ISO')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('45908.00', 'DMY')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('45909', 'DMY')).toEqual({ ok: true, date: '2025-09-09' });
    expect(parseSheetDate('45908.5', 'DMY')).toEqual({
      ok: false,
      message: '"45908.5" is not a date (expected dd/mm/yyyy).',
    });
  });

  it('refuses dates outside those the service records (1950-01-01 to 2099-12-31)', () => {
    expect(parseSheetDate('01/01/1950', 'DMY')).toEqual({ ok: true, date: '1950-01-01' });
    expect(parseSheetDate('31/12/1949', 'DMY')).toEqual({
      ok: false,
      message: '1949-12-31 is outside the dates this service records (1950-01-01 to 2099-12-31).',
    });
    expect(parseSheetDate('2100-01-01', 'DMY')).toEqual({
      ok: false,
      message: '2100-01-01 is outside the dates this service records (1950-01-01 to 2099-12-31).',
    });
    // 10000 days after 30 December 1899 is 18 May 1927.
    expect(parseSheetDate('10000', 'DMY')).toEqual({
      ok: false,
      message: '1927-05-18 is outside the dates this service records (1950-01-01 to 2099-12-31).',
    });
  });
});

describe('import mapping: headers and codes', () => {
  it('compares headers by letters and digits only, lower case', () => {
    expect(normaliseHeader(' Date of Birth: ')).toBe('dateofbirth');
    expect(normaliseHeader('D.O.B.')).toBe('dob');
    expect(normaliseHeader('Hrs/Week (2025)')).toBe('hrsweek2025');
  });

  it('suggests each field the first unused header matching its header, its name or a synonym', () => {
    const { mapping: m, unmapped } = suggestMapping(
      ['UPN', 'Pupil UPN', 'HoursPerWeek', 'Start', 'Date started', 'Reason for placement', 'Notes'],
      PLACEMENT_FIELDS,
    );
    expect(m).toEqual({
      columns: { upn: 'UPN', reason: 'Reason for placement', startDate: 'Start', hoursPerWeek: 'HoursPerWeek' },
      dateFormat: 'DMY',
      values: {},
    });
    expect(unmapped).toEqual(['Pupil UPN', 'Date started', 'Notes']);
    // A header is used once: "Start" feeds the start date, not the end date that follows it.
    expect(suggestMapping(['From', 'To'], PLACEMENT_FIELDS).mapping.columns).toEqual({
      startDate: 'From',
      endDate: 'To',
    });
    expect(suggestMapping([], PLACEMENT_FIELDS)).toEqual({
      mapping: { columns: {}, dateFormat: 'DMY', values: {} },
      unmapped: [],
    });
  });

  it('translates the source’s own codes first, then our codes, then common spellings, per field', () => {
    const m = mapping({ values: { reason: { 'P.E.': 'OFF_SITE_DIRECTION' } } });
    const reason = placementField('reason')!;
    // "pe" is a common spelling of a permanent exclusion, but this source means a direction by it.
    expect(translateValue(reason, 'p.e.', m)).toBe('OFF_SITE_DIRECTION');
    expect(translateValue(reason, 'PE', mapping())).toBe('PERMANENT_EXCLUSION');
    expect(translateValue(reason, '  Permanent_Exclusion ', m)).toBe('PERMANENT_EXCLUSION');
    expect(translateValue(placementField('tier')!, 'tier 2 time limited', m)).toBe('TIER_2_TIME_LIMITED');
    expect(translateValue(placementField('tier')!, 'Time-Limited', m)).toBe('TIER_2_TIME_LIMITED');
    // The same mapping asked about another field answers from that field's codes.
    expect(translateValue(placementField('registration')!, 'S', m)).toBe('SINGLE_REGISTERED_AT_AP');
    expect(translateValue(placementField('sex')!, 'S', m)).toBeNull();
    expect(translateValue(placementField('sex')!, 'Girl', m)).toBe('F');
    expect(translateValue(placementField('upn')!, 'anything', m)).toBeNull();
  });

  it('names every problem of a mapping against a file before any row is read', () => {
    const m = mapping({
      columns: { upn: 'UPN', colour: 'Colour', reason: 'Why' },
      values: { reason: { X: 'NOPE', PEX: 'PERMANENT_EXCLUSION' }, mood: { happy: 'HAPPY' } },
    });
    expect(mappingProblems(m, ['UPN', 'Colour'], PLACEMENT_FIELDS)).toEqual([
      'The mapping names a field the import does not have: "colour".',
      'The mapping reads reason from a column "Why" that the file does not have.',
      'The mapping translates "X" to "NOPE", which is not a primary reason for placement we know.',
      'The mapping translates "happy" to "HAPPY", which is not a mood we know.',
      'No column is mapped to the required field "Commissioner" (who commissioned it (school or LA)).',
      'No column is mapped to the required field "Tier" (AP tier (1, 2 or 3)).',
      'No column is mapped to the required field "Start date" (start date).',
      'No column is mapped to the required field "Hours per week" (hours a week).',
      'No column is mapped to the required field "Registration" (registration (dual, single at the AP, home school only)).',
    ]);
    const headers = PLACEMENT_FIELDS.map((f) => f.header);
    expect(mappingProblems(suggestMapping(headers, PLACEMENT_FIELDS).mapping, headers, PLACEMENT_FIELDS)).toEqual([]);
  });
});

describe('import mapping: edges of dates, headers and codes', () => {
  it('a date must be the whole cell: text around it, a time of day or a longer number is not a date', () => {
    expect(parseSheetDate('on 2025-09-08', 'DMY')).toEqual({
      ok: false,
      message: '"on 2025-09-08" is not a date (expected dd/mm/yyyy).',
    });
    expect(parseSheetDate('08/09/2025 10:30', 'DMY')).toEqual({
      ok: false,
      message: '"08/09/2025 10:30" is not a date (expected dd/mm/yyyy).',
    });
    // Six digits is no Excel serial number (those are five in the years recorded).
    expect(parseSheetDate('459080', 'DMY')).toEqual({
      ok: false,
      message: '"459080" is not a date (expected dd/mm/yyyy).',
    });
  });

  it('suggests only the fields it finds a header for', () => {
    expect(Object.keys(suggestMapping(['UPN', 'Notes'], PLACEMENT_FIELDS).mapping.columns)).toEqual(['upn']);
  });

  it('runs of spaces, hyphens, underscores and full stops compare as one space', () => {
    const m = mapping({ values: { reason: { 'Mgd move': 'OTHER' } } });
    expect(translateValue(placementField('reason')!, 'MGD -- move.', m)).toBe('OTHER');
    expect(translateValue(placementField('reason')!, 'mgd__move', m)).toBe('OTHER');
  });

  it('the source’s own translation wins over our code of the same spelling', () => {
    // This source writes "Other" for a health placement: its translation is read, not our OTHER.
    const m = mapping({ values: { reason: { other: 'HEALTH_NEEDS' } } });
    expect(translateValue(placementField('reason')!, 'Other', m)).toBe('HEALTH_NEEDS');
  });
});

describe('characteristics import: one pupil’s row', () => {
  const FILE_AS_OF = '2026-01-05';
  const own = (): ColumnMapping =>
    mapping({ columns: { upn: 'Pupil UPN', senStatus: 'SEN', ehcp: 'Has EHCP' }, dateFormat: 'DMY' });
  const read = (cells: Record<string, string>, m = own()) => readCharacteristicsRow(cells, 7, m, FILE_AS_OF);

  it('skips a blank row', () => {
    expect(read({ upn: ' ', senStatus: '' })).toEqual({ ok: 'skip' });
  });

  it('reads census SEN codes, Y/N flags and the ethnicity code, as of the file’s date unless the row says', () => {
    expect(
      read({ upn: 'h801200001001 ', senStatus: 'K', fsmEligible: 'yes', lookedAfter: 'n', ethnicityCode: ' wbri ' }),
    ).toEqual({
      ok: true,
      row: {
        upn: 'H801200001001',
        asOf: FILE_AS_OF,
        values: { senStatus: 'SEN_SUPPORT', fsmEligible: true, lookedAfter: false, ethnicityCode: 'WBRI' },
      },
    });
    expect(
      read({ upn: 'H801200001001', senStatus: 'n', fsmEligible: 'F', lookedAfter: 'T', asOf: '01/12/2025' }),
    ).toEqual({
      ok: true,
      row: {
        upn: 'H801200001001',
        asOf: '2025-12-01',
        values: { senStatus: 'NONE', fsmEligible: false, lookedAfter: true },
      },
    });
    expect(read({ upn: 'H801200001001' })).toEqual({
      ok: true,
      row: { upn: 'H801200001001', asOf: FILE_AS_OF, values: {} },
    });
  });

  it('an EHC plan column: yes means EHCP whatever the SEN code; no needs a SEN code that is not E', () => {
    const sen = (cells: Record<string, string>) => {
      const r = read({ upn: 'H801200001001', ...cells });
      return r.ok === true ? r.row.values.senStatus : r.ok === false ? r.problems : r;
    };
    expect(sen({ ehcp: 'Y' })).toBe('EHCP');
    expect(sen({ ehcp: 'Y', senStatus: 'K' })).toBe('EHCP');
    expect(sen({ ehcp: 'N', senStatus: 'K' })).toBe('SEN_SUPPORT');
    expect(sen({ senStatus: 'statement' })).toBe('EHCP');
    expect(sen({ ehcp: 'N', senStatus: 'E' })).toEqual([
      {
        line: 7,
        column: 'Has EHCP',
        message: 'The EHCP column says no, but the SEN provision says E (EHC plan).',
      },
    ]);
    expect(sen({ ehcp: 'no' })).toEqual([
      { line: 7, column: 'Has EHCP', message: 'Without an EHC plan, say the SEN provision (N or K) too.' },
    ]);
  });

  it('refuses a bad UPN (rule V1), unknown codes, a bad ethnicity code and a bad as-of date, all at once', () => {
    const r = read({
      upn: 'H801200001002',
      senStatus: 'Q',
      fsmEligible: 'maybe',
      ethnicityCode: 'WB',
      asOf: '31/02/2026',
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { line: 7, column: 'Pupil UPN', message: 'UPN invalid (wrong check letter at character 1)', rule: 'V1' },
        { line: 7, column: 'SEN', message: '"Q" is not a SEN provision (N, K or E) we know.' },
        { line: 7, column: 'FSM', message: '"maybe" is not a eligible for free school meals (Y/N) we know.' },
        { line: 7, column: 'Ethnicity', message: 'Ethnicity is a 4-letter DfE code, e.g. WBRI.' },
        { line: 7, column: 'As of', message: 'The as-of date: "31/02/2026" is not a real date.' },
      ],
    });
    expect(read({ upn: '', ethnicityCode: 'WBRIX' })).toEqual({
      ok: false,
      problems: [
        { line: 7, column: 'Pupil UPN', message: 'UPN is missing', rule: 'V1' },
        { line: 7, column: 'Ethnicity', message: 'Ethnicity is a 4-letter DfE code, e.g. WBRI.' },
      ],
    });
  });

  it('has a template with every column and one example row', () => {
    expect(CHARACTERISTIC_IMPORT_FIELDS.map((f) => f.field)).toEqual([
      'upn',
      'senStatus',
      'ehcp',
      'fsmEligible',
      'lookedAfter',
      'ethnicityCode',
      'asOf',
    ]);
    expect(characteristicsTemplateCsv()).toBe(
      'UPN,SEN provision,EHCP,FSM,Looked after,Ethnicity,As of\r\nH801200001001,K,N,Y,N,WBRI,\r\n',
    );
  });
});
