import { describe, expect, it } from 'vitest';
import { suggestMapping, type ColumnMapping } from '../../../src/domain/import/mapping';
import { PLACEMENT_FIELDS } from '../../../src/domain/import/placementColumns';
import { readPlacementRow, type ReadRow } from '../../../src/domain/import/placementRow';

/**
 * Issue 16 item 1, one rule at a time: what a placement row refuses (integrity: UPN V1/V3, identifiers V5, real
 * and ordered dates, hours within a full-time week, the legal basis) and what only follows up (P1, O1, O4).
 * Every value is built inside the test: a row read while the file loads could never kill a mutant.
 */
const TODAY = '2026-03-01';

/** The file's own headers, so a refusal names the column as the file does. */
const ownHeaders = (): ColumnMapping => ({
  columns: {
    upn: 'Pupil UPN',
    hoursPerWeek: 'Hrs',
    startDate: 'From',
    providerUrn: 'AP URN',
    schoolUrn: 'Home URN',
  },
  dateFormat: 'DMY',
  values: {},
});

const templateMapping = () =>
  suggestMapping(
    PLACEMENT_FIELDS.map((f) => f.header),
    PLACEMENT_FIELDS,
  ).mapping;

/** An LA placement after a permanent exclusion that raises nothing. */
const cells = (over: Record<string, string> = {}): Record<string, string> => ({
  upn: 'H801200001001',
  commissioner: 'LA',
  providerUrn: '900005',
  reason: 'PEX',
  tier: '3',
  startDate: '01/10/2025',
  hoursPerWeek: '20',
  registration: 'dual',
  objectives: 'Settle and attend',
  reintegrationPlan: 'Return to a mainstream school',
  ...over,
});

const problems = (r: ReadRow) => (r.ok === false ? r.problems : []);
const messages = (r: ReadRow) => problems(r).map((p) => `${p.column}: ${p.message}${p.rule ? ` [${p.rule}]` : ''}`);

