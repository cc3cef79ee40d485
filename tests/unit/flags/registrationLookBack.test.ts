/**
 * The registration test looking back (issue 14 item 6): U1 and U2 judge every day of the window (the
 * current and the previous academic year), so a back-dated placement that made a provider a school
 * last term raises a flag naming that period. Boundaries: 5 at exactly 18 hours, 5 at 19, 4 plus a
 * looked-after pupil, a pupil past compulsory school age.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderPlacementFacts } from '../../../src/domain/flags/snapshots';
import { resolveThresholds } from '../../../src/domain/flags/thresholds';
import { registrationBreachRuns, registrationLookBackWindow } from '../../../src/domain/flags/registrationLookBack';
import {
  ruleU1PossibleUnregisteredSchool,
  ruleU2LookedAfterOrEhcpFullTime,
} from '../../../src/domain/flags/unregisteredRules';
import { T, providerPlacement, providerSnapshot } from './fixtures';
import { cal } from './testCalendar';

// Evaluated in the spring term 2026; "last term" is the autumn term 2025.
const ASOF = '2026-03-02';
const AUTUMN = { startDate: '2025-09-03', endDate: '2025-12-19', status: 'ENDED' as const };

type Over = Partial<ProviderPlacementFacts>;
const pupil = (n: number, over: Partial<ProviderPlacementFacts['pupil']> = {}) => ({
  id: `pupil-${n}`,
  dateOfBirth: '2011-05-10',
  senStatus: 'NONE' as const,
  lookedAfter: false,
  ...over,
});
const many = (n: number, hours: number, over: Over = {}) =>
  Array.from({ length: n }, (_, i) =>
    providerPlacement(i + 1, { ...AUTUMN, hoursPerWeek: hours, pupil: pupil(i + 1), ...over }),
  );
const u1 = (list: ProviderPlacementFacts[], asOf = ASOF, t = T) =>
  ruleU1PossibleUnregisteredSchool(providerSnapshot(list), asOf, cal, t);
const u2 = (list: ProviderPlacementFacts[], asOf = ASOF, t = T) =>
  ruleU2LookedAfterOrEhcpFullTime(providerSnapshot(list), asOf, cal, t);

describe('the look-back window', () => {
  it('is the current and previous academic year up to the evaluation day; an LA may look back a third', () => {
    expect(registrationLookBackWindow('2026-03-02', T)).toEqual({ from: '2024-09-01', to: '2026-03-02' });
    expect(registrationLookBackWindow('2026-09-01', T)).toEqual({ from: '2025-09-01', to: '2026-09-01' });
    expect(registrationLookBackWindow('2026-08-31', T)).toEqual({ from: '2024-09-01', to: '2026-08-31' });
    const three = resolveThresholds([{ key: 'registrationLookBackAcademicYears', value: 3 }]);
    expect(registrationLookBackWindow('2026-03-02', three).from).toBe('2023-09-01');
  });
});

describe('U1 looking back: last term made the provider a school', () => {
  it('5 pupils at exactly 18 hours last term: not full-time, no flag', () => {
    expect(u1(many(5, 18))).toEqual([]);
  });

  it('5 pupils at 19 hours last term, all ended: one flag naming the period, keyed by its first day', () => {
    const [f, ...rest] = u1(many(5, 19));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'U1', severity: 'CRIT', periodKey: '2025-09-03', evidenceScore: 5 });
    expect(f?.title).toBe(
      'Possible unregistered independent school (s463 EA 1996 / s96 ESA 2008): 2025-09-03 to 2025-12-19',
    );
    expect(f?.evidence).toMatchObject({
      period: { from: '2025-09-03', to: '2025-12-19', ongoing: false },
      lookBackFrom: '2024-09-01',
      fullTimePupils: 5,
      registrationCount: 5,
      peakOn: '2025-09-03',
    });
  });

  it('4 pupils at 19 hours: below the count; U2 silent too', () => {
    expect(u1(many(4, 19))).toEqual([]);
    expect(u2(many(4, 19))).toEqual([]);
  });

  it('4 plus a looked-after pupil: five full-time (U1), and the looked-after child alone is U2', () => {
    const list = [
      ...many(4, 19),
      providerPlacement(5, { ...AUTUMN, hoursPerWeek: 19, pupil: pupil(5, { lookedAfter: true }) }),
    ];
    expect(u1(list)).toHaveLength(1);
    const [f] = u2(list);
    expect(f).toMatchObject({ ruleId: 'U2', periodKey: '2025-09-03' });
    expect((f?.evidence.pupils as { pupilId: string }[]).map((p) => p.pupilId)).toEqual(['pupil-5']);
    // The looked-after pupil at exactly 18 hours is not full-time: neither rule.
    const at18 = [
      ...many(4, 19),
      providerPlacement(5, { ...AUTUMN, hoursPerWeek: 18, pupil: pupil(5, { lookedAfter: true }) }),
    ];
    expect(u1(at18)).toEqual([]);
    expect(u2(at18)).toEqual([]);
  });

  it('a pupil past compulsory school age does not count: 4 of compulsory school age plus a 16-year-old', () => {
    // Born 1 Jun 2009: compulsory school age ended on Fri 27 Jun 2025, before the autumn term.
    const list = [
      ...many(4, 19),
      providerPlacement(5, { ...AUTUMN, hoursPerWeek: 19, pupil: pupil(5, { dateOfBirth: '2009-06-01' }) }),
    ];
    expect(u1(list)).toEqual([]);
  });

  it('a pupil leaving compulsory school age mid-period ends the period the day after their last day', () => {
    // Born 1 Dec 2009: compulsory school age ends Fri 26 Jun 2026; a summer-term run ends that day.
    const summer = { startDate: '2026-04-13', endDate: null, status: 'OPEN' as const };
    const list = [
      ...many(4, 19, summer),
      providerPlacement(5, { ...summer, hoursPerWeek: 19, pupil: pupil(5, { dateOfBirth: '2009-12-01' }) }),
    ];
    const [f] = u1(list, '2026-07-10');
    expect(f?.evidence.period).toEqual({ from: '2026-04-13', to: '2026-06-26', ongoing: false });
  });

  it('a fifth placement back-dated into last term opens the period only on the days all five ran', () => {
    const list = [
      ...many(4, 19),
      providerPlacement(5, { startDate: '2025-11-03', endDate: '2025-11-28', status: 'ENDED', hoursPerWeek: 19 }),
    ];
    const [f] = u1(list);
    expect(f?.evidence.period).toEqual({ from: '2025-11-03', to: '2025-11-28', ongoing: false });
  });

  it('hours add up across a pupil’s placements here on the days they overlap (10 + 9 = 19 h)', () => {
    const list = [
      ...many(4, 19),
      providerPlacement(5, { ...AUTUMN, hoursPerWeek: 10 }),
      providerPlacement(6, {
        pupilId: 'pupil-5',
        pupil: pupil(5),
        startDate: '2025-10-06',
        endDate: '2025-10-17',
        status: 'ENDED',
        hoursPerWeek: 9,
      }),
    ];
    const [f] = u1(list);
    expect(f?.evidence.period).toEqual({ from: '2025-10-06', to: '2025-10-17', ongoing: false });
  });

  it('two separate periods are two flags; a period still running is "continuing"', () => {
    const spring = { startDate: '2026-01-05', endDate: null, status: 'OPEN' as const };
    const list = [...many(5, 19), ...many(5, 19, spring).map((p, i) => ({ ...p, id: `spring-${i}` }))];
    const flags = u1(list);
    expect(flags.map((f) => f.periodKey)).toEqual(['2025-09-03', '2026-01-05']);
    expect(flags[1]?.title).toContain('from 2026-01-05 (continuing)');
    expect(flags[1]?.evidence.period).toEqual({ from: '2026-01-05', to: null, ongoing: true });
  });

  it('a period before the window is not flagged; one crossing its start is cut at the window', () => {
    const old = many(5, 19, { startDate: '2023-09-04', endDate: '2024-07-19', status: 'ENDED' });
    expect(u1(old)).toEqual([]);
    const crossing = many(5, 19, { startDate: '2024-06-03', endDate: '2024-10-18', status: 'ENDED' });
    expect(u1(crossing)[0]?.evidence.period).toEqual({ from: '2024-09-01', to: '2024-10-18', ongoing: false });
  });

  it('placements starting after the evaluation day are not counted', () => {
    expect(u1(many(5, 19, { startDate: '2026-03-03', endDate: null, status: 'OPEN' }))).toEqual([]);
    expect(u1(many(5, 19, { startDate: '2026-03-02', endDate: null, status: 'OPEN' }))).toHaveLength(1);
  });

  it('the sweep walks change points, not days × placements: 20,000 placements give exactly their nine runs', () => {
    // Not a timing assertion: the number of change points bounds the work (two per placement).
    const list = Array.from({ length: 20_000 }, (_, i) =>
      providerPlacement(i, {
        startDate: `2025-${String((i % 9) + 1).padStart(2, '0')}-01`,
        endDate: `2025-${String((i % 9) + 1).padStart(2, '0')}-20`,
        status: 'ENDED',
        hoursPerWeek: 19,
        pupil: pupil(i),
      }),
    );
    const runs = registrationBreachRuns(providerSnapshot(list), registrationLookBackWindow(ASOF, T), T, () => true, 5);
    expect(runs.map((r) => [r.from, r.to])).toEqual(
      Array.from({ length: 9 }, (_, m) => [`2025-0${m + 1}-01`, `2025-0${m + 1}-20`]),
    );
  });
});
