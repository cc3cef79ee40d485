import { describe, expect, it } from 'vitest';
import {
  evidenceRows,
  paginationLinks,
  parseCursor,
  parseInboxFilters,
  filterQuery,
  ruleExplanation,
  ageText,
} from '../../../src/web/routes/flags/inbox';
import { parseFilters } from '../../../src/web/routes/reports/filters';
import { figure } from '../../../src/web/routes/reports/tables';
import { registrationTest, type ProviderDetails } from '../../../src/web/routes/providers/register';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

describe('flags inbox pagination', () => {
  it('walks forward and back through cursor pages with links alone', () => {
    const base = filterQuery(parseInboxFilters({ ruleId: 'P2' }));
    const p1 = paginationLinks(base, parseCursor({}), A, true);
    expect(p1.previous).toBeUndefined();
    expect(p1.page).toBe(1);
    const q2 = Object.fromEntries(new URL(`http://x${p1.next!.href}`).searchParams);
    expect(q2).toMatchObject({ ruleId: 'P2', after: A, trail: '-' });
    const p2 = paginationLinks(base, parseCursor(q2), B, true);
    expect(p2.page).toBe(2);
    expect(p2.previous!.href).toBe('/flags?ruleId=P2&status=OPEN&status=ACKNOWLEDGED');
    const q3 = Object.fromEntries(new URL(`http://x${p2.next!.href}`).searchParams);
    const p3 = paginationLinks(base, parseCursor(q3), C, false);
    expect(p3.page).toBe(3);
    expect(p3.next).toBeUndefined();
    expect(Object.fromEntries(new URL(`http://x${p3.previous!.href}`).searchParams)).toMatchObject({
      after: A,
      trail: '-',
    });
  });

  it('ignores cursors and filters that are not what the form sends', () => {
    expect(parseCursor({ after: 'drop table', trail: 'x,y' })).toEqual({ after: '', trail: [] });
    expect(parseInboxFilters({ ruleId: '<script>', severity: ['CRIT', 'BAD'], status: [] })).toEqual({
      ruleId: '',
      severity: ['CRIT'],
      status: ['OPEN', 'ACKNOWLEDGED'],
      providerId: '',
      schoolId: '',
    });
  });
});

describe('flags inbox view model', () => {
  it('shows evidence in words, organisations by name and other ids not at all', () => {
    const rows = evidenceRows(
      { schoolDaysOverdue: 7, allocatedSchoolId: A, pupilId: B, startDateSet: true },
      new Map([[A, 'Fernfield Park Academy']]),
    );
    expect(rows.map((r) => [r.key.text, r.value.text])).toEqual([
      ['School days overdue', '7'],
      ['Allocated school', 'Fernfield Park Academy'],
      ['Start date set', 'yes'],
    ]);
  });

  it('explains a rule with the source status of its thresholds, and a proposal as a proposal', () => {
    const thresholds = [
      {
        key: 'tier2LimitSchoolDays',
        label: 'Tier 2 limit',
        value: 190,
        unit: 'school days',
        status: 'STATUTORY_GUIDANCE',
        source: 'AP guidance 2026',
      },
    ];
    const rule = {
      ruleId: 'P4',
      title: 'Long stay',
      description: 'd',
      severity: 'HIGH',
      outcome: 'REINTEGRATION',
      thresholds: ['tier2LimitSchoolDays'],
      section: '§1.3',
      proposal: false,
    };
    expect(ruleExplanation(rule, thresholds)).toMatchObject({
      sourceStatus: 'Statutory guidance',
      thresholds: [{ label: 'Tier 2 limit', value: '190 school days', status: 'Statutory guidance' }],
    });
    expect(ruleExplanation({ ...rule, proposal: true }, thresholds)!.sourceStatus).toBe('Proposal (not yet law)');
  });

  it('gives a flag’s age in whole days', () => {
    const now = new Date('2026-12-05T09:00:00Z');
    expect(ageText('2026-12-05T01:00:00Z', now)).toBe('today');
    expect(ageText('2026-12-04T08:00:00Z', now)).toBe('1 day ago');
    expect(ageText('2026-11-20T08:00:00Z', now)).toBe('15 days ago');
  });
});

