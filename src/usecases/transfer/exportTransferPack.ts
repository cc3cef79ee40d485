import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SignJWT } from 'jose';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { once } from '../../record/idempotency';
import { appendPupilEvent } from '../../record/events';
import { writeOutbox } from '../../record/outbox';
import { audit } from '../../record/audit';
import { conflict, invalid } from '../../errors';
import { collectHistoryPack } from '../../queries/historyPack';
import { historyPackProblems } from '../../transfer/packSchema';
import { signingKeyFrom } from '../../transfer/signingKeys';
import { isoDate, parseInput, requiredText, uuid } from '../validation';
import { eventDateProblem, fromDb, toDb } from '../dates';
import { lockPupilInScope } from '../pupils/lockPupil';
import { lockPlacementInScope } from '../placements/lockPlacement';
import { closePlacement } from '../placements/closePlacement';
import type { TransferDeps } from './signingKeys';
import { keySecret, LA_CODE, laUrn } from './laIdentity';

/** How long a signed pack may wait before the receiving LA imports it, unless the sender says otherwise. */
export const DEFAULT_PACK_VALID_DAYS = 14;

const schema = z.object({
  pupilId: uuid,
  toLaCode: z.string().regex(LA_CODE, 'An LA code is three digits.'),
  /** The pupil's last day in this LA's provision: the open placement ends on it. */
  leftOn: isoDate,
  validForDays: z.number().int().min(1).max(90).nullish(),
  reason: requiredText('A reason'),
});

export interface ExportedPack {
  jws: string;
  kid: string;
  jti: string;
  expiresAt: string;
  closedPlacementIds: string[];
  [k: string]: string | string[];
}

/**
 * The sending LA's side of a move to another LA, in one transaction: every open placement of this LA for the pupil
 * is closed through the close-placement use case (destination MOVED_OUT_OF_LA: event, outbox, audit), the pupil's
 * AP history pack is collected after that (so it shows the destination), checked against its schema and signed
 * with the LA's current key (compact JWS: iss this LA, aud the receiving LA, iat/exp, kid, jti), and the transfer
 * out is recorded, which makes the pupil read-only to this LA (TRANSFERRED_OUT in src/access/permissions.ts).
 */
export async function exportTransferPack(
  deps: TransferDeps,
  actor: Actor,
  input: unknown,
  clientKey?: string | null,
): Promise<ExportedPack> {
  authorise(actor, 'transfer.export');
  const f = parseInput(schema, input);
  const secret = keySecret(deps);
  const cal = await deps.calendars.calendarFor(actor.laId);
  return once(deps.prisma, actor, clientKey, 'exportTransferPack', f, async (tx) => {
    const pupil = await lockPupilInScope(tx, actor, f.pupilId, 'transfer.export');
    const dp = eventDateProblem(deps.clock, 'leftOn', f.leftOn, fromDb(pupil.dateOfBirth));
    if (dp) throw invalid([dp]);
    const la = await tx.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } });
    if (f.toLaCode === la.code)
      throw invalid([{ field: 'toLaCode', message: 'The receiving LA must be another LA than yours.' }]);
    const key = await tx.laSigningKey.findFirst({ where: { laId: actor.laId, retiredAt: null } });
    if (!key) throw conflict('Your LA has no transfer signing key yet: create one first (createTransferSigningKey).');

    const open = await tx.placement.findMany({
      where: { pupilId: pupil.id, laId: actor.laId, status: 'OPEN' },
      select: { id: true },
      orderBy: { startDate: 'asc' },
    });
    for (const { id } of open) {
      const p = await lockPlacementInScope(tx, actor, id, { mustBeOpen: true });
      await closePlacement(
        tx,
        actor,
        cal,
        p,
        {
          endDate: f.leftOn,
          destination: 'MOVED_OUT_OF_LA',
          destinationDetail: `Moved to LA ${f.toLaCode}`,
          reason: f.reason,
        },
        deps.clock,
      );
    }

    const signedAt = deps.clock.now();
    const pack = await collectHistoryPack(tx, pupil.id, actor.laId, signedAt);
    // Our own output must meet the schema we publish: a failure here is a defect, not the caller's input.
    const problems = historyPackProblems(pack);
    if (problems.length) throw new Error(`history pack fails its schema: ${JSON.stringify(problems.slice(0, 3))}`);
    const iat = Math.floor(signedAt.getTime() / 1000);
    const exp = iat + (f.validForDays ?? DEFAULT_PACK_VALID_DAYS) * 86_400;
    const jti = randomUUID();
    const jws = await new SignJWT({ pack } as unknown as Record<string, unknown>)
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'ap-history-pack+jwt' })
      .setIssuer(laUrn(la.code))
      .setAudience(laUrn(f.toLaCode))
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(await signingKeyFrom(secret, key.kid, key.encryptedPrivateKey));

    const out = await tx.pupilTransferOut.create({
      data: {
        pupilId: pupil.id,
        fromLaId: actor.laId,
        toLaCode: f.toLaCode,
        kid: key.kid,
        jti,
        signedAt,
        expiresAt: new Date(exp * 1000),
        closedPlacementId: open[open.length - 1]?.id ?? null,
        createdBy: actor.userId,
      },
      select: { id: true },
    });
    await appendPupilEvent(tx, actor, {
      pupilId: pupil.id,
      type: 'TRANSFERRED_OUT_OF_LA',
      occurredOn: toDb(f.leftOn),
      reason: f.reason,
      data: { toLaCode: f.toLaCode, kid: key.kid, jti, closedPlacementIds: open.map((o) => o.id) },
    });
    await writeOutbox(tx, 'pupil.changed', 'PUPIL', pupil.id, actor.laId);
    await audit(tx, actor, 'transfer.export', 'PUPIL', [pupil.id, out.id]);
    return {
      jws,
      kid: key.kid,
      jti,
      expiresAt: new Date(exp * 1000).toISOString(),
      closedPlacementIds: open.map((o) => o.id),
    };
  });
}
