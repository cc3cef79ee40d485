import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { once } from '../../record/idempotency';
import { audit } from '../../record/audit';
import { invalid } from '../../errors';
import { parseInput } from '../validation';
import type { UseCaseDeps } from '../deps';
import { newSigningKey, publicOnly } from '../../transfer/signingKeys';
import { keySecret, LA_CODE } from './laIdentity';

export interface TransferDeps extends UseCaseDeps {
  transferKeySecret?: string;
}

/**
 * A new Ed25519 signing key for the caller's LA; the one it replaces is retired (it stays published in the JWKS,
 * so packs it signed still verify until they expire). Keys are not pupil records: the audit row is their history.
 */
export async function createTransferSigningKey(
  deps: TransferDeps,
  actor: Actor,
  clientKey?: string | null,
): Promise<{ id: string; kid: string }> {
  authorise(actor, 'transfer.keys');
  const secret = keySecret(deps);
  return once(deps.prisma, actor, clientKey, 'createTransferSigningKey', {}, async (tx) => {
    const la = await tx.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } });
    const key = await newSigningKey(secret, la.code);
    await tx.laSigningKey.updateMany({
      where: { laId: actor.laId, retiredAt: null },
      data: { retiredAt: deps.clock.now() },
    });
    const row = await tx.laSigningKey.create({
      data: {
        laId: actor.laId,
        kid: key.kid,
        publicJwk: key.publicJwk as never,
        encryptedPrivateKey: key.encryptedPrivateKey,
        createdBy: actor.userId,
      },
      select: { id: true, kid: true },
    });
    await audit(tx, actor, 'transfer.keyCreated', 'LA_SIGNING_KEY', [row.id]);
    return row;
  });
}

const ed25519Public = z
  .object({
    kty: z.literal('OKP', { message: 'Only Ed25519 keys (kty OKP) are accepted.' }),
    crv: z.literal('Ed25519', { message: 'Only Ed25519 keys are accepted.' }),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This is not an Ed25519 public key.'),
    kid: z.string().min(1).max(200),
    alg: z.string().optional(),
    use: z.string().optional(),
    d: z
      .undefined({ message: 'This is a private key: register only the other LA’s public keys (its JWKS).' })
      .optional(),
  })
  .passthrough();

const trustSchema = z.object({
  laCode: z.string().regex(LA_CODE, 'An LA code is three digits.'),
  jwks: z.object({ keys: z.array(ed25519Public).min(1, 'The JWKS has no keys.').max(20) }),
});

/**
 * Registers another LA's public keys (its JWKS, fetched from that LA's installation or sent by it) as trusted by
 * the caller's LA: packs signed with them can then be imported. Keys already trusted are left as they are.
 */
export async function trustLaKeys(
  deps: TransferDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<{ added: string[]; alreadyTrusted: string[] }> {
  authorise(actor, 'transfer.keys');
  const f = parseInput(trustSchema, input);
  const mine = await deps.prisma.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } });
  if (f.laCode === mine.code) throw invalid([{ field: 'laCode', message: 'These are keys of another LA, not yours.' }]);
  const wrongLa = f.jwks.keys.filter((k) => !k.kid.startsWith(`${f.laCode}-`));
  if (wrongLa.length)
    throw invalid([
      {
        field: 'jwks',
        message: `Key ${wrongLa[0]!.kid} is not a key of LA ${f.laCode} (its id does not start ${f.laCode}-).`,
      },
    ]);
  return once(deps.prisma, actor, clientKey, 'trustLaKeys', f, async (tx) => {
    const added: string[] = [];
    const alreadyTrusted: string[] = [];
    const ids: string[] = [];
    for (const k of f.jwks.keys) {
      const existing = await tx.trustedLaKey.findUnique({ where: { laId_kid: { laId: actor.laId, kid: k.kid } } });
      if (existing) {
        if ((existing.publicJwk as { x?: string }).x !== k.x)
          throw invalid([{ field: 'jwks', message: `Key ${k.kid} is already trusted with a different value.` }]);
        alreadyTrusted.push(k.kid);
        continue;
      }
      const row = await tx.trustedLaKey.create({
        data: {
          laId: actor.laId,
          issuerLaCode: f.laCode,
          kid: k.kid,
          publicJwk: publicOnly(k) as never,
          addedBy: actor.userId,
        },
        select: { id: true },
      });
      ids.push(row.id);
      added.push(k.kid);
    }
    if (ids.length) await audit(tx, actor, 'transfer.keysTrusted', 'TRUSTED_LA_KEY', ids);
    return { added, alreadyTrusted };
  });
}
