import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src/generated/prisma/client';
import type { Actor } from '../../src/auth/actor';
import { IDS } from './fixtures';
import { enrol, place, pupil } from './reports';

/**
 * Records for the access matrix: for each kind of record, one the role under test owns (`own`: the
 * school's roll and commissioned placement, the PRU's placement, the referral allocating Hillside, the
 * fair access flag…), one of another organisation in the same LA (`sameLaOther`), and one of LA 372
 * (`otherLa`). The "own" records are the same for every role: pupil P1 is on Hillside's roll (the
 * school user), placed at the PRU by Hillside (the provider user), and referred to LA 373's panel.
 * P2 is on Riverside's roll, placed at Bridge by Riverside, never referred; PB is LA 372's.
 */
export type Relationship = 'own' | 'sameLaOther' | 'otherLa';
export type Targets = Record<Relationship, string>;

export interface AccessWorld {
  pupil: Targets;
  upn: Targets;
  placement: Targets;
  /** The organisation a placement target is at / commissioned by (for providerRoll / schoolPupilsInAp). */
  placementProvider: Targets;
  placementSchool: Targets;
  exclusion: Targets;
  /** Safeguarding separations (domain.md §10.2), made by the school named. */
  separation: Targets;
  reintegration: Targets;
  enrolment: Targets;
  event: Targets;
  referral: Targets;
  decision: Targets;
  direction: Targets;
  meeting: Targets;
  flag: Targets;
  /** Retention reviews (docs/data-protection.md), already approved, so probing approval changes nothing. */
  retentionReview: Targets;
  school: Targets;
  provider: Targets;
  /** Import batches (issue 16): two of LA A's, one of LA B's. */
  importBatch: Targets;
  /** Files held for import on the web (uploadImportFile): two of LA A's, one of LA B's. */
  importUpload: Targets;
}

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A school-commissioned early-intervention placement's shape, the one the access worlds place pupils with. */
export const SCHOOL_COMMISSIONED_PLACEMENT = {
  reason: 'BEHAVIOUR_EARLY_INTERVENTION',
  legalBasis: 'SCHOOL_COMMISSIONED',
  tier: 'TIER_1_TARGETED_SUPPORT',
  hours: 10,
} as const;

