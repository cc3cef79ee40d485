import { describe, expect, it } from 'vitest';
import {
  activeOn,
  afterSchoolDays,
  ended,
  isHealthBased,
  onOrBefore,
  provisionOn,
  raise,
  stillOpen,
} from '../../../src/domain/flags/support';
import { T, placement } from './fixtures';
import { cal } from './testCalendar';

/**
 * The shared helpers every flag rule leans on (support.ts): what "running", "ended" and "still open" mean for a
 * placement, the zero tolerance of a school-day window, and what a raised candidate carries.
 * minDate/maxDate's comparisons could be `<=`/`>=` with the same answers (equal dates are the same string), so
 * those two mutants are equivalent.
 */
describe('a placement running, ended or still open on a day', () => {
  const span = (endDate: string | null, status?: string) => ({ startDate: '2025-09-03', endDate, status });

  it('runs from its first day to its end date, both included; ENDED with no end date is over', () => {
    expect(activeOn(span(null), '2025-09-02')).toBe(false);
    expect(activeOn(span(null), '2025-09-03')).toBe(true);
    expect(activeOn(span(null, 'OPEN'), '2026-07-01')).toBe(true);
    expect(activeOn(span(null, 'ENDED'), '2025-09-10')).toBe(false);
    expect(activeOn(span('2025-10-01', 'ENDED'), '2025-10-01')).toBe(true);
    expect(activeOn(span('2025-10-01', 'ENDED'), '2025-10-02')).toBe(false);
  });

  it('has ended by a day on or after its end date, or when ENDED with no date', () => {
    expect(ended(span(null), '2030-01-01')).toBe(false);
    expect(ended(span(null, 'OPEN'), '2030-01-01')).toBe(false);
    expect(ended(span(null, 'ENDED'), '2025-09-03')).toBe(true);
    expect(ended(span('2025-10-01'), '2025-09-30')).toBe(false);
    expect(ended(span('2025-10-01'), '2025-10-01')).toBe(true);
  });

  it('is still open once started and until ended', () => {
    expect(stillOpen(span(null), '2025-09-02')).toBe(false);
    expect(stillOpen(span(null), '2025-09-03')).toBe(true);
    expect(stillOpen(span('2025-10-01'), '2025-09-30')).toBe(true);
    expect(stillOpen(span('2025-10-01'), '2025-10-01')).toBe(false);
    expect(stillOpen(span(null, 'ENDED'), '2025-09-10')).toBe(false);
  });
});

describe('small helpers', () => {
  it('a window of 0 school days (a zero tolerance) ends on the day itself; 1 is the next school day', () => {
    expect(afterSchoolDays(cal, '2025-10-24', 0)).toBe('2025-10-24');
    expect(afterSchoolDays(cal, '2025-10-24', -2)).toBe('2025-10-24');
    // Fri 24 Oct, then half-term 27–31 Oct: the next school day is Mon 3 Nov.
    expect(afterSchoolDays(cal, '2025-10-24', 1)).toBe('2025-11-03');
  });

  it('a date is on or before the day only when there is one', () => {
    expect(onOrBefore(null, '2025-10-01')).toBe(false);
    expect(onOrBefore(undefined, '2025-10-01')).toBe(false);
    expect(onOrBefore('2025-10-01', '2025-10-01')).toBe(true);
    expect(onOrBefore('2025-10-02', '2025-10-01')).toBe(false);
  });

  it('health-based provision: the reason or the s19 health basis', () => {
    expect(isHealthBased({ reason: 'HEALTH_NEEDS', legalBasis: 'S19_OTHER' })).toBe(true);
    expect(isHealthBased({ reason: 'OTHER', legalBasis: 'S19_HEALTH' })).toBe(true);
    expect(isHealthBased({ reason: 'OTHER', legalBasis: 'S19_OTHER' })).toBe(false);
  });

  it('provision on a day names the placements running, adds their hours and is full-time from the threshold', () => {
    const a = placement({ id: 'a', hoursPerWeek: 20 });
    const b = placement({ id: 'b', hoursPerWeek: 12.5 });
    const gone = placement({ id: 'c', hoursPerWeek: 10, endDate: '2025-09-30', status: 'ENDED' });
    expect(provisionOn([a, b, gone], '2025-10-01', 32.5)).toEqual({
      hours: 32.5,
      fullTime: true,
      healthBased: false,
      placementIds: ['a', 'b'],
    });
    expect(provisionOn([a], '2025-10-01', 32.5)).toEqual({
      hours: 20,
      fullTime: false,
      healthBased: false,
      placementIds: ['a'],
    });
  });
});

describe('a raised candidate', () => {
  it('carries only the references it is given, and an empty period key by default', () => {
    const bare = raise('P7', T, { subjectId: 's', laId: 'la-1', evidence: {}, score: 1 });
    expect(bare.periodKey).toBe('');
    for (const k of ['pupilId', 'placementId', 'providerId', 'schoolId']) expect(k in bare, k).toBe(false);
    const full = raise('P7', T, {
      subjectId: 's',
      laId: 'la-1',
      periodKey: '2025-26',
      pupilId: 'pu',
      placementId: 'pl',
      providerId: 'pr',
      schoolId: 'sc',
      evidence: {},
      score: 1,
    });
    expect([full.periodKey, full.pupilId, full.placementId, full.providerId, full.schoolId]).toEqual([
      '2025-26',
      'pu',
      'pl',
      'pr',
      'sc',
    ]);
    const nulls = raise('P7', T, {
      subjectId: 's',
      laId: 'la-1',
      pupilId: null,
      placementId: null,
      providerId: null,
      schoolId: null,
      evidence: {},
      score: 1,
    });
    for (const k of ['pupilId', 'placementId', 'providerId', 'schoolId']) expect(k in nulls, k).toBe(false);
  });
});
