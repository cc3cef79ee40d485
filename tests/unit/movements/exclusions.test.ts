import { describe, expect, it } from 'vitest';
import {
  daySixDate,
  ruleE1SuspensionCap,
  ruleE7HalfDaySteps,
  SUSPENSION_CAP_SCHOOL_DAYS,
} from '../../../src/domain/movements/exclusions';
import { sheffield } from '../../support/sheffieldCalendar';

describe('rule E1: at most 45 school days of suspension in an academic year', () => {
  it('the cap is 45', () => {
    expect(SUSPENSION_CAP_SCHOOL_DAYS).toBe(45);
  });

  const y = (schoolDays: number, academicYear = '2025/26') => [{ academicYear, schoolDays }];

  it('reaching exactly 45 is allowed; half a day more is refused', () => {
    expect(ruleE1SuspensionCap(y(40), y(5))).toEqual({ ok: true, totals: y(45) });
    expect(ruleE1SuspensionCap([], y(0.5))).toEqual({ ok: true, totals: y(0.5) });
    expect(ruleE1SuspensionCap(y(40), y(5.5))).toEqual({
      ok: false,
      academicYear: '2025/26',
      total: 45.5,
      existing: 40,
      adding: 5.5,
      message:
        "This suspension would bring the pupil's suspensions in 2025/26 to 45.5 school days; the legal maximum is 45 in an academic year across all schools (40 already recorded)",
    });
  });

  it('days in another academic year do not count towards this one', () => {
    expect(ruleE1SuspensionCap(y(44, '2024/25'), y(5))).toEqual({ ok: true, totals: y(5) });
  });

  it('takes another cap (an LA override is never looser, but the rule does not care)', () => {
    expect(ruleE1SuspensionCap(y(20), y(10), 30)).toEqual({ ok: true, totals: y(30) });
    expect(ruleE1SuspensionCap(y(20), y(11), 30)).toMatchObject({
      ok: false,
      total: 31,
      message: expect.stringContaining('the legal maximum is 30'),
    });
  });
});

describe('rule E7: suspensions in half days', () => {
  it.each([0.5, 1, 2.5, 45])('%s is a whole number of half days', (d) => expect(ruleE7HalfDaySteps(d)).toBe(true));
  it.each([0, -0.5, -1, 0.25, 1.3, Number.NaN])('%s is not', (d) => expect(ruleE7HalfDaySteps(d)).toBe(false));
});

describe('the day-6 duty', () => {
  it('a permanent exclusion from Wed 22 Oct 2025: day 6 is Wed 5 Nov (22, 23, 24 Oct, half-term, 3, 4, 5 Nov)', () => {
    expect(daySixDate(sheffield, 'PERMANENT', '2025-10-22', null)).toBe('2025-11-05');
  });

  it('the first day counts only when it is a school day: from Sat 25 Oct, day 6 is Mon 10 Nov', () => {
    // 3–7 Nov are days 1–5.
    expect(daySixDate(sheffield, 'PERMANENT', '2025-10-25', null)).toBe('2025-11-10');
  });

  it('a suspension of five days or fewer has no day-6 duty; six or more has', () => {
    expect(daySixDate(sheffield, 'SUSPENSION', '2025-11-03', 5)).toBeNull();
    expect(daySixDate(sheffield, 'SUSPENSION', '2025-11-03', 4.5)).toBeNull();
    expect(daySixDate(sheffield, 'SUSPENSION', '2025-11-03', null)).toBeNull();
    expect(daySixDate(sheffield, 'SUSPENSION', '2025-11-03', 5.5)).toBe('2025-11-10');
    // Mon 3 – Fri 7 Nov are days 1–5: day 6 is Mon 10 Nov.
    expect(daySixDate(sheffield, 'SUSPENSION', '2025-11-03', 6)).toBe('2025-11-10');
  });

  it('a permanent exclusion has the duty whatever the days given', () => {
    expect(daySixDate(sheffield, 'PERMANENT', '2025-11-03', 1)).toBe('2025-11-10');
  });
});
