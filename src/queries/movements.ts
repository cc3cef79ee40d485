import type { Actor } from '../auth/actor';
import type { PrismaClient, PupilEvent } from '../generated/prisma/client';
import { exclusionScope, placementScope, pupilScope, reintegrationScope } from '../access/scope';
import { audit } from '../record/audit';
import { fromDb, toDb } from '../db/dates';
import { ruleConfigFor } from '../rules/ruleConfig';
import { sumByAcademicYear } from '../domain/movements/exclusions';
import { legalBasisFor } from '../domain/movements/legalBasis';
import { ruleP2NextReviewDue } from '../domain/movements/schedule';
import type { CommissionerKind, PlacementReason } from '../generated/prisma/enums';
import type { CalendarService } from '../calendar/calendarService';
import { timelineEventScopeSql } from '../access/scopeSql';
import { suspensionShares } from './suspensionYears';
import { findPupilInScope } from './pupils';

const inForceOn = (d: Date) => ({ startDate: { lte: d }, OR: [{ endDate: null }, { endDate: { gte: d } }] });

export async function readPlacement(prisma: PrismaClient, actor: Actor, id: string) {
  const p = await prisma.placement.findFirst({ where: { AND: [{ id }, placementScope(actor)] } });
  if (p) await audit(prisma, actor, 'placement.read', 'PLACEMENT', [p.id, p.pupilId]);
  return p;
}

/**
 * The timeline, oldest first; corrections appear as their own events. Each role reads the events the
 * permission table gives it (a provider: its own placements' events and what it recorded; a panel member:
 * the fair access events), so another organisation's later events stay hidden. Each event lists the
 * corrections made to it later (`correctedBy`, oldest first), whether or not the caller reads them.
 *
 * Issue 18 goal 2: the events and their corrections in one statement, the caller's event scope in SQL
 * (`timelineEventScopeSql`, tested equal to `eventScope`); the corrections are found by the partial index on
 * "correctsEventId". `tests/integration/timelineSql.test.ts` proves it equal to the Prisma read it replaced.
 */
export async function pupilTimeline(prisma: PrismaClient, actor: Actor, pupilId: string) {
  const pupil = await findPupilInScope(prisma, actor, { id: pupilId });
  if (!pupil) {
    await audit(prisma, actor, 'pupil.timeline', 'PUPIL', []);
    return null;
  }
  const rows = await prisma.$queryRaw<(PupilEvent & { correctedBy: string[] })[]>`
    SELECT e.*,
      ARRAY(SELECT c.id FROM "PupilEvent" c WHERE c."correctsEventId" = e.id ORDER BY c.seq) AS "correctedBy"
    FROM "PupilEvent" e JOIN "Pupil" p ON p.id = e."pupilId"
    WHERE e."pupilId" = ${pupil.id}::uuid AND ${timelineEventScopeSql(actor)}
    ORDER BY e."occurredOn", e.seq`;
  await audit(prisma, actor, 'pupil.timeline', 'PUPIL', [pupil.id]);
  // The shape Prisma's `include: { correctedBy: { select: { id: true } } }` gave (the resolver and `written` use it).
  return rows.map((e) => ({ ...e, correctedBy: e.correctedBy.map((id) => ({ id })) }));
}