describe('placement import: a row read in our terms', () => {
  it('reads every column, translating codes and dates, with no follow-up when the plan is complete', () => {
    const r = readPlacementRow(
      {
        upn: ' h801200001001 ',
        firstName: 'Sam',
        lastName: 'Ash',
        dateOfBirth: '14/02/2011',
        sex: 'girl',
        commissioner: 'local authority',
        providerUrn: '900005',
        reason: 'Perm-Ex',
        tier: 'Tier 2',
        startDate: '08/09/2025',
        plannedEndDate: '19/12/2025',
        hoursPerWeek: '22.5',
        registration: 'Single at AP',
        endDate: '19/12/2025',
        destination: 'Reintegrated',
        objectives: ' Settle ',
        reintegrationPlan: 'Back to Hillside',
        safeguardingConfirmedOn: '01/09/2025',
        directionNoticeDate: '',
      },
      2,
      templateMapping(),
      TODAY,
    );
    expect(r).toEqual({
      ok: true,
      followUps: [],
      row: {
        upn: 'H801200001001',
        firstName: 'Sam',
        lastName: 'Ash',
        dateOfBirth: '2011-02-14',
        sex: 'F',
        commissioner: 'LA',
        schoolUrn: null,
        providerUrn: '900005',
        providerUkprn: null,
        settingType: null,
        providerName: null,
        reason: 'PERMANENT_EXCLUSION',
        reasonOther: null,
        tier: 'TIER_2_TIME_LIMITED',
        startDate: '2025-09-08',
        plannedEndDate: '2025-12-19',
        hoursPerWeek: 22.5,
        registration: 'SINGLE_REGISTERED_AT_AP',
        endDate: '2025-12-19',
        destination: 'MAINSTREAM_SCHOOL',
        objectives: 'Settle',
        reintegrationPlan: 'Back to Hillside',
        safeguardingConfirmedOn: '2025-09-01',
        directionNoticeDate: null,
      },
    });
  });

  it('splits one full-name column: "Surname, Forename" or "Forename … Surname"; given names win', () => {
    const names = (fullName: string, over: Record<string, string> = {}) => {
      const r = readPlacementRow(cells({ fullName, ...over }), 2, templateMapping(), TODAY);
      return r.ok === true ? [r.row.firstName, r.row.lastName] : problems(r);
    };
    expect(names('Ash, Sam')).toEqual(['Sam', 'Ash']);
    expect(names(' Ash ,  Sam Lee ')).toEqual(['Sam Lee', 'Ash']);
    expect(names('Ash,')).toEqual([null, 'Ash']);
    // The surname left empty: a forename alone (it once read the forename as "," and the surname as "Sam").
    expect(names(', Sam')).toEqual(['Sam', null]);
    expect(names('Sam Lee  Ash')).toEqual(['Sam Lee', 'Ash']);
    expect(names('Sam')).toEqual(['Sam', null]);
    expect(names('Ash, Sam', { firstName: 'Samuel' })).toEqual(['Samuel', null]);
    expect(names('Ash, Sam', { lastName: 'Ashby' })).toEqual([null, 'Ashby']);
  });

  it('P1, O1 and O4 do not refuse history: they come back as follow-ups, with DESTINATION for an end with none', () => {
    const follow = (over: Record<string, string>) => {
      const r = readPlacementRow(cells(over), 2, templateMapping(), TODAY);
      return r.ok === true ? r.followUps : messages(r);
    };
    expect(follow({})).toEqual([]);
    expect(follow({ objectives: ' ' })).toEqual(['P1']);
    expect(follow({ reintegrationPlan: '' })).toEqual(['P1']);
    expect(follow({ tier: '2' })).toEqual(['P1']);
    expect(follow({ tier: '2', plannedEndDate: '19/12/2025' })).toEqual([]);
    expect(follow({ endDate: '19/12/2025' })).toEqual(['DESTINATION']);
    expect(follow({ endDate: '19/12/2025', destination: 'NEET' })).toEqual([]);
    expect(
      follow({
        commissioner: 'school',
        schoolUrn: '900001',
        reason: 'Off-site direction',
        plannedEndDate: '19/12/2025',
      }),
    ).toEqual(['O1', 'O4']);
    expect(
      follow({
        commissioner: 'school',
        schoolUrn: '900001',
        reason: 's29a',
        plannedEndDate: '19/12/2025',
        directionNoticeDate: '30/09/2025',
      }),
    ).toEqual(['O4']);
    expect(follow({ commissioner: 'school', schoolUrn: '900001', reason: 'direction', endDate: '01/12/2025' })).toEqual(
      ['DESTINATION', 'O1', 'O4', 'P1'],
    );
  });

  it('skips a blank row and a totals line, but not a row that merely starts with "Total…"', () => {
    const blank = { upn: ' ', lastName: '', hoursPerWeek: '' };
    expect(readPlacementRow(blank, 4, templateMapping(), TODAY)).toEqual({ ok: 'skip', why: 'blank' });
    expect(readPlacementRow({ upn: 'Grand  Total', hoursPerWeek: '40' }, 5, templateMapping(), TODAY)).toEqual({
      ok: 'skip',
      why: 'footer',
    });
    expect(readPlacementRow({ upn: 'totals:', hoursPerWeek: '40' }, 5, templateMapping(), TODAY)).toEqual({
      ok: 'skip',
      why: 'footer',
    });
    expect(readPlacementRow({ upn: '', lastName: 'TOTAL', hoursPerWeek: '40' }, 5, templateMapping(), TODAY)).toEqual({
      ok: 'skip',
      why: 'footer',
    });
    const totally = readPlacementRow(cells({ upn: '', lastName: 'Totally' }), 6, templateMapping(), TODAY);
    expect(messages(totally)).toEqual(['UPN: UPN is missing [V1]']);
    const named = readPlacementRow(cells({ lastName: 'Total' }), 6, templateMapping(), TODAY);
    expect(named.ok).toBe(true);
  });
});

