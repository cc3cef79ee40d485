import type { Actor } from '../auth/actor';
import type { PrismaClient } from '../generated/prisma/client';
import { eventScope, exclusionScope, placementScope, pupilScope } from '../access/scope';
import { audit } from '../record/audit';
import { fromDb, toDb } from '../usecases/dates';
import { ruleConfigFor } from '../rules/ruleConfig';
import { suspensionShares } from '../usecases/exclusions/suspensionYears';
import { sumByAcademicYear } from '../domain/movements/exclusions';
import type { CalendarService } from '../calendar/calendarService';

const inForceOn = (d: Date) => ({ startDate: { lte: d }, OR: [{ endDate: null }, { endDate: { gte: d } }] });

export async function readPlacement(prisma: PrismaClient, actor: Actor, id: string) {
  const p = await prisma.placement.findFirst({ where: { AND: [{ id }, placementScope(actor)] } });
  if (p) await audit(prisma, actor, 'placement.read', 'PLACEMENT', [p.id, p.pupilId]);
  return p;
}

/**
 * The timeline, oldest first; corrections appear as their own events. Each role reads the events the
 * permission table gives it (a provider: its own placements' events and what it recorded; a panel member:
 * the fair access events), so another organisation's later events stay hidden.
 */
export async function pupilTimeline(prisma: PrismaClient, actor: Actor, pupilId: string) {
  const pupil = await prisma.pupil.findFirst({ where: { AND: [{ id: pupilId }, pupilScope(actor)] }, select: { id: true } });
  if (!pupil) {
    await audit(prisma, actor, 'pupil.timeline', 'PUPIL', []);
    return null;
  }
  const events = await prisma.pupilEvent.findMany({
    where: { AND: [{ pupilId }, await eventScope(prisma, actor, 'pupil.timeline')] },
    orderBy: [{ occurredOn: 'asc' }, { seq: 'asc' }],
    include: { correctedBy: { select: { id: true } } },
  });
  await audit(prisma, actor, 'pupil.timeline', 'PUPIL', [pupil.id]);
  return events;
}

/** Where a pupil was on a date: rolls and placements in force that day (end dates inclusive). */
export async function pupilWhereabouts(prisma: PrismaClient, actor: Actor, pupilId: string, on: string) {
  const pupil = await prisma.pupil.findFirst({ where: { AND: [{ id: pupilId }, pupilScope(actor)] }, select: { id: true } });
  await audit(prisma, actor, 'pupil.whereabouts', 'PUPIL', pupil ? [pupil.id] : []);
  if (!pupil) return null;
  const d = toDb(on);
  const [enrolments, placements] = await Promise.all([
    prisma.enrolment.findMany({ where: { pupilId, ...inForceOn(d) }, include: { school: true }, orderBy: { startDate: 'asc' } }),
    // The same condition as placement(id): a placement the caller may not read is not listed.
    prisma.placement.findMany({ where: { AND: [{ pupilId }, inForceOn(d), placementScope(actor)] }, include: { provider: true }, orderBy: { startDate: 'asc' } }),
  ]);
  const parts = [
    ...enrolments.map((e) => `on roll at ${e.school.name} (${e.registration.toLowerCase()} registration)`),
    ...placements.map((p) => `in AP at ${p.provider.name} (${p.tier.replace(/_/g, ' ').toLowerCase()}, ${Number(p.hoursPerWeek)} h/week)`),
  ];
  return { on, enrolments, placements, summary: parts.length ? parts.join('; ') : 'not on any roll and not in AP on this date' };
}

const withPupils = (rows: { id: string; pupilId: string }[]) => [...rows.map((r) => r.id), ...new Set(rows.map((r) => r.pupilId))];

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
        { OR: [{ commissioningSchoolId: schoolId }, { pupil: { enrolments: { some: { schoolId, ...inForceOn(d) } } } }] },
      ],
    },
    orderBy: { startDate: 'asc' },
  });
  await audit(prisma, actor, 'school.pupilsInAp', 'PLACEMENT', withPupils(rows));
  return rows;
}

export async function readExclusion(prisma: PrismaClient, actor: Actor, id: string) {
  const ex = await prisma.exclusion.findFirst({ where: { AND: [{ id }, exclusionScope(actor)] } });
  if (ex) await audit(prisma, actor, 'exclusion.read', 'EXCLUSION', [ex.id, ex.pupilId]);
  return ex;
}

/** Rule E1: the year's suspension days across all schools. */
export async function suspensionTotal(prisma: PrismaClient, calendars: CalendarService, actor: Actor, pupilId: string, academicYear: string) {
  const pupil = await prisma.pupil.findFirst({ where: { AND: [{ id: pupilId }, pupilScope(actor, 'pupil.suspensionTotal')] }, select: { id: true } });
  await audit(prisma, actor, 'pupil.suspensionTotal', 'PUPIL', pupil ? [pupil.id] : []);
  if (!pupil) return null;
  // Each suspension's days in the year they fall in (rule E1), so July-to-September ones are split.
  const days = sumByAcademicYear(await suspensionShares(prisma, calendars, pupilId, [academicYear]))[0]?.schoolDays ?? 0;
  const cap = (await ruleConfigFor(prisma, actor.laId)).values.suspensionCapSchoolDays;
  return { academicYear, schoolDays: days, cap, remaining: Math.max(0, cap - days) };
}

export { fromDb };
