import { describe, expect, it } from 'vitest';
import { csvHeaders, parseCsv } from '../../../src/import/csvFile';
import { suggestMapping, type ColumnMapping } from '../../../src/domain/import/mapping';
import { PLACEMENT_FIELDS } from '../../../src/domain/import/placementColumns';
import { previewRows, rowsTheMappingStepShows, untranslatedValues } from '../../../src/domain/import/preview';

// A seeded generator, so a failure names the seed that shows it.
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const HEAD = 'Pupil UPN,Name,DOB,Arranged by,AP URN,Reason,Tier,Start date,Hours per week,Registration';
const REASONS = ['Perm Ex', 'Excl', 'PERMANENT_EXCLUSION', 'medical', 'Other thing', ''];
const REGISTRATIONS = ['dual', 'single', 'Dual reg', 'sole', ''];

/** An LA's sheet of `n` rows: blank rows, totals rows, codes we read and codes we do not, extra cells. */
function sheet(seed: number, n: number): string {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const lines = [HEAD];
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.05) lines.push(',,,,,,,,,');
    else if (roll < 0.08) lines.push('Total,,,,,,,,35,');
    else
      lines.push(
        [
          `A${i}`,
          `Pupil ${i}`,
          '14/02/2012',
          pick(['LA', 'Council', 'School']),
          '900005',
          // Now and then a value never met before, so the untranslated list passes its cap of 50.
          r() < 0.1 ? `Code ${i}` : pick(REASONS),
          pick(['1', '2', '3', 'T2']),
          '08/09/2025',
          '20',
          pick(REGISTRATIONS),
          ...(r() < 0.03 ? ['extra'] : []),
        ].join(','),
      );
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('the mapping step reads a large held file holding only the rows it shows (issue 18 goal 6)', () => {
  it('gives the same preview and untranslated values as over the whole file, for any sheet', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const text = sheet(seed, 400 + seed * 150);
      const whole = parseCsv(text);
      const headers = csvHeaders(text);
      expect(headers).toEqual(whole.headers);
      const suggested: ColumnMapping = suggestMapping(headers, PLACEMENT_FIELDS).mapping;
      const mappings: ColumnMapping[] = [
        suggested,
        { ...suggested, values: { reason: { excl: 'PERMANENT_EXCLUSION' }, registration: { sole: 'SINGLE' } } },
      ];
      for (const mapping of mappings) {
        const kept = parseCsv(text, {
          keep: rowsTheMappingStepShows('PLACEMENTS', headers, mapping, PLACEMENT_FIELDS),
        });
        expect(kept.rows.length, `seed ${seed}`).toBeLessThan(whole.rows.length / 2);
        expect(previewRows('PLACEMENTS', kept, mapping, PLACEMENT_FIELDS), `seed ${seed}`).toEqual(
          previewRows('PLACEMENTS', whole, mapping, PLACEMENT_FIELDS),
        );
        const untranslated = untranslatedValues('PLACEMENTS', whole, mapping, PLACEMENT_FIELDS);
        expect(untranslated.length, `seed ${seed}`).toBeGreaterThan(0);
        expect(untranslatedValues('PLACEMENTS', kept, mapping, PLACEMENT_FIELDS), `seed ${seed}`).toEqual(untranslated);
      }
    }
  });

  it('still reads and refuses the whole file as CSV while holding only some rows', () => {
    const keepNone = () => false;
    expect(parseCsv('UPN,Name\r\nA1,Ash\r\nA2,Bo\r\n', { keep: keepNone })).toEqual({
      headers: ['UPN', 'Name'],
      rows: [],
    });
    expect(() => parseCsv('UPN,Name\r\nA1,Ash\r\nA2,"Bo\r\n', { keep: keepNone })).toThrow(/could not be read as CSV/);
    expect(() => parseCsv('UPN,Name\r\n', { keep: keepNone })).toThrow(/header line but no rows/);
  });
});