/** Where a pupil was on a date: rolls and placements in force that day (end dates inclusive). */
export async function pupilWhereabouts(prisma: PrismaClient, actor: Actor, pupilId: string, on: string) {
  const pupil = await prisma.pupil.findFirst({
    where: { AND: [{ id: pupilId }, pupilScope(actor)] },
    select: { id: true },
  });
  await audit(prisma, actor, 'pupil.whereabouts', 'PUPIL', pupil ? [pupil.id] : []);
  if (!pupil) return null;
  const d = toDb(on);
  const [enrolments, placements] = await Promise.all([
    prisma.enrolment.findMany({
      where: { pupilId, ...inForceOn(d) },
      include: { school: true },
      orderBy: { startDate: 'asc' },
    }),
    // The same condition as placement(id): a placement the caller may not read is not listed.
    prisma.placement.findMany({
      where: { AND: [{ pupilId }, inForceOn(d), placementScope(actor)] },
      include: { provider: true },
      orderBy: { startDate: 'asc' },
    }),
  ]);
  const parts = [
    ...enrolments.map((e) => `on roll at ${e.school.name} (${e.registration.toLowerCase()} registration)`),
    ...placements.map(
      (p) =>
        `in AP at ${p.provider.name} (${p.tier.replace(/_/g, ' ').toLowerCase()}, ${Number(p.hoursPerWeek)} h/week)`,
    ),
  ];
  return {
    on,
    enrolments,
    placements,
    summary: parts.length ? parts.join('; ') : 'not on any roll and not in AP on this date',
  };
}

const withPupils = (rows: { id: string; pupilId: string }[]) => [
  ...rows.map((r) => r.id),
  ...new Set(rows.map((r) => r.pupilId)),
];

export async function providerRoll(prisma: PrismaClient, actor: Actor, providerId: string, on: string) {
  const rows = await prisma.placement.findMany({
    where: { AND: [{ providerId }, placementScope(actor), inForceOn(toDb(on))] },
    orderBy: { startDate: 'asc' },
  });
  // "Who saw pupil X" must find this read: the pupils are named as well as the placements.
  await audit(prisma, actor, 'provider.roll', 'PLACEMENT', withPupils(rows));
  return rows;
}

export async function schoolPupilsInAp(prisma: PrismaClient, actor: Actor, schoolId: string, on: string) {
  const d = toDb(on);
  const rows = await prisma.placement.findMany({
    where: {
      AND: [
        placementScope(actor),
        inForceOn(d),
        {
          OR: [{ commissioningSchoolId: schoolId }, { pupil: { enrolments: { some: { schoolId, ...inForceOn(d) } } } }],
        },
      ],
    },
    orderBy: { startDate: 'asc' },
  });
  await audit(prisma, actor, 'school.pupilsInAp', 'PLACEMENT', withPupils(rows));
  return rows;
}

export interface PlacementFilter {
  providerId?: string | null;
  commissioningSchoolId?: string | null;
  status?: 'OPEN' | 'ENDED' | null;
  startsFrom?: string | null;
  startsTo?: string | null;
}

/** Placements in scope matching the filter, by start date (a provider's arrivals, a school's commissions). */
export async function listPlacements(prisma: PrismaClient, actor: Actor, f: PlacementFilter, first: number) {
  const rows = await prisma.placement.findMany({
    where: {
      AND: [
        placementScope(actor),
        f.providerId ? { providerId: f.providerId } : {},
        f.commissioningSchoolId ? { commissioningSchoolId: f.commissioningSchoolId } : {},
        f.status ? { status: f.status } : {},
        f.startsFrom || f.startsTo
          ? {
              startDate: {
                ...(f.startsFrom ? { gte: toDb(f.startsFrom) } : {}),
                ...(f.startsTo ? { lte: toDb(f.startsTo) } : {}),
              },
            }
          : {},
      ],
    },
    orderBy: [{ startDate: 'desc' }, { id: 'asc' }],
    take: Math.min(Math.max(first, 1), 500),
  });
  // Names the pupils as well as the placements, so "who saw pupil X" finds list reads too (issue 11, finding 7).
  await audit(prisma, actor, 'placement.list', 'PLACEMENT', [
    ...rows.map((r) => r.id),
    ...new Set(rows.map((r) => r.pupilId)),
  ]);
  return rows;
}

export interface ReintegrationFilter {
  providerId?: string | null;
  schoolId?: string | null;
  status?: 'PENDING' | 'SUSTAINED' | 'BROKEN_DOWN' | null;
}

