import { beforeAll, describe, expect, it } from 'vitest';
import { addPupil, IDS } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { ADMIT, DIRECT, REFERRAL, RESPOND, fapClient, type FapClient } from '../support/fairAccess';
import { loadFairShareSnapshots, loadReferralSnapshots } from '../../src/flags/referralSnapshots';
import { evaluateFairShare, evaluateReferral, resolveThresholds } from '../../src/domain/flags';
import { createCalendarService } from '../../src/calendar/calendarService';

const MOOR = '00000000-0000-4000-8000-0000000a0010';
const VALE = '00000000-0000-4000-8000-0000000a0011';

/**
 * Whose turn, fair share, the adjudicator return and timeliness on a hand-built LA. Secondary candidates:
 *   Hillside (maintained, 1000)  — Year 9 admitted 12 Nov 2025
 *   Riverside (academy, 1200)    — Year 9 admitted 10 Nov 2025
 *   Moor (academy, 600)          — Year 9 admitted 15 Sep 2024 (outside the 12-month window by 1 Dec 2025)
 *   Vale (all-through, 900)      — Year 7 allocated 5 Nov 2025, not yet started
 */
describe('fair access reports: whose turn, fair share, adjudicator return, timeliness', () => {
  const ctx = useApiWorld({
    setup: async (world) => {
      await world.prisma.school.createMany({
        data: [
          {
            id: MOOR,
            laId: IDS.laA,
            urn: '900010',
            laestab: '3734010',
            name: 'Moor Academy',
            phase: 'SECONDARY',
            type: 'ACADEMY',
            numberOnRoll: 600,
          },
          {
            id: VALE,
            laId: IDS.laA,
            urn: '900011',
            laestab: '3734011',
            name: 'Vale School',
            phase: 'ALL_THROUGH',
            type: 'MAINTAINED',
            numberOnRoll: 900,
          },
        ],
      });
    },
  });
  let fa: FapClient;
  const m: Record<string, string> = {};

  async function placed(
    schoolId: string,
    staff: 'laOfficer',
    yearGroupSought: number,
    meeting: string,
    referredOn: string,
    admittedOn: string | null,
  ) {
    const pupil = await addPupil(ctx.world.prisma, { schoolId: IDS.primaryA });
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn,
      agreedToConsiderOn: referredOn,
      yearGroupSought,
    });
    await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m[meeting],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: schoolId,
      admissionDeadline: admittedOn ?? meeting,
    });
    if (admittedOn) {
      const r = await ctx.api.gql(ctx.world.tokens[staff], ADMIT, {
        input: { referralId: ref.id, schoolId, admittedOn, note: 'Started' },
      });
      expect(r.errors).toBeUndefined();
    }
    return ref.id as string;
  }

  beforeAll(async () => {
    fa = fapClient(ctx.api);
    for (const d of ['2024-09-09', '2025-11-05', '2025-12-19']) m[d] = await fa.meeting(ctx.world.tokens.panel, d);
    await placed(MOOR, 'laOfficer', 9, '2024-09-09', '2024-09-02', '2024-09-15');
    await placed(IDS.academyA, 'laOfficer', 9, '2025-11-05', '2025-10-20', '2025-11-10');
    await placed(IDS.secondaryA, 'laOfficer', 9, '2025-11-05', '2025-10-20', '2025-11-12');
    await placed(VALE, 'laOfficer', 7, '2025-11-05', '2025-10-20', null);
  });

  const TURN = `query($y: Int!, $asOf: LocalDate, $ex: [UUID!]) { whoseTurn(yearGroup: $y, asOf: $asOf, excludeSchoolIds: $ex) { phase entries { rank school { id } yearGroupPlacements yearGroupPer100 allPlacements allPer100 lastPlacementOn } } }`;

  it('whose turn for Year 9 on 1 Dec 2025, hand-computed', async () => {
    const r = (await ctx.api.gql(ctx.world.tokens.panel, TURN, { y: 9, asOf: '2025-12-01' })).data!.whoseTurn;
    expect(r.phase).toBe('SECONDARY');
    // Moor: nothing in the window. Vale: no Year 9, but 1 pending Year 7 (0.11). Riverside 1/1200 = 0.08 before Hillside 1/1000 = 0.1.
    expect(r.entries.map((e: any) => e.school.id)).toEqual([MOOR, VALE, IDS.academyA, IDS.secondaryA]);
    expect(r.entries[1]).toMatchObject({
      yearGroupPlacements: 0,
      allPlacements: 1,
      allPer100: 0.11,
      lastPlacementOn: '2025-11-05',
    });
    expect(r.entries[2]).toMatchObject({
      yearGroupPlacements: 1,
      yearGroupPer100: 0.08,
      lastPlacementOn: '2025-11-10',
    });
    // A year earlier, Moor's admission was recent, so it goes last.
    const before = (await ctx.api.gql(ctx.world.tokens.panel, TURN, { y: 9, asOf: '2024-12-01' })).data!.whoseTurn;
    expect(before.entries.at(-1).school.id).toBe(MOOR);
    const primary = (await ctx.api.gql(ctx.world.tokens.panel, TURN, { y: 3, asOf: '2025-12-01' })).data!.whoseTurn;
    expect(primary.entries.map((e: any) => e.school.id)).toEqual([IDS.primaryA, VALE]);
    const excluded = (await ctx.api.gql(ctx.world.tokens.panel, TURN, { y: 9, asOf: '2025-12-01', ex: [MOOR] })).data!
      .whoseTurn;
    expect(excluded.entries[0].school.id).toBe(VALE);
  });

  it('fair share for 2025-26, secondary phase', async () => {
    const q = `{ fairShare(academicYear: "2025-26", phase: SECONDARY) { school { id } total per100OnRoll byYearGroup { yearGroup admissions } } }`;
    // Exact for the LA officer; an analyst sees small numbers suppressed (issue 11, finding 5).
    const rows = (await ctx.api.gql(ctx.world.tokens.laOfficer, q)).data!.fairShare;
    const forAnalyst = (
      await ctx.api.gql(
        ctx.world.tokens.analyst,
        `{ fairShare(academicYear: "2025-26", phase: SECONDARY) { school { id } total suppressed } }`,
      )
    ).data!.fairShare;
    expect(forAnalyst.slice(0, 2)).toEqual([
      { school: { id: IDS.secondaryA }, total: null, suppressed: true },
      { school: { id: IDS.academyA }, total: null, suppressed: true },
    ]);
    expect(rows).toEqual([
      { school: { id: IDS.secondaryA }, total: 1, per100OnRoll: 0.1, byYearGroup: [{ yearGroup: 9, admissions: 1 }] },
      { school: { id: IDS.academyA }, total: 1, per100OnRoll: 0.08, byYearGroup: [{ yearGroup: 9, admissions: 1 }] },
      { school: { id: MOOR }, total: 0, per100OnRoll: 0, byYearGroup: [] },
      { school: { id: VALE }, total: 0, per100OnRoll: 0, byYearGroup: [] },
    ]);
    const bad = await ctx.api.gql(ctx.world.tokens.laOfficer, `{ fairShare(academicYear: "2025-27") { total } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('the Schools Adjudicator return (F9): one query, one CSV, zeros included', async () => {
    const q = `query($y: String!) { adjudicatorReturn(academicYear: $y) { academicYear dueBy total rows { school { urn } admissions } csv } }`;
    const r = (await ctx.api.gql(ctx.world.tokens.laOfficer, q, { y: '2025-26' })).data!.adjudicatorReturn;
    expect(r).toMatchObject({ academicYear: '2025-26', dueBy: '2026-10-31', total: 2 });
    expect(r.csv).toBe(
      [
        'academic_year,la_code,urn,laestab,school_name,school_type,phase,fair_access_admissions',
        '2025-26,373,900001,3734001,Hillside Secondary,MAINTAINED,SECONDARY,1',
        '2025-26,373,900002,3734002,Riverside Academy,ACADEMY,SECONDARY,1',
        '2025-26,373,900003,3732001,Meadow Primary,MAINTAINED,PRIMARY,0',
        '2025-26,373,900005,3731101,Northside PRU,PRU,ALTERNATIVE_PROVISION,0',
        '2025-26,373,900010,3734010,Moor Academy,ACADEMY,SECONDARY,0',
        '2025-26,373,900011,3734011,Vale School,MAINTAINED,ALL_THROUGH,0',
        '',
      ].join('\n'),
    );
    const earlier = (await ctx.api.gql(ctx.world.tokens.laOfficer, q, { y: '2024-25' })).data!.adjudicatorReturn;
    expect(earlier.rows.find((x: any) => x.school.urn === '900010').admissions).toBe(1);
    expect(earlier.total).toBe(1);
  });

  it('a decision records the whose-turn school; allocating elsewhere stores the override reason', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-11-24',
      agreedToConsiderOn: '2025-11-24',
      previousSchoolIds: [MOOR],
    });
    // Moor is the child's previous school, so Vale is proposed; allocating Vale needs no reason.
    const asProposed = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-12-19'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: VALE,
      admissionDeadline: '2026-01-09',
      overrideReason: null,
    });
    expect(asProposed).toMatchObject({ whoseTurnSchool: { id: VALE }, overrideReason: null });
    const changed = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-12-19'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.secondaryA,
      admissionDeadline: '2026-01-09',
      supersedesDecisionId: asProposed.id,
      overrideReason: 'Sibling at Hillside; Vale is two buses away',
    });
    // The referral's own earlier allocation (to Vale) does not count against Vale.
    expect(changed).toMatchObject({
      whoseTurnSchool: { id: VALE },
      overrideReason: 'Sibling at Hillside; Vale is two buses away',
    });
  });

  it('timeliness across the autumn half-term, and time to place across Christmas, through the API', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-10-10',
      agreedToConsiderOn: '2025-10-13',
    });
    const at = async (asOf: string) =>
      (await ctx.api.gql(ctx.world.tokens.laOfficer, REFERRAL, { id: ref.id, asOf })).data!.fairAccessReferral
        .timeliness;
    expect(await at('2025-11-14')).toMatchObject({
      allocateBy: '2025-11-17',
      schoolDaysElapsed: 19,
      schoolDaysRemaining: 1,
      overdue: false,
    });
    expect(await at('2025-11-18')).toMatchObject({ overdue: true, schoolDaysOverdue: 1 });

    const cal = await createCalendarService(ctx.world.prisma).calendarFor(IDS.laA);
    const [snap] = await loadReferralSnapshots(ctx.world.prisma, [ref.id]);
    expect(evaluateReferral(snap!, '2025-11-17', cal, resolveThresholds()).map((f) => f.ruleId)).toEqual([]);
    expect(evaluateReferral(snap!, '2025-11-18', cal, resolveThresholds()).map((f) => f.ruleId)).toEqual(['F1']);

    const xmas = await addPupil(ctx.world.prisma);
    const r2 = await fa.refer(ctx.world.tokens.laOfficer, xmas.id, {
      referredOn: '2025-12-18',
      agreedToConsiderOn: '2025-12-18',
    });
    await fa.decide(ctx.world.tokens.panel, {
      referralId: r2.id,
      meetingId: m['2025-12-19'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2026-01-09',
    });
    await ctx.api.gql(ctx.world.tokens.academyStaff, ADMIT, {
      input: { referralId: r2.id, schoolId: IDS.academyA, admittedOn: '2026-01-06', note: 'First day of term' },
    });
    // Thu 18 Dec → Fri 19 Dec (1); holiday to Sun 4 Jan; Mon 5, Tue 6 Jan (3).
    expect(
      await (async () =>
        (await ctx.api.gql(ctx.world.tokens.laOfficer, REFERRAL, { id: r2.id, asOf: '2026-01-06' })).data!
          .fairAccessReferral.timeliness)(),
    ).toMatchObject({ timeToPlaceSchoolDays: 3, admittedOn: '2026-01-06' });
  });

  it('loaders: referral snapshots carry responses and directions; fair share snapshots per phase', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2025-11-03',
      agreedToConsiderOn: '2025-11-03',
      categories: ['HOMELESS', 'CARER'],
    });
    const d = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: m['2025-11-05'],
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.secondaryA,
      admissionDeadline: '2025-11-14',
    });
    await ctx.api.gql(ctx.world.tokens.secondaryStaff, RESPOND, {
      input: {
        decisionId: d.id,
        outcome: 'REFUSED',
        respondedOn: '2025-11-07',
        refusalGrounds: ['SCHOOL_FULL'],
        reason: 'Full',
      },
    });
    await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
      input: { decisionId: d.id, requestedOn: '2025-11-10', note: 'Intention to direct' },
    });
    const [snap] = await loadReferralSnapshots(ctx.world.prisma, [ref.id]);
    expect(snap).toEqual({
      id: ref.id,
      laId: IDS.laA,
      pupilId: pupil.id,
      category: 'HOMELESS',
      referredOn: '2025-11-03',
      agreedToConsiderOn: '2025-11-03',
      decision: 'ALLOCATE_SCHOOL',
      allocatedOn: '2025-11-05',
      allocatedSchoolId: IDS.secondaryA,
      plannedStartDate: '2025-11-14',
      admittedOn: null,
      closedOn: null,
      responses: [
        {
          schoolId: IDS.secondaryA,
          schoolType: 'MAINTAINED',
          requestedOn: '2025-11-05',
          respondedOn: '2025-11-07',
          outcome: 'REFUSED',
          refusalGrounds: ['SCHOOL_FULL'],
          schoolHasHighProportionChallenging: null,
          laDirectionIntentOn: '2025-11-10',
          adjudicatorReferredOn: null,
          directionIssuedOn: null,
          sosDirectionRequestedOn: null,
          sosDecisionOn: null,
        },
      ],
    });
    expect(await loadReferralSnapshots(ctx.world.prisma, [])).toEqual([]);

    const shares = await loadFairShareSnapshots(ctx.world.prisma, IDS.laA, '2025-26');
    expect(shares.map((s) => s.phase)).toEqual(['PRIMARY', 'SECONDARY']);
    const secondary = shares[1]!;
    expect(secondary.schools.find((s) => s.schoolId === IDS.academyA)).toEqual({
      schoolId: IDS.academyA,
      fapAdmissions: 2,
      pupilsOnRoll: 1200,
    });
    expect(secondary.schools.map((s) => s.schoolId).sort()).toEqual([IDS.secondaryA, IDS.academyA, MOOR, VALE].sort());
    const cal = await createCalendarService(ctx.world.prisma).calendarFor(IDS.laA);
    // 3 admissions across four schools: none reaches the minimum of 3 for F8.
    expect(evaluateFairShare(secondary, '2026-01-10', cal, resolveThresholds())).toEqual([]);
  });
});
