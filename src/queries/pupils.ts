import type { Actor } from '../auth/actor';
import { Prisma, type PrismaClient, type Pupil } from '../generated/prisma/client';
import { pupilScope } from '../access/scope';
import { pupilScopeSql } from '../access/scopeSql';
import { audit } from '../record/audit';
import { validateUpn } from '../domain/identifiers';

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

/**
 * The filter's conditions on a "Pupil" row aliased `p`, as the Prisma filter they replaced had them (kept in
 * tests/support/pupilReadsPrisma.ts to compare with): a prefix is matched as Prisma's `startsWith` matched it
 * (`LIKE '<text>%'`, the text not escaped, so `%` and `_` keep their LIKE meaning, as they always had here);
 * "in AP" and "at a provider" are a placement open on `today` (end dates inclusive).
 */
function filterSql(filter: PupilFilter, today: string): Prisma.Sql[] {
  // "Not ended before today" as one range on "Placement_open_on_idx" (the placements still open are few, ended
  // ones many): COALESCE(end, infinity) >= today is `end IS NULL OR end >= today`.
  const open = Prisma.sql`COALESCE(x."endDate", 'infinity'::date) >= ${today}::date AND x."startDate" <= ${today}::date`;
  const c: Prisma.Sql[] = [];
  if (filter.schoolId)
    c.push(Prisma.sql`EXISTS (SELECT 1 FROM "Enrolment" e
      WHERE e."pupilId" = p.id AND e."schoolId" = ${filter.schoolId}::uuid AND e."endDate" IS NULL)`);
  if (filter.providerId)
    c.push(Prisma.sql`EXISTS (SELECT 1 FROM "Placement" x
      WHERE x."pupilId" = p.id AND x."providerId" = ${filter.providerId}::uuid AND ${open})`);
  if (filter.inAp) c.push(Prisma.sql`EXISTS (SELECT 1 FROM "Placement" x WHERE x."pupilId" = p.id AND ${open})`);
  if (filter.lastName) c.push(Prisma.sql`p."lastName" ILIKE ${`${filter.lastName}%`}`);
  if (filter.upn?.trim()) c.push(Prisma.sql`p.upn LIKE ${`${filter.upn.trim().toUpperCase()}%`}`);
  // "Sam", "Exam" or "Sam Example": every word (the first four) must begin the first or the last name.
  for (const w of (filter.name ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 4))
    c.push(Prisma.sql`(p."firstName" ILIKE ${`${w}%`} OR p."lastName" ILIKE ${`${w}%`})`);
  if (filter.dateOfBirth) c.push(Prisma.sql`p."dateOfBirth" = ${filter.dateOfBirth}::date`);
  return c;
}

/**
 * A page of the pupils the caller may read (`pupil.read`) matching the filter, by last name, first name and id,
 * with the total count of all of them. Issue 18 goal 2: one SQL statement gives both, the caller's scope in SQL
 * (`pupilScopeSql`, tested equal to `pupilScope`): the matching pupils are counted by a window over their ids
 * and sort keys only, the page (`first` + 1, to know whether another follows) is cut from them after the
 * cursor, and only its rows are read whole. `tests/integration/pupilListSql.test.ts` proves it equal to the
 * Prisma page and count it replaced (tests/support/pupilReadsPrisma.ts) for every role and filter.
 *
 * `after` is the last id of the previous page: the page starts after that pupil's (last name, first name, id),
 * also when that pupil no longer matches (Prisma's `cursor` + `skip: 1` then skipped the next pupil). A cursor
 * naming no pupil gives an empty page, as before. When the page is empty but the cursor named a pupil
 * (the caller paged past the end), the count is read by a second, plain count.
 * `today` (England's date, from the caller's clock) decides who is in AP now.
 */
export async function listPupils(
  prisma: PrismaClient,
  actor: Actor,
  filter: PupilFilter,
  first: number,
  after: string | null | undefined,
  todayIso: string,
) {
  const where = Prisma.join([pupilScopeSql(actor), ...filterSql(filter, todayIso)], ' AND ');
  const take = Math.min(Math.max(first, 1), 200);
  const afterCursor = after
    ? Prisma.sql`WHERE (m."lastName", m."firstName", m.id) >
        (SELECT c."lastName", c."firstName", c.id FROM "Pupil" c WHERE c.id = ${after}::uuid)`
    : Prisma.empty;
  const rows = await prisma.$queryRaw<(Pupil & { totalCount: number })[]>`
    SELECT p.*, pg.total AS "totalCount"
    FROM (SELECT m.id, m."lastName", m."firstName", m.total
          FROM (SELECT p.id, p."lastName", p."firstName", count(*) OVER ()::int AS total
                FROM "Pupil" p WHERE ${where}) m
          ${afterCursor}
          ORDER BY m."lastName", m."firstName", m.id
          LIMIT ${take + 1}) pg
    JOIN "Pupil" p ON p.id = pg.id
    ORDER BY pg."lastName", pg."firstName", pg.id`;
  const nodes: Pupil[] = rows.slice(0, take).map(({ totalCount: _, ...pupil }) => pupil);
  const totalCount =
    rows[0]?.totalCount ??
    (after
      ? (await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Pupil" p WHERE ${where}`)[0]!.n
      : 0);
  await audit(
    prisma,
    actor,
    'pupil.list',
    'PUPIL',
    nodes.map((p) => p.id),
  );
  return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.at(-1)?.id ?? null } };
}
