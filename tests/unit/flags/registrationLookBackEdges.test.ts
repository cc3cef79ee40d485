/**
 * The edges of the registration look-back sweep behind U1/U2 (domain.md §3.1, §9.2 U1/U2; issue 14 item 6)
 * that registrationLookBack.test.ts leaves open, found by Stryker's survivors (docs/testing.md): a window of
 * one day, a placement ending on the window's first or last day, "ENDED" with no end date, "all or
 * substantially all" ending, compulsory school age starting before, on, inside or after the window, and the
 * peak of a run that rises, holds and falls. The sweep is called directly with one qualifying pupil needed,
 * so each case is one pupil's days.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderPlacementFacts } from '../../../src/domain/flags/snapshots';
import { registrationBreachRuns, type LookBackWindow } from '../../../src/domain/flags/registrationLookBack';
import { ruleU1PossibleUnregisteredSchool } from '../../../src/domain/flags/unregisteredRules';
import { T, providerPlacement, providerSnapshot } from './fixtures';
import { cal } from './testCalendar';

const pupil = (n: number, dateOfBirth = '2011-05-10') => ({
  id: `pupil-${n}`,
  dateOfBirth,
  senStatus: 'NONE' as const,
  lookedAfter: false,
});
const at19 = (n: number, over: Partial<ProviderPlacementFacts> = {}, dob?: string) =>
  providerPlacement(n, { hoursPerWeek: 19, pupil: pupil(n, dob), ...over });
const runs = (list: ProviderPlacementFacts[], window: LookBackWindow, needed = 1) =>
  registrationBreachRuns(providerSnapshot(list), window, T, () => true, needed);

const AUTUMN: LookBackWindow = { from: '2025-09-01', to: '2025-12-19' };

describe('U1/U2 look-back window edges (§9.2): the window itself', () => {
  it('a window ending before it starts holds no day, so no run', () => {
    const open = at19(1, { startDate: '2025-09-01', endDate: null, status: 'OPEN' });
    expect(runs([open], { from: '2025-10-01', to: '2025-09-30' })).toEqual([]);
  });

  it('a window of one day (the evaluation day is the first) is judged: one ongoing run on that day', () => {
    const open = at19(1, { startDate: '2025-09-01', endDate: null, status: 'OPEN' });
    expect(runs([open], { from: '2025-10-01', to: '2025-10-01' })).toEqual([
      { from: '2025-10-01', to: '2025-10-01', ongoing: true, peak: 1, peakOn: '2025-10-01' },
    ]);
  });
});

describe('U1/U2 look-back (§9.2): which placement days count', () => {
  it('a placement ENDED with no end date ran on no known day: not counted', () => {
    const endedUndated = at19(1, { startDate: '2025-09-08', endDate: null, status: 'ENDED' });
    expect(runs([endedUndated], AUTUMN)).toEqual([]);
  });

  it('a placement ending on the window’s first day counts for that one day', () => {
    const p = at19(1, { startDate: '2025-06-02', endDate: '2025-09-01', status: 'ENDED' });
    expect(runs([p], AUTUMN)).toEqual([
      { from: '2025-09-01', to: '2025-09-01', ongoing: false, peak: 1, peakOn: '2025-09-01' },
    ]);
  });

  it('a placement ending on the evaluation day is still running on it: the run is ongoing', () => {
    const p = at19(1, { startDate: '2025-09-08', endDate: '2025-12-19', status: 'OPEN' });
    expect(runs([p], AUTUMN)).toEqual([
      { from: '2025-09-08', to: '2025-12-19', ongoing: true, peak: 1, peakOn: '2025-09-08' },
    ]);
  });

  it('U1 names a period ending on the evaluation day as continuing', () => {
    const list = [1, 2, 3, 4, 5].map((n) => at19(n, { startDate: '2026-01-05', endDate: '2026-03-02' }));
    const [f] = ruleU1PossibleUnregisteredSchool(providerSnapshot(list), '2026-03-02', cal, T);
    expect(f?.title).toBe(
      'Possible unregistered independent school (s463 EA 1996 / s96 ESA 2008): from 2026-01-05 (continuing)',
    );
    expect(f?.evidence.period).toEqual({ from: '2026-01-05', to: null, ongoing: true });
  });

  it('"all or substantially all" education at 10 hours counts only while that placement runs', () => {
    const p = at19(1, {
      hoursPerWeek: 10,
      allOrSubstantiallyAllEducation: true,
      startDate: '2025-09-08',
      endDate: '2025-10-17',
      status: 'ENDED',
    });
    expect(runs([p], AUTUMN)).toEqual([
      { from: '2025-09-08', to: '2025-10-17', ongoing: false, peak: 1, peakOn: '2025-09-08' },
    ]);
  });
});

describe('U1/U2 look-back (§3.1): compulsory school age at the window’s edges', () => {
  // Born 15 Jun 2020: fifth birthday 15 Jun 2025, compulsory school age from Mon 1 Sep 2025.
  const YOUNG = '2020-06-15';
  // Born 1 Jun 2008: compulsory school age ended Fri 28 Jun 2024 (last Friday of June in the year they turn 16).
  const OLD = '2008-06-01';
  const fromJune = (dob: string) => at19(1, { startDate: '2025-06-02', endDate: null, status: 'OPEN' }, dob);

  it('a pupil whose compulsory school age starts inside the window counts from that day only', () => {
    expect(runs([fromJune(YOUNG)], { from: '2025-06-02', to: '2025-10-01' })).toEqual([
      { from: '2025-09-01', to: '2025-10-01', ongoing: true, peak: 1, peakOn: '2025-09-01' },
    ]);
  });

  it('…starting on the window’s first day counts from it', () => {
    expect(runs([fromJune(YOUNG)], { from: '2025-09-01', to: '2025-10-01' })).toEqual([
      { from: '2025-09-01', to: '2025-10-01', ongoing: true, peak: 1, peakOn: '2025-09-01' },
    ]);
  });

  it('…starting on the evaluation day counts on that day', () => {
    expect(runs([fromJune(YOUNG)], { from: '2025-06-02', to: '2025-09-01' })).toEqual([
      { from: '2025-09-01', to: '2025-09-01', ongoing: true, peak: 1, peakOn: '2025-09-01' },
    ]);
  });

  it('…starting after the evaluation day: never counted', () => {
    expect(runs([fromJune(YOUNG)], { from: '2025-06-02', to: '2025-08-29' })).toEqual([]);
  });

  it('a pupil past compulsory school age before the window starts is never counted', () => {
    const old = at19(1, { startDate: '2024-06-03', endDate: null, status: 'OPEN' }, OLD);
    expect(runs([old], { from: '2024-09-01', to: '2025-03-02' })).toEqual([]);
    // The window opening the day after their last day (Sat 29 Jun 2024): already past it.
    expect(runs([old], { from: '2024-06-29', to: '2024-07-19' })).toEqual([]);
    // …while on their last day they still count, and stop the next day even when that is the evaluation day.
    expect(runs([old], { from: '2024-06-03', to: '2024-06-29' })).toEqual([
      { from: '2024-06-03', to: '2024-06-28', ongoing: false, peak: 1, peakOn: '2024-06-03' },
    ]);
    expect(runs([old], { from: '2024-06-28', to: '2024-07-19' })).toEqual([
      { from: '2024-06-28', to: '2024-06-28', ongoing: false, peak: 1, peakOn: '2024-06-28' },
    ]);
  });
});

describe('U1/U2 look-back (§9.2): one run per stretch, with its peak', () => {
  it('rising, holding and falling: one run from the first day, peak on the first day it was highest', () => {
    const list = [
      at19(1, { startDate: '2025-09-03', endDate: '2025-09-30', status: 'ENDED' }),
      at19(2, { startDate: '2025-09-10', endDate: '2025-10-17', status: 'ENDED' }),
      // Starts the day after pupil 1's last: still two on 1 Oct (a change point with an equal count).
      at19(3, { startDate: '2025-10-01', endDate: '2025-10-10', status: 'ENDED' }),
    ];
    expect(runs(list, AUTUMN)).toEqual([
      { from: '2025-09-03', to: '2025-10-17', ongoing: false, peak: 2, peakOn: '2025-09-10' },
    ]);
    // Needing two at once: the run is only the days two ran together.
    expect(runs(list, AUTUMN, 2)).toEqual([
      { from: '2025-09-10', to: '2025-10-10', ongoing: false, peak: 2, peakOn: '2025-09-10' },
    ]);
  });
});