describe('placement import: what refuses a row (integrity rules)', () => {
  it('names the line and the column as the file names it (else our header), with rule V1 or V3 for a UPN', () => {
    const r = readPlacementRow(cells({ upn: 'Z801200001001', hoursPerWeek: '' }), 12, ownHeaders(), TODAY);
    expect(problems(r)).toEqual([
      { line: 12, column: 'Pupil UPN', message: 'UPN invalid (wrong check letter at character 1)', rule: 'V1' },
      { line: 12, column: 'Hrs', message: 'The hours a week are missing.' },
    ]);
    const la = readPlacementRow(cells({ upn: 'Z999200001001' }), 3, templateMapping(), TODAY);
    expect(problems(la).map((p) => [p.column, p.rule])).toEqual([['UPN', 'V3']]);
  });

  it('hours a week: a number, more than 0 and at most a full-time week (32.5, rule P1)', () => {
    const hours = (h: string) => messages(readPlacementRow(cells({ hoursPerWeek: h }), 2, ownHeaders(), TODAY));
    expect(hours('ten')).toEqual(['Hrs: "ten" is not a number of hours.']);
    expect(hours('-5')).toEqual(['Hrs: "-5" is not a number of hours.']);
    expect(hours('2.')).toEqual(['Hrs: "2." is not a number of hours.']);
    expect(hours('0')).toEqual(['Hrs: Hours per week must be more than 0 and at most 32.5.']);
    expect(hours('32.6')).toEqual(['Hrs: Hours per week must be more than 0 and at most 32.5.']);
    expect(hours('32.5')).toEqual([]);
    expect(hours('0.5')).toEqual([]);
    const r = readPlacementRow(cells({ hoursPerWeek: ' 7.25 ' }), 2, ownHeaders(), TODAY);
    expect(r.ok === true && r.row.hoursPerWeek).toBe(7.25);
  });

  it('rule V5: the provider by URN (6 digits), UKPRN (8 digits) or setting type, with a name for a setting type', () => {
    const v5 = (over: Record<string, string>) =>
      messages(readPlacementRow(cells({ providerUrn: '', ...over }), 2, ownHeaders(), TODAY));
    expect(v5({})).toEqual(['AP URN: Give the provider’s URN, UKPRN or AP setting type (rule V5). [V5]']);
    expect(v5({ providerUrn: '12345' })).toEqual(['AP URN: A URN is 6 digits (rule V5). [V5]']);
    expect(v5({ providerUrn: '1234567' })).toEqual(['AP URN: A URN is 6 digits (rule V5). [V5]']);
    expect(v5({ providerUkprn: '1001234' })).toEqual(['Provider UKPRN: A UKPRN is 8 digits (rule V5). [V5]']);
    expect(v5({ providerUkprn: '100123456' })).toEqual(['Provider UKPRN: A UKPRN is 8 digits (rule V5). [V5]']);
    expect(v5({ providerUkprn: '10012345' })).toEqual([]);
    expect(v5({ settingType: 'farm' })).toEqual([
      'Setting type: The AP setting type must be NFE, OOT, OTH or WBP (rule V5). [V5]',
      'Provider name: A provider known only by its setting type needs its name, to tell it from the others.',
    ]);
    expect(v5({ settingType: 'nfe' })).toEqual([
      'Provider name: A provider known only by its setting type needs its name, to tell it from the others.',
    ]);
    expect(v5({ settingType: 'wbp', providerName: 'Farm Skills' })).toEqual([]);
    expect(v5({ settingType: 'OTH', providerUkprn: '10012345' })).toEqual([]);
    expect(v5({ settingType: 'OTH', providerUrn: '900005' })).toEqual([]);
    const r = readPlacementRow(
      cells({ providerUrn: '', settingType: 'oot', providerName: 'Tutors Ltd' }),
      2,
      ownHeaders(),
      TODAY,
    );
    expect(r.ok === true && [r.row.settingType, r.row.providerName]).toEqual(['OOT', 'Tutors Ltd']);
  });

  it('the commissioning school: its URN (rule V5) for a school placement, none for an LA placement', () => {
    const school = (over: Record<string, string>) =>
      messages(readPlacementRow(cells({ reason: 'suspension', ...over }), 2, ownHeaders(), TODAY));
    expect(school({ commissioner: 'school' })).toEqual([
      'Home URN: A school-commissioned placement needs the commissioning school’s URN.',
    ]);
    expect(school({ commissioner: 'school', schoolUrn: '90001' })).toEqual([
      'Home URN: A URN is 6 digits (rule V5). [V5]',
    ]);
    expect(school({ commissioner: 'school', schoolUrn: '900001' })).toEqual([]);
    expect(messages(readPlacementRow(cells({ schoolUrn: '900001' }), 2, ownHeaders(), TODAY))).toEqual([
      'Home URN: An LA-commissioned placement has no commissioning school: leave the school URN empty.',
    ]);
  });

  it('dates are real, the start after birth and at most a year ahead, ends not before the start nor in the future', () => {
    const dates = (over: Record<string, string>) =>
      messages(readPlacementRow(cells({ dateOfBirth: '10/05/2011', ...over }), 2, ownHeaders(), TODAY));
    expect(dates({ startDate: '31/02/2026' })).toEqual(['From: The start date: "31/02/2026" is not a real date.']);
    expect(dates({ startDate: '' })).toEqual(['From: The start date is missing.']);
    expect(dates({ dateOfBirth: '2011/05/10' })).toEqual([
      'Date of birth: The date of birth: "2011/05/10" is not a date (expected dd/mm/yyyy).',
    ]);
    expect(dates({ startDate: '10/05/2011' })).toEqual(['From: The start date is not after the date of birth.']);
    expect(dates({ startDate: '11/05/2011' })).toEqual([]);
    // One year ahead of 1 March 2026 is 1 March 2027.
    expect(dates({ startDate: '01/03/2027' })).toEqual([]);
    expect(dates({ startDate: '02/03/2027' })).toEqual(['From: The start date is more than a year ahead.']);
    expect(dates({ endDate: '30/09/2025', destination: 'neet' })).toEqual([
      'End date: The end date is before the start date.',
    ]);
    expect(dates({ endDate: '01/10/2025', destination: 'neet' })).toEqual([]);
    expect(dates({ plannedEndDate: '30/09/2025' })).toEqual([
      'Planned end date: The planned end date is before the start date.',
    ]);
    expect(dates({ plannedEndDate: '01/10/2025' })).toEqual([]);
    expect(dates({ endDate: '01/03/2026', destination: 'neet' })).toEqual([]);
    expect(dates({ endDate: '02/03/2026', destination: 'neet' })).toEqual([
      'End date: The end date is in the future; import it once it has happened.',
    ]);
    expect(dates({ destination: 'neet' })).toEqual(['Destination: A destination needs the end date of the placement.']);
  });

  it('codes: unknown values name the field and our codes; required ones that are missing say so', () => {
    const r = readPlacementRow(
      cells({ reason: 'astrology', tier: '', registration: '', commissioner: '', sex: 'x' }),
      2,
      ownHeaders(),
      TODAY,
    );
    expect(messages(r)).toEqual([
      'Sex: "x" is not a sex we know. Use one of F, M, or add a translation for it to the mapping.',
      'Commissioner: The who commissioned it (school or LA) is missing.',
      'Reason: "astrology" is not a primary reason for placement we know. Use one of PERMANENT_EXCLUSION, ' +
        'SUSPENSION_OVER_FIVE_DAYS, OFF_SITE_DIRECTION, BEHAVIOUR_EARLY_INTERVENTION, HEALTH_NEEDS, ' +
        'AWAITING_SCHOOL_PLACE, EHCP_NAMED, OTHER, or add a translation for it to the mapping.',
      'Tier: The AP tier (1, 2 or 3) is missing.',
      'Registration: The registration (dual, single at the AP, home school only) is missing.',
    ]);
    const own = { ...ownHeaders(), values: { tier: { Long: 'TIER_3_TRANSITIONAL' } } };
    const t = readPlacementRow(cells({ tier: 'long' }), 2, own, TODAY);
    expect(t.ok === true && t.row.tier).toBe('TIER_3_TRANSITIONAL');
  });

  it('the reason "other" needs saying; the legal basis follows the reason and the commissioner', () => {
    expect(messages(readPlacementRow(cells({ reason: 'other' }), 2, ownHeaders(), TODAY))).toEqual([
      'Other reason: Say what the other reason is.',
    ]);
    const other = readPlacementRow(cells({ reason: 'other', reasonOther: 'Respite' }), 2, ownHeaders(), TODAY);
    expect(other.ok === true && [other.row.reason, other.row.reasonOther]).toEqual(['OTHER', 'Respite']);
    expect(
      messages(readPlacementRow(cells({ reason: 'suspension' }), 2, ownHeaders(), TODAY)).map((m) => m.slice(0, 8)),
    ).toEqual(['Reason: ']);
    // Named in an EHC plan: the plan is implied, so the LA may commission it.
    expect(readPlacementRow(cells({ reason: 'named in ehcp' }), 2, ownHeaders(), TODAY).ok).toBe(true);
  });

  it('reports every problem of a row at once, in the order the columns are read', () => {
    const r = readPlacementRow(
      cells({ upn: 'H80120000101', startDate: '1/1/25', hoursPerWeek: '40', providerUrn: 'x' }),
      9,
      templateMapping(),
      TODAY,
    );
    expect(messages(r)).toEqual([
      'UPN: UPN invalid (must be 13 characters; this has 12) [V1]',
      'Start date: The start date: "1/1/25" has a two-digit year; write the year in full (e.g. 08/09/2025).',
      'Provider URN: A URN is 6 digits (rule V5). [V5]',
      'Hours per week: Hours per week must be more than 0 and at most 32.5.',
    ]);
  });
});

