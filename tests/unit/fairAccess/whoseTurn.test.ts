import { beforeEach, describe, expect, it } from 'vitest';
import { rankWhoseTurn, schoolsForPhase, type TurnSchool } from '../../../src/domain/fairAccess/whoseTurn';

/**
 * A hand-built LA. Year 9 is sought on 2026-03-02; the window is the 365 days before it.
 *   Ash (maintained, 1000)   — two Year 9 placements → 0.2 per 100
 *   Birch (academy, 500)     — one Year 9 placement → 0.2 per 100; one Year 7 too → 0.4 overall
 *   Cedar (all-through, 800) — one Year 7 placement only → 0 Year 9; 0.125 overall
 *   Elm (maintained, 1500)   — FULL (over its admission number) and no placements → 0, 0
 *   Fir (academy, 600)       — no placements in the window (one 13 months ago) → 0, 0; smaller than Elm
 *   Hazel (primary), Oak (special), Pine (closed): never candidates for Year 9.
 */
const S = (
  id: string,
  type: TurnSchool['type'],
  phase: TurnSchool['phase'],
  numberOnRoll: number,
  urn: string,
  isOpen = true,
): TurnSchool => ({ id, name: id, urn, type, phase, numberOnRoll, isOpen });
const schools: TurnSchool[] = [
  S('ash', 'MAINTAINED', 'SECONDARY', 1000, '100001'),
  S('birch', 'ACADEMY', 'SECONDARY', 500, '100002'),
  S('cedar', 'ACADEMY', 'ALL_THROUGH', 800, '100003'),
  S('elm', 'MAINTAINED', 'SECONDARY', 1500, '100004'),
  S('fir', 'ACADEMY', 'SECONDARY', 600, '100005'),
  S('hazel', 'MAINTAINED', 'PRIMARY', 300, '100006'),
  S('oak', 'SPECIAL', 'SECONDARY', 150, '100007'),
  S('pine', 'MAINTAINED', 'SECONDARY', 900, '100008', false),
];
const facts = [
  { schoolId: 'ash', yearGroup: 9, on: '2025-10-06' },
  { schoolId: 'ash', yearGroup: 9, on: '2026-01-12' },
  { schoolId: 'birch', yearGroup: 9, on: '2025-11-03' },
  { schoolId: 'birch', yearGroup: 7, on: '2026-02-02' },
  { schoolId: 'cedar', yearGroup: 7, on: '2025-09-15' },
  { schoolId: 'fir', yearGroup: 9, on: '2025-02-03' },
  { schoolId: 'hazel', yearGroup: 3, on: '2026-01-05' },
];

