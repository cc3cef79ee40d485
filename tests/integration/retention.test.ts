import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { IDS } from '../support/fixtures';
import { buildReportWorld, figuresOf, Q, SPRING_2026, type ReportWorld } from '../support/reports';
import { eventually, startTestWorkers } from '../support/workers';
import { JOBS } from '../../src/jobs/registry';
import { findPastRetention } from '../../src/retention/findPastRetention';
import { anonymisePupil } from '../../src/retention/anonymisePupil';

/**
 * Retention (issue 15 item 1): the nightly job lists pupils past the schedule, an LA officer approves, and
 * only then does the job anonymise — names, date of birth, UPN, NHS number and free text — while every
 * report for the year gives the same figures before and after. Run through the real API and workers.
 */
const FAR_FUTURE = '2060-01-01'; // every pupil of the report world is past retention by then
const NAME = 'Zebedee-Quillfeather';
const NHS = '9434765919';

describe('retention: review list, approval, anonymisation', () => {
  const ctx = useApiWorld<{ r: ReportWorld }>({
    setup: async (world) => ({ r: await buildReportWorld(world.prisma) }),
  });

  const figures = async (token: string) => {
    const out: Record<string, string[]> = {};
    for (const [name, query] of Object.entries(Q)) {
      const varsList =
        name === 'AP_POPULATION' ? [{ on: '2026-03-02' }] : [{ p: { academicYear: '2025-26' } }, { p: SPRING_2026 }];
      for (const vars of varsList) {
        const res = await ctx.api.gql(token, query, vars);
        expect(res.errors, `${name}: ${JSON.stringify(res.errors)}`).toBeUndefined();
        out[`${name} ${JSON.stringify(vars)}`] = figuresOf(res.data!.r);
      }
    }
    return out;
  };
  const sar = async (pupilId: string) =>
    JSON.stringify(
      (
        await ctx.api.gql(
          ctx.world.tokens.laOfficer,
          'query($id: UUID!) { subjectAccessExport(pupilId: $id) { document } }',
          {
            id: pupilId,
          },
        )
      ).data!.subjectAccessExport.document,
    );

  it('lists pupils past retention once, resumably, and never a restricted record', async () => {
    const prisma = ctx.world.prisma;
    // Not due yet today (the report world's pupils were born 2009–2016).
    expect(await findPastRetention(prisma, '2026-12-05')).toEqual({ examined: 0, listed: 0 });
    const P1 = ctx.r.pupils.P1!;
    await prisma.pupil.update({
      where: { id: ctx.r.pupils.P13! },
      data: { restrictedAt: new Date(), restrictedToUserIds: [IDS.users.laOfficer] },
    });
    const first = await findPastRetention(prisma, FAR_FUTURE, { pageSize: 3 });
    // A record still open (on a roll, in a placement) is still being kept: RET3 counts it as active.
    const [{ n: closed }] = await prisma.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int AS n FROM "Pupil" p WHERE p.id <> ${ctx.r.pupils.P13!}::uuid
         AND NOT EXISTS (SELECT 1 FROM "Enrolment" e WHERE e."pupilId" = p.id AND e."endDate" IS NULL)
         AND NOT EXISTS (SELECT 1 FROM "Placement" x WHERE x."pupilId" = p.id AND x."endDate" IS NULL)
         AND NOT EXISTS (SELECT 1 FROM "SafeguardingSeparation" x WHERE x."pupilId" = p.id AND x."endDate" IS NULL)`;
    expect(closed).toBeGreaterThan(0);
    expect(first.listed).toBe(closed);
    // Run again (or resumed after a stop): pupils not yet due are looked at again, nobody is listed twice.
    expect((await findPastRetention(prisma, FAR_FUTURE, { pageSize: 3 })).listed).toBe(0);
    expect(await prisma.retentionReview.count({ where: { pupilId: ctx.r.pupils.P13! } })).toBe(0);
    await prisma.pupil.update({
      where: { id: ctx.r.pupils.P13! },
      data: { restrictedAt: null, restrictedToUserIds: [] },
    });
    await findPastRetention(prisma, FAR_FUTURE);
    const listed = await prisma.retentionReview.findMany({ include: { pupil: true } });
    expect(listed.every((r) => r.status === 'AWAITING_APPROVAL')).toBe(true);
    // Each review's date is the latest of the periods that apply.
    for (const r of listed) {
      const dob = r.pupil.dateOfBirth.toISOString().slice(0, 10);
      const plus = (y: number) => `${Number(dob.slice(0, 4)) + y}${dob.slice(4)}`;
      expect([plus(25), plus(31)].includes(r.dueOn.toISOString().slice(0, 10)) || r.ruleId === 'RET3', r.ruleId).toBe(
        true,
      );
    }
    expect(await prisma.retentionReview.count({ where: { pupilId: P1 } })).toBe(0); // P1 is still on a roll
  });

  it('anonymises only after an approval, keeps every report figure, and leaves nothing identifying', async () => {
    const prisma = ctx.world.prisma;
    const P1 = ctx.r.pupils.P1!;
    const PX = ctx.r.pupils.PX!; // LA 372's, never approved
    // Identifying details in the places anonymisation must reach.
    const before1 = await prisma.pupil.update({ where: { id: P1 }, data: { lastName: NAME, nhsNumber: NHS } });
    await prisma.placement.updateMany({ where: { pupilId: P1 }, data: { objectives: `Help ${NAME} settle` } });
    await prisma.pupilEvent.create({
      data: {
        pupilId: P1,
        type: 'PUPIL_REGISTERED',
        occurredOn: new Date('2025-09-01T00:00:00Z'),
        reason: `${NAME} registered`,
        data: { note: NAME },
        actorId: IDS.users.laOfficer,
        actorRole: 'LA_OFFICER',
      },
    });
    // A history another LA sent when the pupil moved here holds the same details (docs/transfer.md).
    const p1 = await prisma.pupil.findUniqueOrThrow({ where: { id: P1 } });
    const received = await prisma.receivedHistory.create({
      data: {
        pupilId: P1,
        laId: p1.homeLaId,
        sendingLaCode: '886',
        sendingLaName: 'Kent',
        signerKid: 'kent-2026',
        signedAt: new Date('2026-06-01T10:00:00Z'),
        jti: randomUUID(),
        pack: {
          format: 'ap-history-pack/v1',
          pupil: { upn: before1.upn, firstName: 'Report', lastName: NAME, dateOfBirth: '2011-05-10' },
          placements: [{ ref: 'P-1', objectives: `Help ${NAME} settle`, reviews: [{ notes: `${NAME} did well` }] }],
        },
        jws: `eyJ.${Buffer.from(NAME).toString('base64url')}.sig`,
        receivedBy: IDS.users.laOfficer,
      },
    });
    // The records still open are closed after the year reported on, so every pupil is past retention by 2060.
    await prisma.$executeRaw`UPDATE "Enrolment" SET "endDate" = GREATEST("startDate", DATE '2026-11-30'),
      "endCategory" = 'MOVED_AWAY', "endReason" = 'left' WHERE "endDate" IS NULL`;
    await prisma.$executeRaw`UPDATE "Placement" SET "endDate" = GREATEST("startDate", DATE '2026-11-30'),
      "status" = 'ENDED', "destination" = 'MOVED_OUT_OF_LA' WHERE "endDate" IS NULL`;
    await prisma.$executeRaw`UPDATE "SafeguardingSeparation" SET "endDate" = GREATEST("startDate", DATE '2026-11-30')
      WHERE "endDate" IS NULL`;
    const sarBefore = await sar(P1);
    expect(sarBefore).toContain(NAME);
    expect(sarBefore).toContain(before1.upn);

    const figuresA = await figures(ctx.world.tokens.laOfficer);
    const figuresB = await figures(ctx.world.tokens.laOfficerB);
    const counted = Object.values(figuresA).flat().length;
    expect(counted).toBeGreaterThan(100);

    const workers = await startTestWorkers(ctx.db);
    try {
      // The nightly job with nothing approved changes no record.
      const run = await workers.queues.retention.add(JOBS.retentionReview, { asOf: FAR_FUTURE });
      await eventually(async () => (await run.getState()) === 'completed', 30_000, 100, 'first retention run');
      expect(await prisma.pupil.count({ where: { anonymisedAt: { not: null } } })).toBe(0);
      // Without an approval the database refuses to blank history too.
      await expect(
        prisma.$executeRaw`UPDATE "PupilEvent" SET "reason" = 'x' WHERE "pupilId" = ${P1}::uuid`,
      ).rejects.toThrow(/append-only/);
      await expect(
        prisma.$executeRaw`UPDATE "ReceivedHistory" SET "jws" = 'x' WHERE id = ${received.id}::uuid`,
      ).rejects.toThrow(/read-only/);

      // The LA officers see their own LA's list, and approve it (LA 372 leaves PX waiting).
      const listA = await ctx.api.gql(
        ctx.world.tokens.laOfficer,
        '{ retentionReviews(status: [AWAITING_APPROVAL], first: 100) { totalCount nodes { id ruleId pupil { id lastName } } } }',
      );
      expect(listA.errors).toBeUndefined();
      const nodesA = listA.data!.retentionReviews.nodes as { id: string; pupil: { id: string; lastName: string } }[];
      expect(nodesA.map((n) => n.pupil.id)).toContain(P1);
      expect(nodesA.map((n) => n.pupil.id)).not.toContain(PX);
      expect(nodesA.length).toBe(listA.data!.retentionReviews.totalCount);
      expect(nodesA.length).toBeGreaterThan(10);
      const approveA = await ctx.api.gql(
        ctx.world.tokens.laOfficer,
        'mutation($i: ApproveAnonymisationInput!) { approveAnonymisation(input: $i) { id status approvedBy } }',
        { i: { reviewIds: nodesA.map((n) => n.id), reason: 'Retention schedule reviewed' } },
      );
      expect(approveA.errors).toBeUndefined();
      expect(new Set(approveA.data!.approveAnonymisation.map((r: any) => r.status))).toEqual(new Set(['APPROVED']));
      const listB = await ctx.api.gql(
        ctx.world.tokens.laOfficerB,
        '{ retentionReviews { nodes { id pupil { id } } } }',
      );
      const toApproveB = (listB.data!.retentionReviews.nodes as any[]).filter((n) => n.pupil.id !== PX);
      expect(toApproveB.length).toBeGreaterThan(0);
      const approveB = await ctx.api.gql(
        ctx.world.tokens.laOfficerB,
        'mutation($i: ApproveAnonymisationInput!) { approveAnonymisation(input: $i) { id } }',
        { i: { reviewIds: toApproveB.map((n) => n.id), reason: 'Reviewed' } },
      );
      expect(approveB.errors).toBeUndefined();
      // The approvals are in the audit trail, naming each pupil.
      const approvals = await prisma.auditEvent.findMany({ where: { operation: 'pupil.approveAnonymisation' } });
      expect(approvals.flatMap((a) => a.subjectIds)).toContain(P1);

      const approved = nodesA.length + toApproveB.length;
      const run2 = await workers.queues.retention.add(JOBS.retentionReview, { asOf: FAR_FUTURE });
      await eventually(async () => (await run2.getState()) === 'completed', 30_000, 100, 'second retention run');
      await eventually(
        async () => (await prisma.retentionReview.count({ where: { status: 'ANONYMISED' } })) === approved,
        60_000,
        200,
        'every approved pupil anonymised',
      );
    } finally {
      await workers.close();
    }

    // Every report figure for the year, a term and a day is the same.
    expect(await figures(ctx.world.tokens.laOfficer)).toEqual(figuresA);
    expect(await figures(ctx.world.tokens.laOfficerB)).toEqual(figuresB);

    const after1 = await prisma.pupil.findUniqueOrThrow({ where: { id: P1 } });
    expect(after1.firstName).toBe('Anonymised');
    expect(after1.lastName).toBe('Anonymised');
    expect(after1.nhsNumber).toBeNull();
    expect(after1.upn).toMatch(/^ANON[0-9]{8}[0T]$/);
    expect(after1.dateOfBirth.toISOString().slice(0, 10)).toBe('2010-09-01'); // born 2011-05-10: academic year 2010-11
    expect(after1.senStatus).toBe(before1.senStatus);
    const sarAfter = await sar(P1);
    for (const gone of [NAME, before1.upn, NHS, '2011-05-10']) expect(sarAfter, gone).not.toContain(gone);
    expect(sarAfter).toContain('[anonymised]');
    // The received history: anonymised in place, its signed copy gone, its provenance kept.
    const receivedAfter = await prisma.receivedHistory.findUniqueOrThrow({ where: { id: received.id } });
    expect(JSON.stringify(receivedAfter)).not.toContain(NAME);
    expect(receivedAfter.jws).toBe('[anonymised]');
    expect(receivedAfter.pack).toMatchObject({
      pupil: { upn: after1.upn, lastName: 'Anonymised', dateOfBirth: '2010-09-01' },
      placements: [{ ref: 'P-1', objectives: '[anonymised]', reviews: [{ notes: '[anonymised]' }] }],
    });
    expect(receivedAfter).toMatchObject({ sendingLaCode: '886', signerKid: 'kent-2026', jti: received.jti });
    // The unapproved pupil is untouched.
    const px = await prisma.pupil.findUniqueOrThrow({ where: { id: PX } });
    expect(px.anonymisedAt).toBeNull();
    expect(px.firstName).toBe('Report');

    // Idempotent: running an anonymisation again changes nothing.
    const review = await prisma.retentionReview.findUniqueOrThrow({ where: { pupilId: P1 } });
    const events = await prisma.pupilEvent.count({ where: { pupilId: P1 } });
    expect(await anonymisePupil(prisma, review.id, '2060-01-02')).toBe('ALREADY_ANONYMISED');
    expect(await prisma.pupilEvent.count({ where: { pupilId: P1 } })).toBe(events);
    expect(await prisma.pupilEvent.count({ where: { pupilId: P1, type: 'ANONYMISED' } })).toBe(1);
    const pxReview = await prisma.retentionReview.findUniqueOrThrow({ where: { pupilId: PX } });
    expect(await anonymisePupil(prisma, pxReview.id, '2060-01-02')).toBe('NOT_APPROVED');
    // The carried-out approval is audited under the approving officer.
    const done = await prisma.auditEvent.findFirstOrThrow({
      where: { operation: 'pupil.anonymise', subjectIds: { has: P1 } },
    });
    expect(done.actorId).toBe(IDS.users.laOfficer);
    // An approval cannot be withdrawn, nor an anonymised record put back on the list.
    await expect(
      prisma.retentionReview.update({
        where: { id: review.id },
        data: {
          status: 'AWAITING_APPROVAL',
          approvedBy: null,
          approvedAt: null,
          approvalReason: null,
          anonymisedAt: null,
        },
      }),
    ).rejects.toThrow();
  }, 300_000);
});
