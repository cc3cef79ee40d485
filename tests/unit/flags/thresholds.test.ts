import { describe, expect, it } from 'vitest';
import { isValidIsoDate } from '../../../src/domain/dates';
import {
  CONFIG_VERSION,
  DEFAULT_VALUES,
  THRESHOLD_TABLE,
  checkpointSchedule,
  resolveThresholds,
  validateOverride,
} from '../../../src/domain/flags/thresholds';

describe('threshold table', () => {
  it('carries the required defaults', () => {
    expect(CONFIG_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect(DEFAULT_VALUES).toMatchObject({
      fullTimeHoursPerWeek: 32.5,
      unregisteredFullTimeHours: 18,
      registrationPupilCount: 5,
      reviewIntervalSchoolDays: 30,
      tier2LimitSchoolDays: 65,
      longStaySchoolDays: 130,
      unregisteredAverageStayCalendarDays: 276,
      unregisteredShortTermWeeks: 12,
      unregisteredLongTermMaxDaysPerWeek: 2,
      unregisteredLongTermMaxSessionsPerWeek: 4,
      laNotificationToleranceSchoolDays: 5,
      daySix: 6,
      governorReinstatementSchoolDays: 15,
      governorRepresentationsSchoolDays: 50,
      healthAbsenceSchoolDays: 15,
      offSiteNoticeSchoolDays: 2,
      fairAccessAllocationSchoolDays: 20,
      fairAccessStartSchoolDays: 10,
      maintainedResponseCalendarDays: 7,
      adjudicatorReferralCalendarDays: 15,
      academyResponseCalendarDays: 7,
      fairShareRatio: 1.5,
      reintegrationSustainSchoolDays: 130,
      checkpointReportGraceSchoolDays: 5,
      partTimeMaxWeeks: 6,
      suspensionCapSchoolDays: 45,
      septemberGuaranteeDay: 30,
      cwsaS43Commenced: 0,
    });
  });

  it('gives every threshold a status, direction, source URL and effective date', () => {
    for (const d of THRESHOLD_TABLE) {
      expect(['LAW', 'STATUTORY_GUIDANCE', 'PROPOSAL', 'LOCAL_PRACTICE', 'DESIGN_DEFAULT']).toContain(d.status);
      expect(['max', 'min']).toContain(d.direction);
      expect(d.source.url).toMatch(/^https?:\/\//);
      expect(d.source.citation.length).toBeGreaterThan(5);
      expect(isValidIsoDate(d.effectiveFrom)).toBe(true);
      expect(d.value).toBeGreaterThanOrEqual(d.range[0]);
      expect(d.value).toBeLessThanOrEqual(d.range[1]);
    }
  });

  it('tags the proposals as PROPOSAL', () => {
    const proposals = THRESHOLD_TABLE.filter((d) => d.status === 'PROPOSAL')
      .map((d) => d.key)
      .sort();
    expect(proposals).toEqual([
      'unregisteredLongTermMaxDaysPerWeek',
      'unregisteredLongTermMaxSessionsPerWeek',
      'unregisteredShortTermWeeks',
    ]);
  });

  it('schedules follow-ups at 6 weeks, 1 term and 2 terms', () => {
    expect(checkpointSchedule(DEFAULT_VALUES).map((c) => c.schoolDays)).toEqual([30, 65, 130]);
  });
});

describe('validateOverride: tighten yes, loosen a legal one no', () => {
  it.each([
    ['daySix', 5], // max: lower is stricter
    ['registrationPupilCount', 4],
    ['unregisteredFullTimeHours', 15],
    ['offSiteNoticeSchoolDays', 3], // min: higher is stricter
    ['fullTimeHoursPerWeek', 33],
    ['unregisteredShortTermWeeks', 10], // proposals can be tightened
    ['tier2LimitSchoolDays', 50],
    ['cwsaS43Commenced', 1], // switching s43 on early is stricter
    ['laNotificationToleranceSchoolDays', 0],
  ])('accepts %s = %s as tightening', (key, value) => {
    expect(validateOverride(key, value)).toMatchObject({ ok: true, effect: 'TIGHTENS' });
  });

  it.each([
    ['daySix', 8, 'set in law'],
    ['registrationPupilCount', 6, 'set in law'],
    ['offSiteNoticeSchoolDays', 1, 'set in law'],
    ['suspensionCapSchoolDays', 45.5, 'whole number'],
    ['unregisteredFullTimeHours', 20, 'statutory guidance'],
    ['fullTimeHoursPerWeek', 25, 'statutory guidance'],
    ['fairAccessAllocationSchoolDays', 25, 'statutory guidance'],
    ['reviewIntervalSchoolDays', 40, 'statutory guidance'],
    ['unregisteredShortTermWeeks', 16, 'national proposal'],
    ['adjudicatorReferralCalendarDays', 10, 'set in law'],
  ])('refuses %s = %s', (key, value, words) => {
    const r = validateOverride(key, value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });

  it('tells the clerk what the stricter values are', () => {
    const r = validateOverride('daySix', 8);
    expect(r).toEqual({
      ok: false,
      message: expect.stringMatching(/is 6 school days.*stricter \(6 or lower\) but not 8/),
    });
  });

  it.each([
    ['tier2LimitSchoolDays', 80], // DESIGN_DEFAULT
    ['partTimeMaxWeeks', 8], // LOCAL_PRACTICE
    ['reintegrationSustainSchoolDays', 100], // DESIGN_DEFAULT, min direction
  ])('lets an LA loosen its own or a tracker default: %s = %s', (key, value) => {
    expect(validateOverride(key, value)).toMatchObject({ ok: true, effect: 'LOOSENS' });
  });

  it('refuses unknown keys, non-numbers and out-of-range values', () => {
    expect(validateOverride('noSuchThing', 1)).toMatchObject({
      ok: false,
      message: expect.stringContaining('no rule threshold'),
    });
    expect(validateOverride('daySix', Number.NaN)).toMatchObject({ ok: false });
    expect(validateOverride('daySix', 0)).toMatchObject({
      ok: false,
      message: expect.stringContaining('between 1 and 6'),
    });
    expect(validateOverride('cwsaS43Commenced', 0.5)).toMatchObject({ ok: false });
  });
});

describe('resolveThresholds', () => {
  it('returns the defaults and the bare config version with no overrides', () => {
    const r = resolveThresholds([]);
    expect(r.values).toEqual(DEFAULT_VALUES);
    expect(r.configVersion).toBe(CONFIG_VERSION);
  });

  it('applies acceptable overrides, names them in the version, and reports refused ones', () => {
    const r = resolveThresholds([
      { key: 'tier2LimitSchoolDays', value: 50 },
      { key: 'daySix', value: 8 },
      { key: 'reviewIntervalSchoolDays', value: 30 },
    ]);
    expect(r.values.tier2LimitSchoolDays).toBe(50);
    expect(r.values.daySix).toBe(6);
    expect(r.overrides).toEqual([{ key: 'tier2LimitSchoolDays', value: 50, defaultValue: 65 }]);
    expect(r.configVersion).toBe(`${CONFIG_VERSION}+la(tier2LimitSchoolDays=50)`);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ key: 'daySix', value: 8 });
  });
});