export async function buildAccessWorld(prisma: PrismaClient): Promise<AccessWorld> {
  const P1 = await pupil(prisma, { dob: '2011-05-10' });
  const P2 = await pupil(prisma, { dob: '2011-06-11' });
  const P3 = await pupil(prisma, { dob: '2011-07-12' });
  const PB = await pupil(prisma, { dob: '2011-08-13', laId: IDS.laB });
  await enrol(prisma, P1, IDS.secondaryA, '2022-09-01');
  await enrol(prisma, P2, IDS.academyA, '2022-09-01');
  await enrol(prisma, P3, IDS.academyA, '2022-09-01');
  await enrol(prisma, PB, IDS.secondaryB, '2022-09-01');
  const enrolment = async (pupilId: string) => (await prisma.enrolment.findFirstOrThrow({ where: { pupilId } })).id;

  const base = SCHOOL_COMMISSIONED_PLACEMENT;
  const PL1 = await place(prisma, {
    ...base,
    pupilId: P1,
    providerId: IDS.pru,
    school: IDS.secondaryA,
    start: '2026-09-07',
  });
  const PL2 = await place(prisma, {
    ...base,
    pupilId: P2,
    providerId: IDS.independentAp,
    school: IDS.academyA,
    start: '2026-09-07',
  });
  const PLB = await place(prisma, { ...base, pupilId: PB, providerId: IDS.unregB, laId: IDS.laB, start: '2026-09-07' });
  // Ended within the provider access window, each starting a reintegration back to the pupil's school.
  const ended = { ...base, start: '2026-04-20', end: '2026-07-17', destination: 'MAINSTREAM_SCHOOL' } as const;
  const PL0 = await place(prisma, {
    ...ended,
    pupilId: P1,
    providerId: IDS.pru,
    school: IDS.secondaryA,
    destinationSchoolId: IDS.secondaryA,
  });
  const PL0b = await place(prisma, {
    ...ended,
    pupilId: P2,
    providerId: IDS.independentAp,
    school: IDS.academyA,
    destinationSchoolId: IDS.academyA,
  });
  const PL0B = await place(prisma, {
    ...ended,
    pupilId: PB,
    providerId: IDS.unregB,
    laId: IDS.laB,
    destinationSchoolId: IDS.secondaryB,
  });
  const reint = (pupilId: string, placementId: string, schoolId: string) =>
    prisma.reintegration
      .create({ data: { pupilId, placementId, schoolId, startDate: d('2026-09-02'), status: 'PENDING' } })
      .then((r) => r.id);

  const exclusion = (pupilId: string, schoolId: string) =>
    prisma.exclusion
      .create({
        data: {
          pupilId,
          schoolId,
          kind: 'SUSPENSION',
          startDate: d('2026-10-05'),
          schoolDays: 2,
          reasonCategory: 'PERSISTENT_DISRUPTIVE',
          academicYear: '2026-27',
        },
      })
      .then((e) => e.id);

  const separation = (pupilId: string, schoolId: string) =>
    prisma.safeguardingSeparation
      .create({
        data: { pupilId, schoolId, startDate: d('2026-10-05'), reasonCategory: 'OTHER', decidedBy: 'Headteacher' },
      })
      .then((s) => s.id);

  const event = (pupilId: string, placementId: string, orgId: string) =>
    prisma.pupilEvent
      .create({
        data: {
          pupilId,
          type: 'PLACEMENT_STARTED',
          occurredOn: d('2026-09-07'),
          actorId: IDS.users.laOfficer,
          actorRole: 'SCHOOL_STAFF',
          actorOrgId: orgId,
          reason: 'Started',
          data: {},
          placementId,
        },
      })
      .then((e) => e.id);

  const meeting = (laId: string) =>
    prisma.fairAccessPanelMeeting
      .create({ data: { laId, meetingDate: d('2026-10-07'), attendingOrganisations: ['LA'], createdBy: 'test' } })
      .then((m) => m.id);
  const M1 = await meeting(IDS.laA);
  const MB = await meeting(IDS.laB);
  const fairAccessCase = async (laId: string, pupilId: string, meetingId: string, schoolId: string) => {
    const r = await prisma.fairAccessReferral.create({
      data: {
        laId,
        pupilId,
        referringParty: 'LA_SERVICE',
        referrerName: 'Officer',
        referredOn: d('2026-10-01'),
        categories: ['AP_REINTEGRATION_OR_PEX'],
        route: 'PANEL',
        status: 'ALLOCATED',
        yearGroupSought: 10,
        senStatus: 'NONE',
        currentlyLookedAfter: false,
        context: 'Needs a school place',
        previousSchoolIds: [],
        agreedToConsiderOn: d('2026-10-01'),
        createdBy: 'test',
      },
    });
    const dec = await prisma.fairAccessDecision.create({
      data: {
        referralId: r.id,
        meetingId,
        outcome: 'ALLOCATE_SCHOOL',
        rationale: 'Decided',
        decidedBy: 'Panel',
        recordedBy: 'test',
        allocatedSchoolId: schoolId,
        admissionDeadline: d('2026-10-16'),
      },
    });
    const dir = await prisma.fairAccessDirection.create({
      data: {
        decisionId: dec.id,
        referralId: r.id,
        schoolId,
        route: 'LA_DIRECTION',
        basis: 'NO_RESPONSE',
        requestedOn: d('2026-10-20'),
        note: 'Direct',
        recordedBy: 'test',
      },
    });
    return { referral: r.id, decision: dec.id, direction: dir.id };
  };
  const C1 = await fairAccessCase(IDS.laA, P1, M1, IDS.secondaryA);
  const C2 = await fairAccessCase(IDS.laA, P3, M1, IDS.academyA);
  const CB = await fairAccessCase(IDS.laB, PB, MB, IDS.secondaryB);

  // Resolved, so acknowledging or dismissing one answers CONFLICT and writes nothing.
  const flag = (ruleId: string, laId: string, pupilId: string, schoolId: string, providerId: string) =>
    prisma.flag
      .create({
        data: {
          ruleId,
          outcome: 'x',
          severity: 'HIGH',
          subjectType: 'PUPIL',
          subjectId: pupilId,
          laId,
          pupilId,
          schoolId,
          providerId,
          title: 'Test flag',
          evidence: {},
          configVersion: 't',
          status: 'RESOLVED',
        },
      })
      .then((f) => f.id);

  const review = (pupilId: string, laId: string, approvedBy: string) =>
    prisma.retentionReview
      .create({
        data: {
          laId,
          pupilId,
          dueOn: d('2026-01-01'),
          ruleId: 'RET1',
          foundOn: d('2026-01-02'),
          status: 'APPROVED',
          approvedBy,
          approvedAt: new Date(),
          approvalReason: 'access matrix',
        },
      })
      .then((r) => r.id);

  const upn = async (id: string) => (await prisma.pupil.findUniqueOrThrow({ where: { id } })).upn;
  return {
    pupil: { own: P1, sameLaOther: P2, otherLa: PB },
    upn: { own: await upn(P1), sameLaOther: await upn(P2), otherLa: await upn(PB) },
    placement: { own: PL1, sameLaOther: PL2, otherLa: PLB },
    placementProvider: { own: IDS.pru, sameLaOther: IDS.independentAp, otherLa: IDS.unregB },
    placementSchool: { own: IDS.secondaryA, sameLaOther: IDS.academyA, otherLa: IDS.secondaryB },
    exclusion: {
      own: await exclusion(P1, IDS.secondaryA),
      sameLaOther: await exclusion(P2, IDS.academyA),
      otherLa: await exclusion(PB, IDS.secondaryB),
    },
    separation: {
      own: await separation(P1, IDS.secondaryA),
      sameLaOther: await separation(P2, IDS.academyA),
      otherLa: await separation(PB, IDS.secondaryB),
    },
    reintegration: {
      own: await reint(P1, PL0, IDS.secondaryA),
      sameLaOther: await reint(P2, PL0b, IDS.academyA),
      otherLa: await reint(PB, PL0B, IDS.secondaryB),
    },
    enrolment: { own: await enrolment(P1), sameLaOther: await enrolment(P2), otherLa: await enrolment(PB) },
    event: {
      own: await event(P1, PL1, IDS.secondaryA),
      sameLaOther: await event(P2, PL2, IDS.academyA),
      otherLa: await event(PB, PLB, IDS.secondaryB),
    },
    referral: { own: C1.referral, sameLaOther: C2.referral, otherLa: CB.referral },
    decision: { own: C1.decision, sameLaOther: C2.decision, otherLa: CB.decision },
    direction: { own: C1.direction, sameLaOther: C2.direction, otherLa: CB.direction },
    meeting: { own: M1, sameLaOther: M1, otherLa: MB },
    flag: {
      own: await flag('F2', IDS.laA, P1, IDS.secondaryA, IDS.pru),
      sameLaOther: await flag('U1', IDS.laA, P2, IDS.academyA, IDS.independentAp),
      otherLa: await flag('F2', IDS.laB, PB, IDS.secondaryB, IDS.unregB),
    },
    retentionReview: {
      own: await review(P1, IDS.laA, IDS.users.laOfficer),
      sameLaOther: await review(P2, IDS.laA, IDS.users.laOfficer),
      otherLa: await review(PB, IDS.laB, IDS.users.laOfficerB),
    },
    school: { own: IDS.secondaryA, sameLaOther: IDS.academyA, otherLa: IDS.secondaryB },
    provider: { own: IDS.pru, sameLaOther: IDS.independentAp, otherLa: IDS.unregB },
    importBatch: {
      own: await importBatch(prisma, IDS.laA),
      sameLaOther: await importBatch(prisma, IDS.laA),
      otherLa: await importBatch(prisma, IDS.laB),
    },
    importUpload: {
      own: await importUpload(prisma, IDS.laA),
      sameLaOther: await importUpload(prisma, IDS.laA),
      otherLa: await importUpload(prisma, IDS.laB),
    },
  };
}