describe('report filter form', () => {
  const today = '2026-12-05';
  it('defaults to this academic year and builds the variables and the CSV link from the form', () => {
    const f = parseFilters({}, today, { onDate: false, fields: ['school'] });
    expect(f.errors).toEqual([]);
    expect(f.variables).toEqual({ period: { academicYear: '2026-27' }, filter: {}, forSharing: false });
    const g = parseFilters(
      { periodType: 'dates', from: '2026-01-05', to: '2026-03-31', schoolId: A, providerId: B, forSharing: 'yes' },
      today,
      { onDate: false, fields: ['school'] },
    );
    expect(g.variables).toEqual({
      period: { from: '2026-01-05', to: '2026-03-31' },
      filter: { schoolId: A },
      forSharing: true,
    });
    expect(g.query).toBe(`periodType=dates&from=2026-01-05&to=2026-03-31&schoolId=${A}&forSharing=yes`);
  });

  it('says what is wrong with dates, years and ids instead of running the report', () => {
    expect(
      parseFilters({ periodType: 'dates', from: '2026-02-30', to: '2026-03-01' }, today, {
        onDate: false,
        fields: [],
      }).errors.map((e) => e.field),
    ).toEqual(['from']);
    expect(
      parseFilters({ periodType: 'dates', from: '2026-04-01', to: '2026-03-01' }, today, { onDate: false, fields: [] })
        .errors[0]!.text,
    ).toMatch(/after the start date/);
    expect(
      parseFilters({ academicYear: '1999-00' }, today, { onDate: false, fields: [] }).errors.map((e) => e.field),
    ).toEqual(['academicYear']);
    expect(
      parseFilters({ on: 'yesterday', schoolId: 'x' }, today, { onDate: true, fields: ['school'] }).errors.map(
        (e) => e.field,
      ),
    ).toEqual(['on', 'schoolId']);
  });

  it('writes a suppressed figure as suppressed, never 0, and sorts it below every figure', () => {
    expect(figure({ value: null, suppressed: true })).toMatchObject({
      text: 'suppressed',
      classes: 'app-suppressed',
      attributes: { 'data-sort-value': '-1' },
    });
    expect(figure({ value: 0, suppressed: false })).toMatchObject({
      text: '0',
      attributes: { 'data-sort-value': '0' },
    });
    expect(figure({ value: 0.256, suppressed: false }, 'percent').text).toBe('25.6%');
  });
});

describe('providers register', () => {
  const p = (kind: ProviderDetails['kind']): ProviderDetails => ({
    id: A,
    name: 'P',
    kind,
    urn: kind === 'UNREGISTERED' ? null : '170950',
    ukprn: null,
    settingType: null,
    registrationReference: null,
    qaCheckDate: null,
    qaOutcome: null,
    safeguardingCheckDate: null,
    safeguardingOutcome: null,
    riskAssessmentDate: null,
    onApprovedList: false,
    school: null,
  });
  it('reads the registration test from open U1/U2/U2b flags on unregistered providers', () => {
    expect(registrationTest(p('REGISTERED_SCHOOL'), []).text).toBe('Registered (URN 170950)');
    expect(registrationTest(p('UNREGISTERED'), []).flagged).toBe(false);
    const flagged = registrationTest(p('UNREGISTERED'), [
      { id: C, ruleId: 'U1', title: 't', providerId: A },
      { id: B, ruleId: 'U2', title: 't', providerId: B },
    ]);
    expect(flagged).toMatchObject({ flagged: true, text: 'May need to register: U1 open' });
  });
});

describe('movement summary page titles', () => {
  it('names every breakdown the report has (a missing title showed "By SETTING_TYPE")', async () => {
    const { MOVEMENT_DIMENSIONS } = await import('../../../src/reports/movementSummary');
    const { DIMENSION_TITLES } = await import('../../../src/web/routes/reports/views/movementSummary');
    for (const d of MOVEMENT_DIMENSIONS) expect(DIMENSION_TITLES[d], d).toBeTruthy();
  });
});
