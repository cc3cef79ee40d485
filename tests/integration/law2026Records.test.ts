import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { COMMISSION, placementInput, unregisteredInput } from '../support/movements';
import { createCalendarService } from '../../src/calendar/calendarService';
import { evaluateBatch, type ScanKind } from '../../src/flags/evaluate';

/**
 * Issue 14 items 2, 4, 6 and 7 through the API and the flag evaluation (domain.md §10.2, §10.4):
 * review of off-site directions (O3, O3b) on both sides of 26 July 2026, managed moves (O7, O7b) and
 * their place in the school movement profile, the registration test looking back (U1), and inclusion
 * bases, which no AP report ever counts.
 */
describe('the law of 2026: direction reviews, managed moves, registration looking back, inclusion bases', () => {
  const ctx = useApiWorld();
  const evaluate = (kind: ScanKind, ids: string[], asOf: string) =>
    evaluateBatch({ prisma: ctx.world.prisma, calendars: createCalendarService(ctx.world.prisma) }, kind, ids, asOf);
  const gql = (as: keyof typeof ctx.world.tokens, query: string, variables: Record<string, unknown> = {}) =>
    ctx.api.gql(ctx.world.tokens[as], query, variables);
  const ok = async (as: keyof typeof ctx.world.tokens, query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(as, query, variables);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data as any;
  };

  const REQUEST = `mutation($input: DirectionReviewRequestInput!) { recordDirectionReviewRequest(input: $input) { id requestedOn requestedBy } }`;
  const MEETING = `mutation($input: DirectionReviewMeetingInput!) { recordDirectionReviewMeeting(input: $input) { id meetingDate laInvitedOn problems } }`;
  const MOVE = `mutation($input: ManagedMoveInput!) { recordManagedMove(input: $input) { id fromSchool { id } toSchool { id } trialProblems } }`;
  const BASE = `mutation($input: InclusionBaseInput!) { registerInclusionBase(input: $input) { id kind school { id } } }`;
  const SPELL = `mutation($input: InclusionBaseSpellInput!) { recordInclusionBaseSpell(input: $input) { id startDate base { id } } }`;

  /** An academy's direction, notice Thu 16 Jul 2026, of an EHCP pupil (the LA told in time: no O2). */
  async function academyDirection(startDate: string) {
    const pupil = await addPupil(ctx.world.prisma, { schoolId: IDS.academyA, senStatus: 'EHCP' });
    const d = await ok('academyStaff', COMMISSION, {
      input: unregisteredInput(pupil.id, {
        commissioningSchoolId: IDS.academyA,
        providerId: IDS.independentAp,
        reason: 'OFF_SITE_DIRECTION',
        tier: 'TIER_2_TIME_LIMITED',
        registration: 'DUAL_REGISTERED',
        startDate,
        plannedEndDate: '2026-12-18',
        maximumPeriodSchoolDays: 60,
        directionNoticeDate: '2026-07-16',
        ehcpLaNoticeDate: '2026-07-16',
        directionNotice: {
          address: '1 High St',
          personToReportTo: 'Ms Khan',
          numberOfDays: 30,
          reasonsAndObjectives: 'Improve behaviour',
          sessionTimes: '09:00-15:00',
        },
        hoursPerWeek: 25,
      }),
    });
    return d.commissionPlacement.id as string;
  }

  it('O3 and O3b reach an academy direction starting on 26 July 2026 but not one starting the day before', async () => {
    const before = await academyDirection('2026-07-25');
    const after = await academyDirection('2026-07-26');
    for (const placementId of [before, after])
      await ok('academyStaff', REQUEST, {
        input: { placementId, requestedOn: '2026-09-07', requestedBy: 'PARENT', note: 'Letter from the parents' },
      });
    await evaluate('PLACEMENT', [before, after], '2026-10-15');
    const flags = () =>
      ctx.world.prisma.flag.findMany({
        where: { placementId: { in: [before, after] }, ruleId: { in: ['O3', 'O3b'] } },
        orderBy: [{ ruleId: 'asc' }],
      });
    expect((await flags()).map((f) => [f.placementId, f.ruleId, f.status, f.periodKey])).toEqual([
      [after, 'O3', 'OPEN', '2026-09-07'],
    ]);

    // The review is held, without a board nominee and without inviting the LA (the pupil has an EHC plan).
    for (const placementId of [before, after]) {
      const m = await ok('academyStaff', MEETING, {
        input: {
          placementId,
          meetingDate: '2026-10-19',
          headteacherPresent: true,
          parentsInvited: true,
          parentsAttended: false,
          boardNomineePresent: false,
          outcome: 'Continue to December',
        },
      });
      expect(m.recordDirectionReviewMeeting.problems).toEqual(['NO_BOARD_NOMINEE', 'LA_NOT_INVITED']);
    }
    await evaluate('PLACEMENT', [before, after], '2026-10-20');
    const now = await flags();
    expect(now.map((f) => [f.placementId, f.ruleId, f.status])).toEqual([
      [after, 'O3', 'RESOLVED'],
      [after, 'O3b', 'OPEN'],
    ]);
    expect(now[1]!.evidence).toMatchObject({ problems: ['NO_BOARD_NOMINEE', 'LA_NOT_INVITED'], pupilHasEhcp: true });

    const read = await ok(
      'laOfficer',
      `query($id: UUID!) { placement(id: $id) { directionReviewRequests { requestedOn requestedBy } directionReviewMeetings { meetingDate boardNomineePresent } } }`,
      { id: after },
    );
    expect(read.placement).toEqual({
      directionReviewRequests: [{ requestedOn: '2026-09-07', requestedBy: 'PARENT' }],
      directionReviewMeetings: [{ meetingDate: '2026-10-19', boardNomineePresent: false }],
    });
  });

  it('the movement summary breaks entries down by the DfE statistics setting type, and so does its CSV', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    await ok('laOfficer', COMMISSION, { input: placementInput(pupil.id, { startDate: '2025-10-06' }) });
    const period = { from: '2025-10-06', to: '2025-10-06' };
    const r = await ok(
      'laOfficer',
      `query($p: ReportPeriodInput!) { movementSummary(period: $p) { entries { value } breakdowns { dimension rows { key label entries { value } } } }
        reportCsv(report: MOVEMENT_SUMMARY, period: $p) { csv } }`,
      { p: period },
    );
    const setting = r.movementSummary.breakdowns.find((b: any) => b.dimension === 'SETTING_TYPE');
    expect(setting.rows.map((x: any) => x.label)).toEqual([
      'Education setting with URN',
      'Registered provider with UKPRN',
      'Non-maintained further education college',
      'One on one tuition',
      'Other unregistered provider',
    ]);
    const placement = await ctx.world.prisma.placement.findFirstOrThrow({ where: { pupilId: pupil.id } });
    const expected = placement.providerUrn ? 'EDUCATION_SETTING_WITH_URN' : 'REGISTERED_PROVIDER_WITH_UKPRN';
    expect(setting.rows.find((x: any) => x.key === expected).entries.value).toBeGreaterThanOrEqual(1);
    expect(setting.rows.reduce((n: number, x: any) => n + x.entries.value, 0)).toBe(r.movementSummary.entries.value);
    expect(r.reportCsv.csv).toContain(`SETTING_TYPE,${expected},`);
  });

  it('a review of a placement that is not an off-site direction is refused and writes nothing', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const p = await ok('laOfficer', COMMISSION, { input: placementInput(pupil.id) });
    const r = await gql('laOfficer', REQUEST, {
      input: {
        placementId: p.commissionPlacement.id,
        requestedOn: '2025-11-03',
        requestedBy: 'LOCAL_AUTHORITY',
        note: 'n',
      },
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(
      await ctx.world.prisma.directionReviewRequest.count({ where: { placementId: p.commissionPlacement.id } }),
    ).toBe(0);
  });

  it('managed moves: a trial is HIGH (O7), priority from an oversubscribed school is O7b, both from 26 July 2026; counted in the school profile and its CSV', async () => {
    const move = async (agreedOn: string, over: Record<string, unknown>) => {
      const pupil = await addPupil(ctx.world.prisma);
      const m = await ok('secondaryStaff', MOVE, {
        input: {
          pupilId: pupil.id,
          fromSchoolId: IDS.secondaryA,
          toSchoolId: IDS.academyA,
          agreedOn,
          startDate: agreedOn,
          recordedAsTrial: false,
          automaticReturn: false,
          admissionPriorityGiven: false,
          receivingSchoolOversubscribed: false,
          note: 'Agreed with the parents',
          ...over,
        },
      });
      return { pupilId: pupil.id, move: m.recordManagedMove };
    };
    const trialBefore = await move('2026-07-24', { recordedAsTrial: true });
    const trial = await move('2026-09-07', { recordedAsTrial: true, trialEndsOn: '2026-12-18' });
    const priority = await move('2026-09-14', { admissionPriorityGiven: true, receivingSchoolOversubscribed: true });
    expect(trial.move).toMatchObject({
      fromSchool: { id: IDS.secondaryA },
      toSchool: { id: IDS.academyA },
      trialProblems: ['RECORDED_AS_TRIAL', 'TRIAL_END_DATE'],
    });
    const pupils = [trialBefore.pupilId, trial.pupilId, priority.pupilId];
    await evaluate('PUPIL', pupils, '2026-10-01');
    const flags = await ctx.world.prisma.flag.findMany({
      where: { pupilId: { in: pupils }, ruleId: { in: ['O7', 'O7b'] } },
      orderBy: { ruleId: 'asc' },
    });
    expect(flags.map((f) => [f.pupilId, f.ruleId, f.severity, f.schoolId, f.periodKey])).toEqual([
      [trial.pupilId, 'O7', 'HIGH', IDS.secondaryA, trial.move.id],
      [priority.pupilId, 'O7b', 'MED', IDS.academyA, priority.move.id],
    ]);
    // The receiving school sees the priority flag about its admissions; the school the pupil left sees the trial.
    const seen = async (as: 'secondaryStaff' | 'academyStaff') =>
      (await ok(as, `{ flags(first: 200) { nodes { ruleId } } }`)).flags.nodes
        .filter((f: any) => ['O7', 'O7b'].includes(f.ruleId))
        .map((f: any) => f.ruleId)
        .sort();
    expect(await seen('secondaryStaff')).toContain('O7');
    expect(await seen('academyStaff')).toContain('O7b');

    // The school movement profile, 2026-27: two moves out of the secondary and two into the academy (the
    // July move is in 2025-26).
    const PROFILE = `{ schoolMovementProfile(period: { academicYear: "2026-27" }) { schools { schoolId managedMovesOut { value } managedMovesIn { value } } } }`;
    const rows = (await ok('laOfficer', PROFILE)).schoolMovementProfile.schools;
    const row = (id: string) => rows.find((s: any) => s.schoolId === id);
    expect(row(IDS.secondaryA)).toMatchObject({ managedMovesOut: { value: 2 }, managedMovesIn: { value: 0 } });
    expect(row(IDS.academyA)).toMatchObject({ managedMovesOut: { value: 0 }, managedMovesIn: { value: 2 } });
    const csv = (
      await ok(
        'laOfficer',
        `{ reportCsv(report: SCHOOL_MOVEMENT_PROFILE, period: { academicYear: "2026-27" }) { csv } }`,
      )
    ).reportCsv.csv as string;
    const line = (measure: string) =>
      csv.split('\n').find((l) => l.includes(IDS.secondaryA) && l.split(',').includes(measure));
    expect(line('managedMovesOut')).toMatch(/,2(,|$)/);
    expect(line('managedMovesIn')).toMatch(/,0(,|$)/);
  });

  it('U1 looks back: five pupils placed last term at an unregistered provider, recorded late, raise a flag naming that term; a dismissal holds', async () => {
    const provider = IDS.unregUkprn;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const pupil = await addPupil(ctx.world.prisma, { dob: '2011-03-01' });
      const r = await ok('laOfficer', COMMISSION, {
        input: placementInput(pupil.id, {
          providerId: provider,
          tier: 'TIER_3_TRANSITIONAL',
          startDate: '2025-09-08',
          plannedEndDate: '2025-12-19',
          hoursPerWeek: 19,
          registration: 'HOME_SCHOOL_ONLY',
          safeguardingConfirmedOn: '2025-09-01',
        }),
      });
      ids.push(r.commissionPlacement.id);
    }
    // Ended last term (recorded now): nothing is running today, but the provider was a school for the autumn term.
    for (const placementId of ids)
      await ok('laOfficer', `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { ended { id } } }`, {
        input: {
          placementId,
          endDate: '2025-12-19',
          destination: 'MAINSTREAM_SCHOOL',
          destinationSchoolId: IDS.secondaryA,
          reason: 'End of term',
        },
      });
    await evaluate('PROVIDER', [provider], '2026-03-02');
    const [u1, ...more] = await ctx.world.prisma.flag.findMany({ where: { providerId: provider, ruleId: 'U1' } });
    expect(more).toEqual([]);
    expect(u1).toMatchObject({ status: 'OPEN', severity: 'CRIT', periodKey: '2025-09-08' });
    expect(u1!.title).toContain('2025-09-08 to 2025-12-19');
    expect(u1!.evidence).toMatchObject({
      period: { from: '2025-09-08', to: '2025-12-19', ongoing: false },
      fullTimePupils: 5,
    });

    const dismissed = await gql(
      'laOfficer',
      `mutation($id: UUID!) { dismissFlag(flagId: $id, reason: "Registered with the DfE in January; Ofsted informed") { status } }`,
      { id: u1!.id },
    );
    expect(dismissed.errors).toBeUndefined();
    await evaluate('PROVIDER', [provider], '2026-03-03');
    expect((await ctx.world.prisma.flag.findUniqueOrThrow({ where: { id: u1!.id } })).status).toBe('DISMISSED');
  });

  it('inclusion bases: on-roll provision recorded against a school, shown apart in the school profile and never counted in any AP report', async () => {
    // An AP placement at the secondary, so the AP figures compared are not all zero.
    const inAp = await addPupil(ctx.world.prisma);
    await ok('secondaryStaff', COMMISSION, {
      input: unregisteredInput(inAp.id, { providerId: IDS.independentAp, startDate: '2025-11-03', hoursPerWeek: 10 }),
    });
    const filter = { schoolId: IDS.secondaryA };
    const AP_REPORTS = `query($f: ReportFilterInput) {
      movementSummary(period: { academicYear: "2025-26" }, filter: $f) { entries { value } exits { value } newToAp { value } pupilsEntering { value } breakdowns { dimension rows { key entries { value } exits { value } } } }
      apPopulation(on: "2025-12-01", filter: $f) { placements { value } pupils { value } byTier { key placements { value } pupils { value } } byProviderKind { key placements { value } pupils { value } } }
      stayLengthReport(period: { academicYear: "2025-26" }, filter: $f) { rows { group key open { stays { value } median { value } } closed { stays { value } } } }
      schoolMovementProfile(period: { academicYear: "2025-26" }, filter: $f) { schools { pupilsMovedToAp { value } offSiteDirections { value } inclusionBasePupils { value } } }
      csv: reportCsv(report: MOVEMENT_SUMMARY, period: { academicYear: "2025-26" }, filter: $f) { rows csv }
      population: reportCsv(report: AP_POPULATION, on: "2025-12-01", filter: $f) { rows csv } }`;
    const before = await ok('laOfficer', AP_REPORTS, { f: filter });
    expect(before.apPopulation.placements.value).toBeGreaterThan(0);

    const base = (
      await ok('laOfficer', BASE, {
        input: {
          schoolId: IDS.secondaryA,
          name: 'Learning Support Base',
          kind: 'SUPPORT_BASE',
          openedOn: '2025-09-01',
        },
      })
    ).registerInclusionBase;
    expect(base).toMatchObject({ kind: 'SUPPORT_BASE', school: { id: IDS.secondaryA } });
    const pupil = await addPupil(ctx.world.prisma);
    const spell = (
      await ok('secondaryStaff', SPELL, {
        input: {
          pupilId: pupil.id,
          baseId: base.id,
          startDate: '2025-11-03',
          hoursPerWeek: 12,
          note: 'Mornings in the base',
        },
      })
    ).recordInclusionBaseSpell;
    expect(spell).toMatchObject({ startDate: '2025-11-03', base: { id: base.id } });

    // A pupil not on the school's roll cannot be in its base: it is on-roll provision.
    const elsewhere = await addPupil(ctx.world.prisma, { schoolId: IDS.academyA });
    const refused = await gql('laOfficer', SPELL, {
      input: { pupilId: elsewhere.id, baseId: base.id, startDate: '2025-11-03', note: 'n' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');

    const after = await ok('laOfficer', AP_REPORTS, { f: filter });
    // Every AP figure is unchanged; only the profile's inclusion-base line moved, from 0 to 1.
    // Everything but the moment each CSV was generated.
    const csvFigures = (c: { rows: number; csv: string }) => ({
      rows: c.rows,
      csv: c.csv
        .split('\n')
        .filter((l) => !l.startsWith('meta,generated,'))
        .join('\n'),
    });
    const withoutBase = (r: any) => ({
      ...r,
      csv: csvFigures(r.csv),
      population: csvFigures(r.population),
      schoolMovementProfile: r.schoolMovementProfile.schools.map(({ inclusionBasePupils, ...rest }: any) => rest),
    });
    expect(withoutBase(after)).toEqual(withoutBase(before));
    expect(before.schoolMovementProfile.schools[0].inclusionBasePupils.value).toBe(0);
    expect(after.schoolMovementProfile.schools[0].inclusionBasePupils.value).toBe(1);
    expect(await ctx.world.prisma.placement.count({ where: { pupilId: pupil.id } })).toBe(0);

    const read = await ok(
      'secondaryStaff',
      `query($id: UUID!) { pupil(id: $id) { inclusionBaseSpells { startDate hoursPerWeek base { name kind } } } }`,
      { id: pupil.id },
    );
    expect(read.pupil.inclusionBaseSpells).toEqual([
      { startDate: '2025-11-03', hoursPerWeek: 12, base: { name: 'Learning Support Base', kind: 'SUPPORT_BASE' } },
    ]);
  });
});
