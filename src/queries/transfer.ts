import type { JWK } from 'jose';
import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { authorise } from '../access/permissions';
import { publicOnly } from '../transfer/signingKeys';

/** A retired key stays published this long, so packs it signed (valid at most 90 days) still verify. */
const RETIRED_KEY_PUBLISHED_DAYS = 90;

/**
 * An LA's public signing keys as a JWKS (RFC 7517), for other LAs to register as trusted. Public by design: only
 * the public members are selected, never the encrypted private key. Null when no LA has that code.
 */
export async function publishedJwks(prisma: PrismaClient, laCode: string, now: Date): Promise<{ keys: JWK[] } | null> {
  const la = await prisma.localAuthority.findUnique({ where: { code: laCode }, select: { id: true } });
  if (!la) return null;
  const since = new Date(now.getTime() - RETIRED_KEY_PUBLISHED_DAYS * 86_400_000);
  const rows = await prisma.laSigningKey.findMany({
    where: { laId: la.id, OR: [{ retiredAt: null }, { retiredAt: { gte: since } }] },
    select: { publicJwk: true },
    orderBy: { createdAt: 'desc' },
  });
  return { keys: rows.map((r) => publicOnly(r.publicJwk as JWK)) };
}

/** The caller's LA's own keys (public halves) and the other LAs' keys it trusts. */
export async function transferKeys(prisma: PrismaClient, actor: Actor) {
  authorise(actor, 'transfer.readKeys');
  const own = await prisma.laSigningKey.findMany({
    where: { laId: actor.laId },
    select: { kid: true, publicJwk: true, createdAt: true, retiredAt: true },
    orderBy: { createdAt: 'desc' },
  });
  const trusted = await prisma.trustedLaKey.findMany({
    where: { laId: actor.laId },
    select: { issuerLaCode: true, kid: true, addedAt: true },
    orderBy: [{ issuerLaCode: 'asc' }, { addedAt: 'asc' }],
  });
  return { own: own.map((k) => ({ ...k, publicJwk: publicOnly(k.publicJwk as JWK) })), trusted };
}

/** Histories received from other LAs for a pupil the caller already reads (the Pupil field's parent is in scope). */
export function receivedHistoriesOf(prisma: PrismaClient, pupilId: string) {
  return prisma.receivedHistory.findMany({
    where: { pupilId },
    select: {
      id: true,
      sendingLaCode: true,
      sendingLaName: true,
      signerKid: true,
      signedAt: true,
      receivedAt: true,
      pack: true,
    },
    orderBy: { receivedAt: 'asc' },
  });
}

/** The placements an export has just closed, read back for its answer (the use case checked their scope). */
export const closedPlacements = (prisma: PrismaClient, ids: string[]) =>
  prisma.placement.findMany({ where: { id: { in: ids } }, orderBy: { startDate: 'asc' } });

/** The received history an import has just written, read back for its answer. */
export const receivedHistory = (prisma: PrismaClient, id: string) =>
  prisma.receivedHistory.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      sendingLaCode: true,
      sendingLaName: true,
      signerKid: true,
      signedAt: true,
      receivedAt: true,
      pack: true,
    },
  });
