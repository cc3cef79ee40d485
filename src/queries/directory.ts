import type { Actor } from '../auth/actor';
import type { PrismaClient } from '../generated/prisma/client';
import { providerScope, schoolScope } from '../access/scope';

/** Schools the caller's directory shows, a page at a time in id order. */
export async function listSchools(
  prisma: PrismaClient,
  actor: Actor,
  filter: { phase?: string; type?: string },
  first: number,
  after: string | undefined,
) {
  const where = {
    ...schoolScope(actor),
    ...(filter.phase ? { phase: filter.phase as never } : {}),
    ...(filter.type ? { type: filter.type as never } : {}),
  };
  const take = Math.min(Math.max(first, 1), 500);
  const [rows, totalCount] = await Promise.all([
    prisma.school.findMany({
      where,
      orderBy: { id: 'asc' },
      take: take + 1,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    }),
    prisma.school.count({ where }),
  ]);
  const nodes = rows.slice(0, take);
  return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.at(-1)?.id ?? null } };
}

export const readSchool = (prisma: PrismaClient, actor: Actor, id: string) =>
  prisma.school.findFirst({ where: { id, ...schoolScope(actor) } });

export const listProviders = (prisma: PrismaClient, actor: Actor, kind: string | undefined) =>
  prisma.provider.findMany({
    where: { ...providerScope(actor), ...(kind ? { kind: kind as never } : {}) },
    orderBy: { name: 'asc' },
  });

export const readProvider = (prisma: PrismaClient, actor: Actor, id: string) =>
  prisma.provider.findFirst({ where: { id, ...providerScope(actor) } });
