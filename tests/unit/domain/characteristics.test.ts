import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  characteristicSpans,
  characteristicsAsAt,
  type CharacteristicChange,
  type Characteristics,
} from '../../../src/domain/characteristics';
import { addDays } from '../../../src/domain/dates';

const NOW: Characteristics = {
  senStatus: 'SEN_SUPPORT',
  lookedAfter: false,
  socialCareStatus: 'NONE',
  fsmEligible: true,
  ethnicityCode: 'WBRI',
};
const change = (
  effectiveOn: string,
  before: Partial<Characteristics>,
  after: Partial<Characteristics>,
): CharacteristicChange => ({ effectiveOn, before, after });

// Equivalent mutant left in characteristicSpans: `from === null` → false reads the first span's values "as at
// null" instead of the day before the earliest change. No change is dated before the earliest, and a date
// compared with null is never <= it in JS, so both read the values recorded before the first change.
describe('characteristics as at a date', () => {
  it('with no recorded change, the current values have always held (no spans)', () => {
    expect(characteristicsAsAt(NOW, [], '2020-01-01')).toEqual(NOW);
    expect(characteristicSpans(NOW, [])).toEqual([]);
  });

  it('one change: the old value up to the day before it took effect, the new one from that day', () => {
    const changes = [change('2026-02-01', { senStatus: 'NONE' }, { senStatus: 'SEN_SUPPORT' })];
    expect(characteristicsAsAt(NOW, changes, '2026-01-31').senStatus).toBe('NONE');
    expect(characteristicsAsAt(NOW, changes, '2026-02-01').senStatus).toBe('SEN_SUPPORT');
    expect(characteristicSpans(NOW, changes)).toEqual([
      { ...NOW, senStatus: 'NONE', from: null, until: '2026-02-01' },
      { ...NOW, senStatus: 'SEN_SUPPORT', from: '2026-02-01', until: null },
    ]);
  });

  it('a back-dated change applies from its date up to the next change; before both, the value recorded before the first', () => {
    // Recorded first: SEN support from 1 March. Recorded later: an EHCP from 10 January (its "before" is
    // whatever was current when recorded, SEN support, which never held before 10 January).
    const changes = [
      change('2026-03-01', { senStatus: 'NONE' }, { senStatus: 'SEN_SUPPORT' }),
      change('2026-01-10', { senStatus: 'SEN_SUPPORT' }, { senStatus: 'EHCP' }),
    ];
    expect(characteristicsAsAt(NOW, changes, '2026-01-09').senStatus).toBe('NONE');
    expect(characteristicsAsAt(NOW, changes, '2026-01-10').senStatus).toBe('EHCP');
    expect(characteristicsAsAt(NOW, changes, '2026-02-28').senStatus).toBe('EHCP');
    expect(characteristicsAsAt(NOW, changes, '2026-03-01').senStatus).toBe('SEN_SUPPORT');
    expect(characteristicSpans(NOW, changes).map((s) => [s.from, s.until, s.senStatus])).toEqual([
      [null, '2026-01-10', 'NONE'],
      ['2026-01-10', '2026-03-01', 'EHCP'],
      ['2026-03-01', null, 'SEN_SUPPORT'],
    ]);
  });

  it('fields change independently; the same field twice on one day: the later recorded wins', () => {
    const changes = [
      change('2025-10-01', { fsmEligible: false }, { fsmEligible: true }),
      change('2026-01-05', { lookedAfter: false }, { lookedAfter: true }),
      change('2026-01-05', { lookedAfter: true }, { lookedAfter: false }),
    ];
    const at = (d: string) => characteristicsAsAt(NOW, changes, d);
    expect([at('2025-09-30').fsmEligible, at('2025-10-01').fsmEligible]).toEqual([false, true]);
    expect(at('2026-01-05').lookedAfter).toBe(false);
    // The lookedAfter changes cancel out on the same day, so 5 January starts no new span.
    expect(characteristicSpans(NOW, changes).map((s) => [s.from, s.until, s.fsmEligible, s.lookedAfter])).toEqual([
      [null, '2025-10-01', false, false],
      ['2025-10-01', null, true, false],
    ]);
  });

  it('spans tile all time and agree with characteristicsAsAt on every day (property)', () => {
    const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2024-09-01', n));
    const sen = fc.constantFrom('NONE' as const, 'SEN_SUPPORT' as const, 'EHCP' as const);
    const anyChange = fc.oneof(
      fc.tuple(day, sen, sen).map(([d, b, a]) => change(d, { senStatus: b }, { senStatus: a })),
      fc.tuple(day, fc.boolean()).map(([d, a]) => change(d, { fsmEligible: !a }, { fsmEligible: a })),
      fc.tuple(day, fc.boolean()).map(([d, a]) => change(d, { lookedAfter: !a }, { lookedAfter: a })),
    );
    fc.assert(
      fc.property(fc.array(anyChange, { maxLength: 8 }), day, (changes, probe) => {
        const spans = characteristicSpans(NOW, changes);
        if (changes.length === 0) return spans.length === 0;
        expect(spans[0]!.from).toBeNull();
        expect(spans[spans.length - 1]!.until).toBeNull();
        for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toBe(spans[i - 1]!.until);
        const holding = spans.find(
          (s) => (s.from === null || s.from <= probe) && (s.until === null || probe < s.until),
        )!;
        const { from: _f, until: _u, ...values } = holding;
        expect(values).toEqual(characteristicsAsAt(NOW, changes, probe));
        return true;
      }),
    );
  });
});
