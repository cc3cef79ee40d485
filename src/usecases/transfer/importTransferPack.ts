import { z } from 'zod';
import { decodeProtectedHeader, errors as joseErrors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { once } from '../../record/idempotency';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { packRefused } from '../../errors';
import type { HistoryPack } from '../../queries/historyPack';
import { historyPackProblems } from '../../transfer/packSchema';
import { parseInput, requiredText } from '../validation';
import { toDb } from '../dates';
import type { TransferDeps } from './signingKeys';
import { laUrn } from './laIdentity';

const schema = z.object({
  jws: z.string().min(1, 'Paste the signed pack.').max(5_000_000),
  reason: requiredText('A reason'),
});

interface Verified {
  pack: HistoryPack;
  sendingLaCode: string;
  kid: string;
  jti: string;
  signedAt: Date;
}

/**
 * Checks a pack before anything is written: well-formed, signed with a key this LA trusts (registered from the
 * sending LA's JWKS) and belonging to the LA that claims to send it, unchanged since it was signed, for this LA,
 * not expired, and meeting the pack's schema. Each failure is its own typed refusal (PACK_REFUSED, reason).
 */
async function verifyPack(deps: TransferDeps, actor: Actor, jws: string, ownCode: string): Promise<Verified> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    throw packRefused('TAMPERED', 'This is not a signed pack (it cannot be read as a JWS).');
  }
  const trusted = kid
    ? await deps.prisma.trustedLaKey.findUnique({ where: { laId_kid: { laId: actor.laId, kid } } })
    : null;
  if (!trusted)
    throw packRefused(
      'UNKNOWN_KEY',
      `The pack is signed with a key your LA does not trust${kid ? ` (${kid})` : ''}: register the sending LA's public keys first.`,
      { kid: kid ?? null },
    );
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jws, await importJWK(trusted.publicJwk as never, 'EdDSA'), {
      algorithms: ['EdDSA'],
      issuer: laUrn(trusted.issuerLaCode),
      audience: laUrn(ownCode),
      currentDate: deps.clock.now(),
      requiredClaims: ['iat', 'exp', 'jti'],
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired)
      throw packRefused('EXPIRED', 'The pack has expired: ask the sending LA to sign it again.');
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud')
      throw packRefused('WRONG_AUDIENCE', 'The pack was signed for another LA, not yours.');
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'iss')
      throw packRefused(
        'UNKNOWN_KEY',
        `The pack's key belongs to LA ${trusted.issuerLaCode}, not to the LA that signed it.`,
      );
    throw packRefused('TAMPERED', 'The pack has been changed since it was signed (its signature does not match).');
  }
  const problems = historyPackProblems(payload.pack);
  if (problems.length)
    throw packRefused('SCHEMA_INVALID', 'The pack does not meet the AP history pack schema (v1).', {
      problems: problems.slice(0, 20),
    });
  const pack = payload.pack as HistoryPack;
  if (pack.producedBy.laCode !== trusted.issuerLaCode)
    throw packRefused(
      'SCHEMA_INVALID',
      `The pack says it was produced by LA ${pack.producedBy.laCode}, not the LA that signed it.`,
    );
  return {
    pack,
    sendingLaCode: trusted.issuerLaCode,
    kid: trusted.kid,
    jti: String(payload.jti),
    signedAt: new Date(Number(payload.iat) * 1000),
  };
}

/**
 * The receiving LA's side of a move: after verifyPack, in one transaction, the pupil is matched by UPN (or
 * created from the pack), becomes a pupil of this LA, and the sending LA's history is kept as it arrived, read-only
 * with its provenance (ReceivedHistory: the database refuses changes to it). A pupil this LA already holds, or a
 * pack already imported, is refused and nothing is written.
 */
export async function importTransferPack(
  deps: TransferDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<{ id: string; pupilId: string; [k: string]: string }> {
  authorise(actor, 'transfer.import');
  const f = parseInput(schema, input);
  const la = await deps.prisma.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } });
  const v = await verifyPack(deps, actor, f.jws.trim(), la.code);
  const p = v.pack.pupil;
  return once(deps.prisma, actor, clientKey, 'importTransferPack', { jti: v.jti }, async (tx) => {
    if (await tx.receivedHistory.findUnique({ where: { jti: v.jti }, select: { id: true } }))
      throw packRefused('ALREADY_HELD', 'This pack has already been imported.');
    await tx.$queryRaw`SELECT id FROM "Pupil" WHERE upn = ${p.upn} FOR UPDATE`;
    const existing = await tx.pupil.findUnique({ where: { upn: p.upn } });
    if (existing) {
      // Held: on this LA's record (its pupil, or placed by it) and not sent away since.
      const held = await tx.pupil.count({
        where: {
          id: existing.id,
          OR: [{ homeLaId: actor.laId }, { placements: { some: { laId: actor.laId } } }],
          NOT: { transfersOut: { some: { fromLaId: actor.laId, returnedAt: null } } },
        },
      });
      if (held) throw packRefused('ALREADY_HELD', 'Your LA already holds this pupil’s record (same UPN).');
    }
    const pupil = existing
      ? await tx.pupil.update({ where: { id: existing.id }, data: { homeLaId: actor.laId }, select: { id: true } })
      : await tx.pupil.create({
          data: {
            upn: p.upn,
            upnIsTemporary: p.upnIsTemporary,
            firstName: p.firstName,
            lastName: p.lastName,
            dateOfBirth: toDb(p.dateOfBirth),
            sex: p.sex as 'F' | 'M',
            ethnicityCode: p.ethnicityCode,
            senStatus: p.senStatus as 'NONE' | 'SEN_SUPPORT' | 'EHCP',
            lookedAfter: p.lookedAfter,
            socialCareStatus: p.socialCareStatus as 'NONE' | 'CHILD_IN_NEED' | 'CHILD_PROTECTION',
            fsmEligible: p.fsmEligible,
            homeLaId: actor.laId,
          },
          select: { id: true },
        });
    // A pupil coming back to an LA that sent them away: its earlier transfer out no longer stands.
    await tx.pupilTransferOut.updateMany({
      where: { pupilId: pupil.id, fromLaId: actor.laId, returnedAt: null },
      data: { returnedAt: deps.clock.now() },
    });
    const received = await tx.receivedHistory.create({
      data: {
        pupilId: pupil.id,
        laId: actor.laId,
        sendingLaCode: v.sendingLaCode,
        sendingLaName: v.pack.producedBy.laName,
        signerKid: v.kid,
        signedAt: v.signedAt,
        jti: v.jti,
        pack: v.pack as never,
        jws: f.jws.trim(),
        receivedBy: actor.userId,
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'TRANSFERRED_INTO_LA',
      occurredOn: toDb(deps.clock.today()),
      reason: f.reason,
      data: {
        fromLaCode: v.sendingLaCode,
        signerKid: v.kid,
        signedAt: v.signedAt.toISOString(),
        jti: v.jti,
        matchedByUpn: Boolean(existing),
      },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'transfer.import', 'PUPIL', [pupil.id, received.id]);
    return { id: received.id, pupilId: pupil.id };
  });
}