/** Reintegrations in scope (those the caller may report on): a provider's leavers, a school's returners. */
export async function listReintegrations(prisma: PrismaClient, actor: Actor, f: ReintegrationFilter, first: number) {
  const rows = await prisma.reintegration.findMany({
    where: {
      AND: [
        reintegrationScope(actor, 'reintegration.read'),
        f.providerId ? { placement: { providerId: f.providerId } } : {},
        f.schoolId ? { schoolId: f.schoolId } : {},
        f.status ? { status: f.status } : {},
      ],
    },
    orderBy: [{ startDate: 'desc' }, { id: 'asc' }],
    take: Math.min(Math.max(first, 1), 500),
  });
  await audit(
    prisma,
    actor,
    'reintegration.list',
    'REINTEGRATION',
    rows.map((r) => r.id),
  );
  return rows;
}

export async function readReintegration(prisma: PrismaClient, actor: Actor, id: string) {
  const r = await prisma.reintegration.findFirst({
    where: { AND: [{ id }, reintegrationScope(actor, 'reintegration.read')] },
    include: { placement: { select: { pupilId: true } } },
  });
  if (r) await audit(prisma, actor, 'reintegration.read', 'REINTEGRATION', [r.id, r.placement.pupilId]);
  return r;
}

/** A pupil's placements the caller may see, newest first (the pupil itself was read, and audited, already). */
/** Commissioning's derived facts before the write: the same domain rules the use case applies. */
export async function placementPreview(
  prisma: PrismaClient,
  calendars: CalendarService,
  actor: Actor,
  input: {
    pupilId: string;
    commissionerKind: CommissionerKind;
    reason: PlacementReason;
    startDate: string;
    reviewIntervalSchoolDays: number;
  },
) {
  // Only for a pupil the caller could commission a placement for (permission table); read of SEN status audited.
  const pupil = await prisma.pupil.findFirst({
    where: { AND: [{ id: input.pupilId }, pupilScope(actor, 'placement.commission')] },
    select: { id: true, senStatus: true },
  });
  await audit(prisma, actor, 'placement.preview', 'PUPIL', pupil ? [pupil.id] : []);
  if (!pupil) return null;
  const basis = legalBasisFor(input.reason, input.commissionerKind, pupil.senStatus);
  const cal = await calendars.calendarFor(actor.laId);
  return {
    legalBasis: basis.ok ? basis.legalBasis : null,
    legalBasisProblem: basis.ok ? null : basis.message,
    firstReviewDue: ruleP2NextReviewDue(cal, input.startDate, input.reviewIntervalSchoolDays),
  };
}

export async function readExclusion(prisma: PrismaClient, actor: Actor, id: string) {
  const ex = await prisma.exclusion.findFirst({ where: { AND: [{ id }, exclusionScope(actor)] } });
  if (ex) await audit(prisma, actor, 'exclusion.read', 'EXCLUSION', [ex.id, ex.pupilId]);
  return ex;
}

/** Rule E1: the year's suspension days across all schools. */
export async function suspensionTotal(
  prisma: PrismaClient,
  calendars: CalendarService,
  actor: Actor,
  pupilId: string,
  academicYear: string,
) {
  const pupil = await prisma.pupil.findFirst({
    where: { AND: [{ id: pupilId }, pupilScope(actor, 'pupil.suspensionTotal')] },
    select: { id: true },
  });
  await audit(prisma, actor, 'pupil.suspensionTotal', 'PUPIL', pupil ? [pupil.id] : []);
  if (!pupil) return null;
  // Each suspension's days in the year they fall in (rule E1), so July-to-September ones are split.
  const days =
    sumByAcademicYear(await suspensionShares(prisma, calendars, pupilId, [academicYear]))[0]?.schoolDays ?? 0;
  const cap = (await ruleConfigFor(prisma, actor.laId)).values.suspensionCapSchoolDays;
  return { academicYear, schoolDays: days, cap, remaining: Math.max(0, cap - days) };
}

export { fromDb };
