import { describe, expect, it } from 'vitest';
import { clockFrom, londonDateOf, settableClock } from '../../../src/time/clock';

// 2026: BST starts 01:00 GMT on Sunday 29 March and ends 01:00 GMT (02:00 BST) on Sunday 25 October.
describe('one clock: today is the date in England', () => {
  it.each([
    ['2026-03-28T23:30:00Z', '2026-03-28', '23:30 GMT the night before the spring change'],
    ['2026-03-29T00:30:00Z', '2026-03-29', '00:30 GMT on the day of the spring change (before 01:00)'],
    ['2026-03-29T22:30:00Z', '2026-03-29', '23:30 BST on the day of the spring change'],
    ['2026-03-29T23:30:00Z', '2026-03-30', '00:30 BST the morning after: UTC still says the 29th'],
    ['2026-10-24T22:30:00Z', '2026-10-24', '23:30 BST the night before the autumn change'],
    ['2026-10-24T23:30:00Z', '2026-10-25', '00:30 BST on the day of the autumn change: UTC still says the 24th'],
    ['2026-10-25T23:30:00Z', '2026-10-25', '23:30 GMT on the day of the autumn change'],
    ['2026-10-26T00:30:00Z', '2026-10-26', '00:30 GMT the morning after'],
  ])('%s is %s in England (%s)', (instant, date) => {
    expect(londonDateOf(new Date(instant))).toBe(date);
    expect(clockFrom(() => new Date(instant)).today()).toBe(date);
  });

  it('a settable clock moves when told and not otherwise', () => {
    const c = settableClock('2026-06-30T22:59:00Z');
    expect(c.today()).toBe('2026-06-30');
    c.set('2026-06-30T23:00:00Z');
    expect(c.today()).toBe('2026-07-01');
    expect(c.now().toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });
});
