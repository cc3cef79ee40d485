import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseSheetDate, suggestMapping, translateValue, mappingProblems } from '../../../src/domain/import/mapping';
import { PLACEMENT_FIELDS, placementField, placementTemplateCsv } from '../../../src/domain/import/placementColumns';
import { readPlacementRow } from '../../../src/domain/import/placementRow';

/** Issue 16 item 1: the pure parts of the placement import (mapping, dates, codes, a row's own rules). */
describe('placement import: mapping and rows', () => {
  it('reads UK dates, ISO dates and Excel serial numbers, and refuses guesses', () => {
    expect(parseSheetDate('08/09/2025', 'DMY')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('8.9.2025', 'DMY')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('09/08/2025', 'MDY')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('2025-09-08', 'DMY')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('45908', 'DMY')).toEqual({ ok: true, date: '2025-09-08' });
    expect(parseSheetDate('31/02/2025', 'DMY')).toMatchObject({
      ok: false,
      message: '"31/02/2025" is not a real date.',
    });
    expect(parseSheetDate('08/09/25', 'DMY')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/two-digit year/),
    });
    expect(parseSheetDate('next week', 'DMY')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/dd\/mm\/yyyy/),
    });
  });

  it('translates an LA’s codes: its own table first, then our codes, then common spellings', () => {
    const reason = placementField('reason')!;
    const m = { columns: {}, dateFormat: 'DMY' as const, values: { reason: { PX: 'PERMANENT_EXCLUSION' } } };
    expect(translateValue(reason, 'px', m)).toBe('PERMANENT_EXCLUSION');
    expect(translateValue(reason, 'Perm-Ex', m)).toBe('PERMANENT_EXCLUSION');
    expect(translateValue(reason, 'Medical', m)).toBe('HEALTH_NEEDS');
    expect(translateValue(reason, 'health_needs', m)).toBe('HEALTH_NEEDS');
    expect(translateValue(reason, 'astrology', m)).toBeNull();
    expect(mappingProblems({ ...m, values: { reason: { X: 'NOPE' } } }, [], PLACEMENT_FIELDS).join(' ')).toMatch(
      /"NOPE"/,
    );
  });

  it('suggests a mapping from other sheets’ headers and names what it did not read', () => {
    const { mapping, unmapped } = suggestMapping(
      ['Pupil UPN', 'Surname', 'Forename', 'D.O.B.', 'Start Date', 'Hrs', 'Keyworker'],
      PLACEMENT_FIELDS,
    );
    expect(mapping.columns).toMatchObject({
      upn: 'Pupil UPN',
      lastName: 'Surname',
      firstName: 'Forename',
      dateOfBirth: 'D.O.B.',
      startDate: 'Start Date',
      hoursPerWeek: 'Hrs',
    });
    expect(unmapped).toEqual(['Keyworker']);
  });

  it('the template in docs is the one the CLI prints', () => {
    expect(readFileSync('docs/import-template.csv', 'utf8')).toBe(placementTemplateCsv());
  });

  // Suggested inside each test (beforeEach), not while the file loads, so a mutant of suggestMapping is live.
  let mapping: ReturnType<typeof suggestMapping>['mapping'];
  beforeEach(() => {
    mapping = suggestMapping(
      PLACEMENT_FIELDS.map((f) => f.header),
      PLACEMENT_FIELDS,
    ).mapping;
  });
  const row = (over: Record<string, string>) => ({
    upn: 'H801200001001',
    commissioner: 'LA',
    providerUrn: '900005',
    reason: 'PEX',
    tier: '3',
    startDate: '01/10/2025',
    hoursPerWeek: '20',
    registration: 'dual',
    objectives: 'a',
    reintegrationPlan: 'b',
    ...over,
  });

  it('refuses integrity problems with the column and a plain reason; P1 and O1 only follow up', () => {
    expect(readPlacementRow(row({}), 2, mapping, '2026-03-01')).toMatchObject({ ok: true, followUps: [] });
    const history = readPlacementRow(
      row({ tier: '2', objectives: '', reason: 'Off-site direction', commissioner: 'school', schoolUrn: '900001' }),
      2,
      mapping,
      '2026-03-01',
    );
    expect(history).toMatchObject({ ok: true, followUps: ['O1', 'O4', 'P1'] });
    const bad = readPlacementRow(
      row({
        upn: 'Z801200001001',
        endDate: '01/09/2025',
        hoursPerWeek: '33',
        reason: 'Med',
        commissioner: 'LA',
        providerUrn: '12345',
      }),
      7,
      mapping,
      '2026-03-01',
    );
    expect(bad.ok).toBe(false);
    const problems = (bad as { problems: { line: number; column: string; message: string; rule?: string }[] }).problems;
    expect(problems.map((p) => [p.line, p.column, p.rule ?? null])).toEqual(
      expect.arrayContaining([
        [7, 'UPN', 'V1'],
        [7, 'Provider URN', 'V5'],
        [7, 'End date', null],
        [7, 'Hours per week', null],
      ]),
    );
    expect(
      readPlacementRow(row({ reason: 'PEX', commissioner: 'School', schoolUrn: '900001' }), 3, mapping, '2026-03-01'),
    ).toMatchObject({
      ok: false,
      problems: [{ column: 'Reason', message: expect.stringMatching(/commissioner must be the LA/) }],
    });
  });

  it('skips blank rows and a totals line', () => {
    const blank = Object.fromEntries(PLACEMENT_FIELDS.map((f) => [f.field, '']));
    expect(readPlacementRow(blank, 9, mapping, '2026-03-01')).toEqual({ ok: 'skip', why: 'blank' });
    expect(readPlacementRow({ ...blank, upn: 'Total', hoursPerWeek: '400' }, 10, mapping, '2026-03-01')).toEqual({
      ok: 'skip',
      why: 'footer',
    });
  });
});