describe('placement import: edges of the totals line and the identifiers', () => {
  it('a totals line is known by its UPN cell, spaces and all, even when an earlier column has a value', () => {
    const footer = { ok: 'skip', why: 'footer' };
    expect(
      readPlacementRow(
        { providerName: 'All providers', upn: 'Total', hoursPerWeek: '35' },
        9,
        templateMapping(),
        TODAY,
      ),
    ).toEqual(footer);
    expect(readPlacementRow({ upn: '  Total  ', hoursPerWeek: '35' }, 9, templateMapping(), TODAY)).toEqual(footer);
    // UPN empty: the first value decides, read without its spaces.
    expect(
      readPlacementRow({ upn: '', lastName: '  Grand total', hoursPerWeek: '35' }, 9, templateMapping(), TODAY),
    ).toEqual(footer);
  });

  it('a file with no UPN column still passes over its totals line', () => {
    expect(readPlacementRow({ lastName: 'Total', hoursPerWeek: '35' }, 9, templateMapping(), TODAY)).toEqual({
      ok: 'skip',
      why: 'footer',
    });
  });

  it('a pupil row whose first value reads "Total" is a pupil when its UPN is filled', () => {
    // Columns in the file's order: the surname column comes before the UPN.
    const r = readPlacementRow({ lastName: 'Total', ...cells() }, 6, templateMapping(), TODAY);
    expect(r.ok === true && [r.row.upn, r.row.lastName]).toEqual(['H801200001001', 'Total']);
  });

  it('a file with no UPN column: every row is refused for its missing UPN (rule V1)', () => {
    const { upn: _upn, ...noUpn } = cells();
    expect(messages(readPlacementRow(noUpn, 2, templateMapping(), TODAY))).toEqual(['UPN: UPN is missing [V1]']);
  });

  it('rule V5: a commissioning school’s URN is exactly 6 digits, no more and nothing else', () => {
    const school = (schoolUrn: string) =>
      messages(
        readPlacementRow(cells({ reason: 'suspension', commissioner: 'school', schoolUrn }), 2, ownHeaders(), TODAY),
      );
    expect(school('9000011')).toEqual(['Home URN: A URN is 6 digits (rule V5). [V5]']);
    expect(school('U900001')).toEqual(['Home URN: A URN is 6 digits (rule V5). [V5]']);
    expect(school('900001')).toEqual([]);
  });
});