async function importUpload(prisma: PrismaClient, laId: string): Promise<string> {
  const u = await prisma.importUpload.create({
    data: {
      laId,
      kind: 'PLACEMENTS',
      fileName: 'placements.csv',
      byteSize: 18,
      content: new Uint8Array(Buffer.from('UPN,Reason\r\nx,PEX\r\n')),
      actorId: laId === IDS.laA ? IDS.users.laOfficer : IDS.users.laOfficerB,
    },
    select: { id: true },
  });
  return u.id;
}

async function importBatch(prisma: PrismaClient, laId: string): Promise<string> {
  const b = await prisma.importBatch.create({
    data: {
      laId,
      kind: 'PLACEMENTS',
      fileName: 'placements.csv',
      fileHash: '0'.repeat(64),
      byteSize: 10,
      dryRun: true,
      mode: 'ALL_OR_NOTHING',
      status: 'DONE',
      actorId: laId === IDS.laA ? IDS.users.laOfficer : IDS.users.laOfficerB,
      actorRole: 'LA_OFFICER',
    },
    select: { id: true },
  });
  return b.id;
}

/**
 * Callers that separate every pupil condition: each role of LA A, both school users, the PRU with and without a
 * provider access window, an unregistered provider, LA B's officer, and the import CLI (not a stored user, so
 * never named on a restriction).
 */
