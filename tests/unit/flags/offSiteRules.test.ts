import { describe, expect, it } from 'vitest';
import { ruleO1DirectionNotice, ruleO2EhcpLaNotice, ruleO4DirectionPlan } from '../../../src/domain/flags/offSiteRules';
import type { PlacementSnapshot } from '../../../src/domain/flags/snapshots';
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
    const p = direction({
      startDate: '2025-11-11',
      directionNotice: {
        address: '1 High St',
        personToReportTo: 'Ms Khan',
        numberOfDays: 60,
        reasonsAndObjectives: 'x',
        sessionTimes: ' ',
      },
    });
    expect(ruleO1DirectionNotice(p, '2025-11-11', cal, T)[0]).toMatchObject({
      ruleId: 'O1',
      evidence: {
        problems: ['SHORT_NOTICE', 'INCOMPLETE_NOTICE'],
        earliestLawfulStart: '2025-11-12',
        missingParts: ['sessionTimes'],
      },
      evidenceScore: 3,
    });
  });

  it('flags a direction with no written notice, from its first day', () => {
    const p = direction({ directionNoticeDate: null, directionNotice: null });
    expect(ruleO1DirectionNotice(p, '2025-11-11', cal, T)).toEqual([]); // not started yet
    expect(ruleO1DirectionNotice(p, '2025-11-12', cal, T)[0]?.evidence).toMatchObject({
      problems: ['NO_WRITTEN_NOTICE'],
    });
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
    expect(ruleO2EhcpLaNotice(direction({ pupil: ehcp, ehcpLaNoticeDate }), '2025-11-12', cal, T).length > 0).toBe(
      flagged,
    );
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
    const out = ruleO4DirectionPlan(
      direction({ maximumPeriodSchoolDays, reviewIntervalSchoolDays }),
      '2025-11-01',
      cal,
      T,
    );
    expect(out.map((f) => f.evidence.problems)).toEqual(problems.length ? [problems] : []);
  });
});

describe('O1, O2, O4 judged by the rules in force on the first day of the direction (domain.md §10.2)', () => {
  // Notice Mon 13 Jul 2026 with nothing in it, and a first day the next school day: every O-rule has
  // something to say about it, if it applies. 25 and 26 July 2026 fall in the summer holiday; the
  // notice rule compares them with the notice, so the holiday makes no difference to whether it applies.
  const bad = (startDate: string, commissioningSchoolType: PlacementSnapshot['commissioningSchoolType']) =>
    direction({
      startDate,
      commissioningSchoolType,
      plannedEndDate: null,
      directionNoticeDate: '2026-07-13',
      directionNotice: {},
      maximumPeriodSchoolDays: null,
      reviewIntervalSchoolDays: null,
      ehcpLaNoticeDate: null,
      pupil: pupilFacts({ senStatus: 'EHCP' }),
    });
  const rules = (p: PlacementSnapshot, asOf: string) =>
    [
      ...ruleO1DirectionNotice(p, asOf, cal, T),
      ...ruleO2EhcpLaNotice(p, asOf, cal, T),
      ...ruleO4DirectionPlan(p, asOf, cal, T),
    ].map((f) => f.ruleId);

  it.each([
    ['ACADEMY', '2026-07-25', []], // the day before the 2026 regulations: no notice rule for academies
    ['ACADEMY', '2026-07-26', ['O1', 'O2', 'O4']],
    ['AP_ACADEMY', '2026-07-25', []],
    ['AP_ACADEMY', '2026-07-26', ['O1', 'O2', 'O4']],
    ['AP_FREE_SCHOOL', '2026-07-26', ['O1', 'O2', 'O4']],
    ['PRU', '2026-07-25', []], // PRU management committees direct off-site only from 26 July 2026
    ['PRU', '2026-07-26', ['O1', 'O2', 'O4']],
    ['MAINTAINED', '2026-07-25', ['O1', 'O2', 'O4']], // maintained schools: unchanged either side
    ['MAINTAINED', '2026-07-26', ['O1', 'O2', 'O4']],
    ['SPECIAL', '2026-07-25', ['O1', 'O2', 'O4']],
    ['INDEPENDENT', '2026-07-26', []], // s29A never reaches an independent school
  ] as const)('%s direction starting %s → %j', (type, startDate, expected) => {
    expect(rules(bad(startDate, type), '2026-09-07')).toEqual(expected);
  });

  it('keeps an academy direction that started before 26 July 2026 transitional while it runs on past that date', () => {
    const p = bad('2026-07-20', 'ACADEMY');
    expect(rules(p, '2026-07-20')).toEqual([]);
    expect(rules(p, '2026-10-01')).toEqual([]);
  });

  it('names the regulations that judged it', () => {
    const [academy] = ruleO1DirectionNotice(bad('2026-07-26', 'ACADEMY'), '2026-09-07', cal, T);
    expect(String(academy?.evidence.judgedUnder)).toMatch(/Application to Academies and Pupil Referral Units/);
    const [maintained] = ruleO1DirectionNotice(bad('2026-07-26', 'MAINTAINED'), '2026-09-07', cal, T);
    expect(String(maintained?.evidence.judgedUnder)).toMatch(/SI 2010\/1156/);
  });
});
