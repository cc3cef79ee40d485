import type { Prisma, PrismaClient } from '../../src/generated/prisma/client';
import type { Actor } from '../../src/auth/actor';
import { eventScope, pupilScope } from '../../src/access/scope';
import { findPupilInScope, type PupilFilter } from '../../src/queries/pupils';
import { toDb } from '../../src/db/dates';

/**
 * The Prisma reads that `listPupils` and `pupilTimeline` (src/queries) replaced with one SQL statement each
 * (issue 18 goal 2), as they were, without their audit rows (written by the same code on both paths): kept
 * here only so pupilListSql.test.ts and timelineSql.test.ts can prove the SQL answers equal to them.
 */

function nameMatch(name: string) {
  const words = name.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  return {
    AND: words.map((w) => ({
      OR: [
        { firstName: { startsWith: w, mode: 'insensitive' as const } },
        { lastName: { startsWith: w, mode: 'insensitive' as const } },
      ],
    })),
  };
}

export async function listPupilsPrisma(
  prisma: PrismaClient,
  actor: Actor,
  filter: PupilFilter,
  first: number,
  after: string | null | undefined,
  todayIso: string,
) {
  const today = toDb(todayIso);
  const openOn = { startDate: { lte: today }, OR: [{ endDate: null }, { endDate: { gte: today } }] };
  const where: Prisma.PupilWhereInput = {
    AND: [
      pupilScope(actor),
      filter.schoolId ? { enrolments: { some: { schoolId: filter.schoolId, endDate: null } } } : {},
      filter.providerId ? { placements: { some: { providerId: filter.providerId, ...openOn } } } : {},
      filter.inAp ? { placements: { some: openOn } } : {},
      filter.lastName ? { lastName: { startsWith: filter.lastName, mode: 'insensitive' as const } } : {},
      filter.upn?.trim() ? { upn: { startsWith: filter.upn.trim().toUpperCase() } } : {},
      filter.name?.trim() ? nameMatch(filter.name) : {},
      filter.dateOfBirth ? { dateOfBirth: toDb(filter.dateOfBirth) } : {},
    ],
  };
  const take = Math.min(Math.max(first, 1), 200);
  const [rows, totalCount] = await Promise.all([
    prisma.pupil.findMany({
      where,
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
      take: take + 1,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    }),
    prisma.pupil.count({ where }),
  ]);
  const nodes = rows.slice(0, take);
  return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.at(-1)?.id ?? null } };
}

export async function pupilTimelinePrisma(prisma: PrismaClient, actor: Actor, pupilId: string) {
  const pupil = await findPupilInScope(prisma, actor, { id: pupilId });
  if (!pupil) return null;
  return prisma.pupilEvent.findMany({
    where: { AND: [{ pupilId }, await eventScope(prisma, actor, 'pupil.timeline', pupilId)] },
    orderBy: [{ occurredOn: 'asc' }, { seq: 'asc' }],
    include: { correctedBy: { select: { id: true } } },
  });
}
