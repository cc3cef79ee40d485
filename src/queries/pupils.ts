import type { Actor } from '../auth/actor';
import { Prisma, type PrismaClient, type Pupil } from '../generated/prisma/client';
import { pupilScope } from '../access/scope';
import { pupilScopeSql } from '../access/scopeSql';
import { audit } from '../record/audit';
import { validateUpn } from '../domain/identifiers';
import { toDb } from '../db/dates';

/** Reading one pupil's record is audited, whether or not it is found. */
export async function readPupil(prisma: PrismaClient, actor: Actor, where: { id: string } | { upn: string }) {
  let filter: { id: string } | { upn: string } = where;
  if ('upn' in where) {
    const v = validateUpn(where.upn);
    if (!v.ok) return null;
    filter = { upn: v.upn };
  }
  const pupil = await findPupilInScope(prisma, actor, filter);
  await audit(prisma, actor, 'pupil.read', 'PUPIL', pupil ? [pupil.id] : []);
  return pupil;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One pupil by id or UPN, if the caller may read it (`pupil.read`). On the hot path (issue 18) as plain SQL with
 * the scope's SQL form (`pupilScopeSql`, tested equal to `pupilScope`): the same row Prisma's `findFirst` gives,
 * without its query compiler. An id that is not a UUID takes Prisma's path, so it is answered as before.
 */
export async function findPupilInScope(
  prisma: PrismaClient,
  actor: Actor,
  filter: { id: string } | { upn: string },
): Promise<Pupil | null> {
  if ('id' in filter && !UUID.test(filter.id))
    return prisma.pupil.findFirst({ where: { AND: [filter, pupilScope(actor)] } });
  const match = 'id' in filter ? Prisma.sql`p.id = ${filter.id}::uuid` : Prisma.sql`p.upn = ${filter.upn}`;
  const rows = await prisma.$queryRaw<
    Pupil[]
  >`SELECT p.* FROM "Pupil" p WHERE ${match} AND ${pupilScopeSql(actor)} LIMIT 1`;
  return rows[0] ?? null;
}

export interface PupilFilter {
  schoolId?: string | null;
  providerId?: string | null;
  inAp?: boolean | null;
  lastName?: string | null;
  upn?: string | null;
  name?: string | null;
  dateOfBirth?: string | null;
}

/** "Sam", "Exam" or "Sam Example": every word must begin the first or the last name. */
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

/** `today` (England's date, from the caller's clock) decides who is in AP now. */
export async function listPupils(
  prisma: PrismaClient,
  actor: Actor,
  filter: PupilFilter,
  first: number,
  after: string | null | undefined,
  todayIso: string,
) {
  const today = toDb(todayIso);
  const openOn = { startDate: { lte: today }, OR: [{ endDate: null }, { endDate: { gte: today } }] };
  const where = {
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
  await audit(
    prisma,
    actor,
    'pupil.list',
    'PUPIL',
    nodes.map((p) => p.id),
  );
  return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.at(-1)?.id ?? null } };
}