describe('whose turn: fewest recent fair access placements relative to size', () => {
  // Ranked inside each test, not once in the describe body: Stryker activates a mutant for the tests only,
  // so a result computed while the file loads would never see it.
  let ranked: ReturnType<typeof rankWhoseTurn> = [];
  beforeEach(() => {
    ranked = rankWhoseTurn(schools, facts, { yearGroup: 9, asOf: '2026-03-02' });
  });

  it('orders the hand-built fixture as documented', () => {
    // Elm and Fir tie on both rates and never had one in the window: the larger (Elm) first.
    // Cedar: 0 Year 9 but 0.125 overall. Ash and Birch tie at 0.2 for Year 9; Ash has 0.2 overall, Birch 0.4.
    expect(ranked.map((r) => r.schoolId)).toEqual(['elm', 'fir', 'cedar', 'ash', 'birch']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not skip a full school: fair access admissions may exceed the admission number', () => {
    expect(ranked[0]).toMatchObject({ schoolId: 'elm', yearGroupPlacements: 0, numberOnRoll: 1500 });
  });

  it('reports the figures behind the order', () => {
    expect(ranked.find((r) => r.schoolId === 'birch')).toMatchObject({
      yearGroupPlacements: 1,
      yearGroupPer100: 0.2,
      allPlacements: 2,
      allPer100: 0.4,
      lastPlacementOn: '2026-02-02',
    });
    expect(ranked.find((r) => r.schoolId === 'fir')).toMatchObject({ allPlacements: 0, lastPlacementOn: null });
  });

  it('leaves out primary, special and closed schools, and any the panel excludes', () => {
    expect(ranked.map((r) => r.schoolId)).not.toContain('hazel');
    expect(
      rankWhoseTurn(schools, facts, { yearGroup: 9, asOf: '2026-03-02', excludeSchoolIds: ['elm'] })[0]?.schoolId,
    ).toBe('fir');
  });

  it('the longest since its last placement goes first when rates tie', () => {
    const twins = [S('x', 'ACADEMY', 'SECONDARY', 1000, '200001'), S('y', 'ACADEMY', 'SECONDARY', 1000, '200002')];
    const f = [
      { schoolId: 'x', yearGroup: 8, on: '2026-01-10' },
      { schoolId: 'y', yearGroup: 8, on: '2025-11-10' },
    ];
    expect(rankWhoseTurn(twins, f, { yearGroup: 8, asOf: '2026-03-02' }).map((r) => r.schoolId)).toEqual(['y', 'x']);
  });

  it('the window is the 365 days before the day asked: a placement on that day counts, one 365 days before does not', () => {
    const twins = [S('x', 'ACADEMY', 'SECONDARY', 1000, '200001'), S('y', 'ACADEMY', 'SECONDARY', 1000, '200002')];
    // 2026-03-02 − 365 days = 2025-03-02 (2025 is not a leap year).
    const onTheDay = rankWhoseTurn(twins, [{ schoolId: 'x', yearGroup: 8, on: '2026-03-02' }], {
      yearGroup: 8,
      asOf: '2026-03-02',
    });
    expect(onTheDay.map((r) => [r.schoolId, r.yearGroupPlacements, r.yearGroupPer100])).toEqual([
      ['y', 0, 0],
      ['x', 1, 0.1],
    ]);
    const yearBefore = rankWhoseTurn(twins, [{ schoolId: 'x', yearGroup: 8, on: '2025-03-02' }], {
      yearGroup: 8,
      asOf: '2026-03-02',
    });
    expect(yearBefore.map((r) => [r.schoolId, r.yearGroupPlacements, r.lastPlacementOn])).toEqual([
      ['x', 0, null],
      ['y', 0, null],
    ]);
    // A placement after the day asked (allocated for later) does not count yet.
    expect(
      rankWhoseTurn(twins, [{ schoolId: 'x', yearGroup: 8, on: '2026-03-03' }], {
        yearGroup: 8,
        asOf: '2026-03-02',
      })[1],
    ).toMatchObject({ schoolId: 'y', allPlacements: 0 });
  });

  it('an all-through school is a candidate in both phases', () => {
    expect(schoolsForPhase(schools, 'PRIMARY').map((s) => s.id)).toEqual(['cedar', 'hazel']);
    expect(rankWhoseTurn(schools, facts, { yearGroup: 3, asOf: '2026-03-02' }).map((r) => r.schoolId)).toEqual([
      'cedar',
      'hazel',
    ]);
  });
});

describe('whose turn: the order’s keys, one at a time', () => {
  const twins = () => [S('x', 'ACADEMY', 'SECONDARY', 1000, '200001'), S('y', 'ACADEMY', 'SECONDARY', 1000, '200002')];

  it('the year group sought comes first: none of Year 8 beats one of Year 8, however many of other years', () => {
    // x: three Year 7 placements (0 Year 8, 0.3 per 100 overall); y: one Year 8 (0.1 and 0.1).
    const facts = [
      { schoolId: 'x', yearGroup: 7, on: '2025-10-06' },
      { schoolId: 'x', yearGroup: 7, on: '2025-11-03' },
      { schoolId: 'x', yearGroup: 7, on: '2025-12-01' },
      { schoolId: 'y', yearGroup: 8, on: '2025-10-06' },
    ];
    const ranked = rankWhoseTurn(twins(), facts, { yearGroup: 8, asOf: '2026-03-02' });
    expect(ranked.map((r) => [r.schoolId, r.yearGroupPer100, r.allPer100])).toEqual([
      ['x', 0, 0.3],
      ['y', 0.1, 0.1],
    ]);
  });

  it('the last placement is the latest one, whatever order the facts come in', () => {
    const facts = [
      { schoolId: 'x', yearGroup: 8, on: '2026-01-12' },
      { schoolId: 'x', yearGroup: 9, on: '2025-10-06' },
    ];
    const ranked = rankWhoseTurn(twins(), facts, { yearGroup: 8, asOf: '2026-03-02' });
    expect(ranked.find((r) => r.schoolId === 'x')?.lastPlacementOn).toBe('2026-01-12');
  });

  it('with rates and last placement tied, the larger school first, then the lower URN', () => {
    // None placed in the window: ordered by roll, largest first, whatever the order given; equal rolls by URN.
    const three = [
      S('small', 'ACADEMY', 'SECONDARY', 600, '300003'),
      S('large', 'MAINTAINED', 'SECONDARY', 1500, '300002'),
      S('mid-b', 'ACADEMY', 'SECONDARY', 900, '300009'),
      S('mid-a', 'ACADEMY', 'SECONDARY', 900, '300001'),
    ];
    expect(rankWhoseTurn(three, [], { yearGroup: 8, asOf: '2026-03-02' }).map((r) => r.schoolId)).toEqual([
      'large',
      'mid-a',
      'mid-b',
      'small',
    ]);
  });
});