export const SCOPE_ACTORS: Actor[] = [
  { userId: IDS.users.laOfficer, role: 'LA_OFFICER', laId: IDS.laA },
  { userId: IDS.users.panel, role: 'PANEL_MEMBER', laId: IDS.laA },
  { userId: IDS.users.analyst, role: 'ANALYST', laId: IDS.laA },
  { userId: IDS.users.secondaryStaff, role: 'SCHOOL_STAFF', laId: IDS.laA, schoolId: IDS.secondaryA },
  { userId: IDS.users.academyStaff, role: 'SCHOOL_STAFF', laId: IDS.laA, schoolId: IDS.academyA },
  { userId: IDS.users.pruStaff, role: 'PROVIDER_STAFF', laId: IDS.laA, providerId: IDS.pru },
  {
    userId: IDS.users.pruStaff,
    role: 'PROVIDER_STAFF',
    laId: IDS.laA,
    providerId: IDS.pru,
    placementAccessFrom: '2026-06-01',
  },
  { userId: IDS.users.unregStaff, role: 'PROVIDER_STAFF', laId: IDS.laA, providerId: IDS.unregUkprn },
  { userId: IDS.users.laOfficerB, role: 'LA_OFFICER', laId: IDS.laB },
  // Not a stored user (the import CLI): never named on a restriction.
  { userId: 'cli:someone@host', role: 'LA_OFFICER', laId: IDS.laA },
];

/**
 * The access world and every other way of reaching a pupil or being kept from one, for the tests that compare
 * a SQL scope with its Prisma filter (pupilScopeSql.test.ts, pupilListSql.test.ts, timelineSql.test.ts):
 * placements ended before the provider access window and followed up by a final checkpoint due in it (and
 * before it), restricted pupils naming the LA officer or only another LA's, and pupils sent to another LA
 * (one came back).
 */
export async function buildPupilScopeWorld(prisma: PrismaClient): Promise<AccessWorld> {
  const world = await buildAccessWorld(prisma);
  const base = SCHOOL_COMMISSIONED_PLACEMENT;
  // Ended before the window, followed up by a final checkpoint due in it (and one due before it).
  for (const due of ['2026-10-01', '2026-03-01']) {
    const p = await pupil(prisma, { dob: '2011-02-02' });
    const pl = await place(prisma, {
      ...base,
      pupilId: p,
      providerId: IDS.pru,
      start: '2025-09-08',
      end: '2026-02-13',
      destination: 'MAINSTREAM_SCHOOL',
      destinationSchoolId: IDS.secondaryA,
    });
    const r = await prisma.reintegration.create({
      data: { pupilId: p, placementId: pl, schoolId: IDS.secondaryA, startDate: d('2026-02-16'), status: 'PENDING' },
    });
    await prisma.reintegrationCheckpoint.create({
      data: { reintegrationId: r.id, label: 'Final', schoolDays: 30, dueDate: d(due), isFinal: true },
    });
  }
  // Restricted: one naming the LA officer, one naming another LA's officer only; both on Hillside's roll and placed by the LA.
  for (const named of [[IDS.users.laOfficer], [IDS.users.laOfficerB]]) {
    const p = await pupil(prisma, { dob: '2011-03-03' });
    await enrol(prisma, p, IDS.secondaryA, '2022-09-01');
    await place(prisma, { ...base, pupilId: p, providerId: IDS.pru, start: '2026-09-07' });
    await prisma.pupil.update({ where: { id: p }, data: { restrictedAt: new Date(), restrictedToUserIds: named } });
  }
  // Sent to another LA (and one that came back).
  for (const returnedAt of [null, new Date()]) {
    const p = await pupil(prisma, { dob: '2011-04-04' });
    await enrol(prisma, p, IDS.secondaryA, '2022-09-01');
    await prisma.pupilTransferOut.create({
      data: {
        pupilId: p,
        fromLaId: IDS.laA,
        toLaCode: '372',
        kid: 'k1',
        jti: randomUUID(),
        signedAt: new Date(),
        expiresAt: new Date(),
        createdBy: IDS.users.laOfficer,
        returnedAt,
      },
    });
  }
  return world;
}
