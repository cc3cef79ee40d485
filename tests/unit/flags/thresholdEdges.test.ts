/**
 * What an LA clerk is told when an override is refused, and how overrides and commencements reach the
 * config version stamped on every flag (domain.md §9.10; the threshold table in flags/thresholds.ts),
 * beyond thresholds.test.ts, found by Stryker's survivors (docs/testing.md): refusal messages word for word,
 * an override equal to the default, a stricter value beyond the range, several overrides and commencements
 * in the version, a threshold no longer in force, and the follow-up labels.
 */
import { describe, expect, it } from 'vitest';
import {
  CONFIG_VERSION,
  DEFAULT_VALUES,
  THRESHOLD_TABLE,
  checkpointSchedule,
  isThresholdKey,
  resolveThresholds,
  thresholdDefinition,
  thresholdOn,
  validateOverride,
  type ThresholdDefinition,
  type ThresholdKey,
} from '../../../src/domain/flags/thresholds';

const DAY_SIX = '"School day of an exclusion by which full-time provision must be in place"';

describe('validateOverride (§9.10): the refusal a clerk reads, word for word', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, '6' as unknown as number])('%s is not a number', (value) => {
    expect(validateOverride('daySix', value)).toEqual({ ok: false, message: `${DAY_SIX} must be a number.` });
  });

  it('an unknown key is named back', () => {
    expect(validateOverride('daySeven', 6)).toEqual({
      ok: false,
      message: 'There is no rule threshold called "daySeven".',
    });
  });

  it('loosening a "min" threshold set in law: the stricter values are the default or higher', () => {
    const d = thresholdDefinition('offSiteNoticeSchoolDays');
    expect(validateOverride('offSiteNoticeSchoolDays', 1)).toEqual({
      ok: false,
      message: `"School days of written notice before an off-site direction starts" is 2 school days, which is set in law (${d.source.citation}). Your authority may make it stricter (2 or higher) but not 1, which would loosen it.`,
    });
  });

  it('a stricter value beyond the range is refused with the range (notice of 31 school days)', () => {
    expect(validateOverride('offSiteNoticeSchoolDays', 31)).toEqual({
      ok: false,
      message:
        '"School days of written notice before an off-site direction starts" must be between 1 and 30 school days.',
    });
    expect(validateOverride('offSiteNoticeSchoolDays', 30)).toEqual({
      ok: true,
      key: 'offSiteNoticeSchoolDays',
      value: 30,
      effect: 'TIGHTENS',
    });
  });

  it('the default itself changes nothing', () => {
    expect(validateOverride('daySix', 6)).toEqual({ ok: true, key: 'daySix', value: 6, effect: 'UNCHANGED' });
    expect(validateOverride('offSiteNoticeSchoolDays', 2)).toMatchObject({ effect: 'UNCHANGED' });
  });
});

describe('resolveThresholds (§9.10): the config version stamped on flags', () => {
  it('with no arguments: the national defaults, nothing refused', () => {
    const r = resolveThresholds();
    expect(r.values).toEqual(DEFAULT_VALUES);
    expect(r.rejected).toEqual([]);
    expect(r.overrides).toEqual([]);
    expect(r.configVersion).toBe(CONFIG_VERSION);
  });

  it('names every override in table order, comma-separated', () => {
    const r = resolveThresholds([
      { key: 'offSiteNoticeSchoolDays', value: 3 },
      { key: 'daySix', value: 5 },
    ]);
    expect(r.configVersion).toBe(`${CONFIG_VERSION}+la(daySix=5,offSiteNoticeSchoolDays=3)`);
  });

  it('names every commencement set, comma-separated, after the overrides', () => {
    const r = resolveThresholds([{ key: 'daySix', value: 5 }], {
      CWSA_EHE_CONSENT: '2027-01-01',
      CWSA_S43: '2026-09-01',
    });
    expect(r.configVersion).toBe(
      `${CONFIG_VERSION}+la(daySix=5)+commenced(CWSA_S43=2026-09-01,CWSA_EHE_CONSENT=2027-01-01)`,
    );
  });
});

describe('the threshold table by key and by date', () => {
  it('knows its keys and gives each one’s definition', () => {
    expect(isThresholdKey('daySix')).toBe(true);
    expect(isThresholdKey('daySeven')).toBe(false);
    expect(thresholdDefinition('daySix')).toMatchObject({ key: 'daySix', value: 6, status: 'LAW', direction: 'max' });
  });

  it('a key not in the table, or a date before the only version: no value', () => {
    const t = resolveThresholds();
    expect(thresholdOn(t, 'daySeven' as ThresholdKey, '2026-01-05')).toBeNull();
    // daySix is in force from 1 Sep 2007 and has no earlier version.
    expect(thresholdOn(t, 'daySix', '2007-08-31')).toBeNull();
    expect(thresholdOn(t, 'daySix', '2007-09-01')).toBe(6);
  });

  it('a threshold whose current version has ended: no value after its last day', () => {
    const retired: ThresholdDefinition[] = [
      {
        ...(THRESHOLD_TABLE.find((d) => d.key === 'daySix') as ThresholdDefinition),
        effectiveFrom: '2010-01-01',
        effectiveTo: '2026-07-25',
      },
    ];
    const t = resolveThresholds();
    expect(thresholdOn(t, 'daySix', '2026-07-25', retired)).toBe(6);
    expect(thresholdOn(t, 'daySix', '2026-07-26', retired)).toBeNull();
  });

  it('reintegration follow-ups are labelled as the movements record them', () => {
    expect(checkpointSchedule(DEFAULT_VALUES)).toEqual([
      { label: 'SIX_WEEKS', schoolDays: 30 },
      { label: 'ONE_TERM', schoolDays: 65 },
      { label: 'TWO_TERMS', schoolDays: 130 },
    ]);
  });
});
