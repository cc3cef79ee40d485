import { describe, expect, it } from 'vitest';
import { ruleO1DirectionNotice, ruleO2EhcpLaNotice, ruleO4DirectionPlan } from '../../../src/domain/flags/offSiteRules';
import { T, direction, pupilFacts } from './fixtures';
import { cal } from './testCalendar';

describe('O1 off-site direction notice', () => {
  // Notice Mon 10 Nov 2025: 2 school days later is Wed 12 Nov, the earliest lawful first day.
  it.each([
    ['2025-11-11', true], // first day one school day after notice: too soon
    ['2025-11-12', false], // exactly 2 school days
    ['2025-11-13', false],
  ])('notice Mon 10 Nov, start %s → flag %s', (startDate, flagged) => {
    expect(ruleO1DirectionNotice(direction({ startDate }), '2025-11-20', cal, T).length > 0).toBe(flagged);
  });

  // Across half-term: notice Fri 24 Oct; Mon 3 Nov is the 1st school day after, Tue 4 Nov the 2nd.
  it.each([
    ['2025-10-23', '2025-11-03', false], // Thu 23 Oct: Fri 24 (1), Mon 3 Nov (2)
    ['2025-10-24', '2025-11-03', true], // 10 calendar days but only 1 school day
    ['2025-10-24', '2025-11-04', false],
  ])('notice %s, start %s → flag %s', (directionNoticeDate, startDate, flagged) => {
    const out = ruleO1DirectionNotice(direction({ directionNoticeDate, startDate }), '2025-11-10', cal, T);
    expect(out.length > 0).toBe(flagged);
  });

  it('reports the earliest lawful start and what the notice lacks', () => {
    const p = direction({ startDate: '2025-11-11', directionNotice: { address: '1 High St', personToReportTo: 'Ms Khan', numberOfDays: 60, reasonsAndObjectives: 'x', sessionTimes: ' ' } });
    expect(ruleO1DirectionNotice(p, '2025-11-11', cal, T)[0]).toMatchObject({
      ruleId: 'O1',
      evidence: { problems: ['SHORT_NOTICE', 'INCOMPLETE_NOTICE'], earliestLawfulStart: '2025-11-12', missingParts: ['sessionTimes'] },
      evidenceScore: 3,
    });
  });

  it('flags a direction with no written notice, from its first day', () => {
    const p = direction({ directionNoticeDate: null, directionNotice: null });
    expect(ruleO1DirectionNotice(p, '2025-11-11', cal, T)).toEqual([]); // not started yet
    expect(ruleO1DirectionNotice(p, '2025-11-12', cal, T)[0]?.evidence).toMatchObject({ problems: ['NO_WRITTEN_NOTICE'] });
  });

  it('uses a tightened notice period', () => {
    // 3 school days after Mon 10 Nov is Thu 13 Nov, so a Wed 12 Nov start is now short.
    const t = { ...T, values: { ...T.values, offSiteNoticeSchoolDays: 3 } };
    expect(ruleO1DirectionNotice(direction(), '2025-11-12', cal, t)).toHaveLength(1);
  });
});

describe('O2 EHC plan pupil directed off-site without LA notice', () => {
  const ehcp = pupilFacts({ senStatus: 'EHCP' });
  it.each([
    ['2025-11-10', false], // 2 school days before Wed 12 Nov
    ['2025-11-11', true], // only 1 school day before
    [null, true],
  ])('LA notice on %s for a Wed 12 Nov start → flag %s', (ehcpLaNoticeDate, flagged) => {
    expect(ruleO2EhcpLaNotice(direction({ pupil: ehcp, ehcpLaNoticeDate }), '2025-11-12', cal, T).length > 0).toBe(flagged);
  });

  it('does not apply without an EHC plan, or before the direction starts', () => {
    expect(ruleO2EhcpLaNotice(direction(), '2025-11-12', cal, T)).toEqual([]);
    expect(ruleO2EhcpLaNotice(direction({ pupil: ehcp }), '2025-11-11', cal, T)).toEqual([]);
  });
});

describe('O4 direction without a maximum period or review schedule', () => {
  it.each([
    [60, 30, []],
    [null, 30, ['NO_MAXIMUM_PERIOD']],
    [60, null, ['NO_REVIEW_SCHEDULE']],
  ])('maximum %s, review every %s → %j', (maximumPeriodSchoolDays, reviewIntervalSchoolDays, problems) => {
    const out = ruleO4DirectionPlan(direction({ maximumPeriodSchoolDays, reviewIntervalSchoolDays }), '2025-11-01', cal, T);
    expect(out.map((f) => f.evidence.problems)).toEqual(problems.length ? [problems] : []);
  });
});
