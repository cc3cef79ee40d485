import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi, TEST_JWT, type TestApi } from '../support/api';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { COMMISSION, REVIEW, placementInput } from '../support/movements';
import { settableClock } from '../../src/time/clock';
import { signingKeyFrom } from '../../src/transfer/signingKeys';
import type { PrismaClient } from '../../src/generated/prisma/client';

/**
 * Issue 16 item 6: a pupil moves from LA 373 to LA 372. Two API instances on two databases (two installations),
 * talking only HTTP: 373 publishes its JWKS, 372 registers it, 373 exports the signed pack (closing the open
 * placement), 372 imports it. Every refusal is typed and writes nothing. Then the same move within one
 * installation, where both LAs' records sit side by side and neither may edit the other's.
 */

const KEY = `mutation { createTransferSigningKey { kid } }`;
const TRUST = `mutation($input: TrustLaKeysInput!) { trustLaKeys(input: $input) { added alreadyTrusted } }`;
const EXPORT = `mutation($input: ExportTransferPackInput!, $key: String) { exportTransferPack(input: $input, clientKey: $key) {
  jws kid jti expiresAt closedPlacements { id status endDate destination } } }`;
const IMPORT = `mutation($input: ImportTransferPackInput!) { importTransferPack(input: $input) {
  pupil { id upn homeLocalAuthority { code } receivedHistories { sendingLaCode sendingLaName signerKid signedAt } }
  receivedHistory { id sendingLaCode signerKid signedAt } } }`;
const CHANGE = `mutation($input: ChangeCharacteristicsInput!) { changePupilCharacteristics(input: $input) { id } }`;
const PACK = `query($id: UUID!) { pupilHistoryPack(pupilId: $id) { pack } }`;
const CORRECT = `mutation($input: CorrectEventInput!) { correctEvent(input: $input) { id type correctsEventId } }`;

const iss = (code: string) => `urn:ap-movement-tracker:la:${code}`;

interface Installation {
  db: TestDatabase;
  world: World;
  api: TestApi;
}

async function install(clock?: ReturnType<typeof settableClock>): Promise<Installation> {
  const db = await createTestDatabase();
  const world = await buildWorld(db);
  const api = await startTestApi(db, {}, clock ? { clock } : {});
  return { db, world, api };
}

/** Every table's row count: a refusal must leave all of them as they were. */
async function rowCounts(prisma: PrismaClient): Promise<Record<string, number>> {
  const tables = await prisma.$queryRaw<{ t: string }[]>`
    SELECT table_name AS t FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
       AND table_name NOT IN ('_prisma_migrations', 'ReportRollupChange') ORDER BY 1`;
  const rows = await prisma.$queryRawUnsafe<{ t: string; n: number }[]>(
    tables.map(({ t }) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

async function gqlOk(api: TestApi, token: string, query: string, variables: Record<string, unknown> = {}) {
  const r = await api.gql(token, query, variables);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as any;
}

/** A pupil of LA 373 in an open placement at its PRU, with a review. */
async function placedPupil(a: Installation) {
  const pupil = await addPupil(a.world.prisma, { firstName: 'Alex' });
  const placement = (
    await gqlOk(a.api, a.world.tokens.laOfficer, COMMISSION, {
      input: placementInput(pupil.id, { startDate: '2025-09-08', plannedEndDate: '2026-07-17' }),
    })
  ).commissionPlacement;
  await gqlOk(a.api, a.world.tokens.laOfficer, REVIEW, {
    input: { placementId: placement.id, reviewDate: '2025-10-17', outcome: 'CONTINUE', notes: 'Going well' },
  });
  return { pupil, placementId: placement.id as string };
}

const exportInput = (pupilId: string, toLaCode = '372') => ({
  pupilId,
  toLaCode,
  leftOn: '2026-03-27',
  reason: 'Family moved to Rotherham',
});

describe('transfer between two installations, over HTTP', () => {
  let a: Installation;
  let b: Installation;
  const clockB = settableClock(new Date());
  beforeAll(async () => {
    a = await install();
    b = await install(clockB);
  });
  afterAll(async () => {
    for (const i of [a, b]) {
      await i?.api.close();
      await i?.world.close();
      await i?.db.drop();
    }
  });

  it('moves a pupil from LA 373 to LA 372 with the JWKS exchange, refusing every bad pack without writing', async () => {
    // 373 makes a signing key and publishes it; 372 fetches the JWKS over HTTP and trusts it.
    const { kid } = (await gqlOk(a.api, a.world.tokens.laOfficer, KEY)).createTransferSigningKey;
    const jwksRes = await fetch(`${a.api.url}/transfer/jwks/373`);
    expect(jwksRes.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    const jwks = await jwksRes.json();
    expect(jwks).toEqual({
      keys: [{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid, alg: 'EdDSA', use: 'sig' }],
    });
    expect((await fetch(`${a.api.url}/transfer/jwks/999`)).status).toBe(404);
    expect(
      (await gqlOk(b.api, b.world.tokens.laOfficerB, TRUST, { input: { laCode: '373', jwks } })).trustLaKeys,
    ).toEqual({
      added: [kid],
      alreadyTrusted: [],
    });

    // 373 exports: its open placement closes (moved out of the LA) in the same transaction.
    const { pupil, placementId } = await placedPupil(a);
    const sent = (await gqlOk(a.api, a.world.tokens.laOfficer, EXPORT, { input: exportInput(pupil.id), key: 'move-1' }))
      .exportTransferPack;
    expect(sent.closedPlacements).toEqual([
      { id: placementId, status: 'ENDED', endDate: '2026-03-27', destination: 'MOVED_OUT_OF_LA' },
    ]);
    expect(decodeProtectedHeader(sent.jws)).toEqual({ alg: 'EdDSA', kid, typ: 'ap-history-pack+jwt' });
    const claims = JSON.parse(Buffer.from(sent.jws.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: iss('373'), aud: iss('372'), jti: sent.jti });
    expect(claims.exp - claims.iat).toBe(14 * 86_400);
    const events = await a.world.prisma.pupilEvent.findMany({ where: { pupilId: pupil.id }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.type).slice(-2)).toEqual(['PLACEMENT_ENDED', 'TRANSFERRED_OUT_OF_LA']);
    expect(events.at(-1)).toMatchObject({ actorId: IDS.users.laOfficer, reason: 'Family moved to Rotherham' });
    const audits = await a.world.prisma.auditEvent.findMany({
      where: { subjectIds: { has: pupil.id }, operation: { in: ['placement.end', 'transfer.export'] } },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((x) => x.operation)).toEqual(['placement.end', 'transfer.export']);
    expect(
      await a.world.prisma.outboxEvent.count({ where: { aggregateId: { in: [pupil.id, placementId] } } }),
    ).toBeGreaterThanOrEqual(3);
    // The same request again (same client key) answers the same pack; no second transfer.
    const again = (
      await gqlOk(a.api, a.world.tokens.laOfficer, EXPORT, { input: exportInput(pupil.id), key: 'move-1' })
    ).exportTransferPack;
    expect(again.jti).toBe(sent.jti);
    expect(await a.world.prisma.pupilTransferOut.count({ where: { pupilId: pupil.id } })).toBe(1);
    // Sent away: 373 still reads the pupil, but may no longer change them.
    expect(
      (await a.api.gql(a.world.tokens.laOfficer, `query($id: UUID!) { pupil(id: $id) { id } }`, { id: pupil.id })).data
        ?.pupil?.id,
    ).toBe(pupil.id);
    const change = await a.api.gql(a.world.tokens.laOfficer, CHANGE, {
      input: { pupilId: pupil.id, effectiveOn: '2026-03-01', fsmEligible: true, reason: 'r' },
    });
    expect(change.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const recommission = await a.api.gql(a.world.tokens.laOfficer, COMMISSION, {
      input: placementInput(pupil.id, { startDate: '2026-04-13', plannedEndDate: '2026-07-17' }),
    });
    expect(recommission.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // 372's refusals: each typed, none writes anything.
    const [h, , sig] = sent.jws.split('.');
    const signWith = async (key: Parameters<SignJWT['sign']>[0], kidUsed: string, body: Record<string, unknown>) =>
      new SignJWT(body)
        .setProtectedHeader({ alg: 'EdDSA', kid: kidUsed, typ: 'ap-history-pack+jwt' })
        .setIssuer(iss('373'))
        .setAudience(iss('372'))
        .setIssuedAt()
        .setExpirationTime('7d')
        .setJti(randomUUID())
        .sign(key);
    const aKeyRow = await a.world.prisma.laSigningKey.findFirstOrThrow({ where: { kid } });
    // The installation's secret (tests: the JWT secret) decrypts 373's key: what 373 itself would sign.
    const aKey = await signingKeyFrom(TEST_JWT.secret, kid, aKeyRow.encryptedPrivateKey);
    const stranger = await generateKeyPair('Ed25519');
    const tamperedClaims = { ...claims, pack: { ...claims.pack, pupil: { ...claims.pack.pupil, lastName: 'Other' } } };
    const noUpn = { ...claims.pack, pupil: { ...claims.pack.pupil } };
    delete noUpn.pupil.upn;
    const sentElsewhere = (
      await gqlOk(a.api, a.world.tokens.laOfficer, EXPORT, {
        input: exportInput((await placedPupil(a)).pupil.id, '371'),
      })
    ).exportTransferPack.jws;

    const refusals: [string, () => Promise<string>, string][] = [
      [
        'TAMPERED',
        async () => [h, Buffer.from(JSON.stringify(tamperedClaims)).toString('base64url'), sig].join('.'),
        'a changed name',
      ],
      ['TAMPERED', async () => 'not.a.pack', 'not a JWS'],
      [
        'UNKNOWN_KEY',
        () => signWith(stranger.privateKey, '373-not-registered', { pack: claims.pack }),
        'a key 372 never registered',
      ],
      ['WRONG_AUDIENCE', async () => sentElsewhere, 'a pack signed for LA 371'],
      ['SCHEMA_INVALID', () => signWith(aKey, kid, { pack: noUpn }), 'a pack without the pupil’s UPN'],
      [
        'SCHEMA_INVALID',
        () => signWith(aKey, kid, { pack: { ...claims.pack, producedBy: { laCode: '371', laName: 'x' } } }),
        'a pack naming another producer',
      ],
    ];
    for (const [reason, make, why] of refusals) {
      const before = await rowCounts(b.world.prisma);
      const r = await b.api.gql(b.world.tokens.laOfficerB, IMPORT, {
        input: { jws: await make(), reason: 'Moved in' },
      });
      expect(r.errors?.[0]?.extensions, why).toMatchObject({ code: 'PACK_REFUSED', reason });
      expect(r.errors?.[0]?.message, why).toMatch(/Nothing was saved\.$/);
      expect(await rowCounts(b.world.prisma), `${why} wrote rows`).toEqual(before);
    }
    // Expired: the same genuine pack, fifteen days on at 372.
    clockB.set(new Date(Date.now() + 15 * 86_400_000));
    const beforeExpired = await rowCounts(b.world.prisma);
    const expired = await b.api.gql(b.world.tokens.laOfficerB, IMPORT, {
      input: { jws: sent.jws, reason: 'Moved in' },
    });
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'PACK_REFUSED', reason: 'EXPIRED' });
    expect(await rowCounts(b.world.prisma)).toEqual(beforeExpired);
    clockB.set(new Date());
    // Only an LA officer imports.
    expect(
      (await b.api.gql(b.world.tokens.secondaryStaff, IMPORT, { input: { jws: sent.jws, reason: 'r' } })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');

    // The genuine pack: the pupil is created at 372 with the history, read-only, with its provenance.
    const before = await rowCounts(b.world.prisma);
    const got = (
      await gqlOk(b.api, b.world.tokens.laOfficerB, IMPORT, { input: { jws: sent.jws, reason: 'Moved in' } })
    ).importTransferPack;
    const signedAt = new Date(claims.iat * 1000).toISOString();
    expect(got.pupil).toEqual({
      id: expect.any(String),
      upn: pupil.upn,
      homeLocalAuthority: { code: '372' },
      receivedHistories: [{ sendingLaCode: '373', sendingLaName: 'Sheffield (test)', signerKid: kid, signedAt }],
    });
    const after = await rowCounts(b.world.prisma);
    const changed = Object.fromEntries(
      Object.keys(after)
        .filter((t) => after[t] !== before[t])
        .map((t) => [t, after[t]! - before[t]!]),
    );
    expect(changed).toEqual({ Pupil: 1, ReceivedHistory: 1, PupilEvent: 1, OutboxEvent: 1, AuditEvent: 2 });
    const audit = await b.world.prisma.auditEvent.findMany({ where: { subjectIds: { has: got.pupil.id } } });
    expect(audit.map((x) => x.operation).sort()).toEqual(['pupil.read', 'transfer.import']);
    const arrived = await b.world.prisma.pupilEvent.findFirstOrThrow({ where: { pupilId: got.pupil.id } });
    expect(arrived).toMatchObject({ type: 'TRANSFERRED_INTO_LA', actorId: IDS.users.laOfficerB, reason: 'Moved in' });
    expect(arrived.data).toMatchObject({ fromLaCode: '373', signerKid: kid, jti: sent.jti, matchedByUpn: false });
    // The history as 373 signed it: its placement closed with the move, its review.
    const held = await b.world.prisma.receivedHistory.findFirstOrThrow({ where: { pupilId: got.pupil.id } });
    expect(held.pack).toEqual(claims.pack);
    expect((held.pack as any).placements[0]).toMatchObject({
      ref: placementId,
      destination: 'MOVED_OUT_OF_LA',
      destinationDetail: 'Moved to LA 372',
      endDate: '2026-03-27',
      reviews: [{ reviewDate: '2025-10-17', outcome: 'CONTINUE', newPlannedEndDate: null, notes: 'Going well' }],
    });
    // 372's own pack of the pupil carries 373's history forward with its provenance.
    const packB = (await gqlOk(b.api, b.world.tokens.laOfficerB, PACK, { id: got.pupil.id })).pupilHistoryPack.pack;
    expect(packB.placements).toEqual([]);
    expect(packB.earlierHistories).toEqual([
      {
        sendingLaCode: '373',
        sendingLaName: 'Sheffield (test)',
        signerKid: kid,
        signedAt,
        receivedAt: expect.any(String),
        pack: claims.pack,
      },
    ]);

    // Read-only in the database too: neither the API's role nor the owner may change or delete it.
    const app = new pg.Client({ connectionString: b.db.appUrl });
    await app.connect();
    await expect(app.query(`UPDATE "ReceivedHistory" SET "sendingLaName" = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`DELETE FROM "ReceivedHistory"`)).rejects.toThrow(/permission denied/);
    await app.end();
    await expect(
      b.world.prisma.$executeRawUnsafe(`UPDATE "ReceivedHistory" SET "sendingLaName" = 'x'`),
    ).rejects.toThrow(/read-only/);

    // Already held: the same pack again, or another pack for the same UPN.
    for (const jws of [sent.jws, await signWith(aKey, kid, { pack: claims.pack })]) {
      const beforeHeld = await rowCounts(b.world.prisma);
      const r = await b.api.gql(b.world.tokens.laOfficerB, IMPORT, { input: { jws, reason: 'Moved in' } });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'PACK_REFUSED', reason: 'ALREADY_HELD' });
      expect(await rowCounts(b.world.prisma)).toEqual(beforeHeld);
    }
    // 372 now holds the pupil and records their changes.
    await gqlOk(b.api, b.world.tokens.laOfficerB, CHANGE, {
      input: { pupilId: got.pupil.id, effectiveOn: '2026-04-01', fsmEligible: true, reason: 'Newly eligible' },
    });
  });
});

describe('transfer within one installation', () => {
  let a: Installation;
  beforeAll(async () => {
    a = await install();
  });
  afterAll(async () => {
    await a?.api.close();
    await a?.world.close();
    await a?.db.drop();
  });

  it('matches the pupil by UPN; afterwards neither LA may edit the other’s records', async () => {
    const t = a.world.tokens;
    const { kid } = (await gqlOk(a.api, t.laOfficer, KEY)).createTransferSigningKey;
    const jwks = await (await fetch(`${a.api.url}/transfer/jwks/373`)).json();
    await gqlOk(a.api, t.laOfficerB, TRUST, { input: { laCode: '373', jwks } });
    const { pupil, placementId } = await placedPupil(a);
    const { jws } = (await gqlOk(a.api, t.laOfficer, EXPORT, { input: exportInput(pupil.id) })).exportTransferPack;
    const got = (await gqlOk(a.api, t.laOfficerB, IMPORT, { input: { jws, reason: 'Moved in' } })).importTransferPack;
    // The same pupil row, now of LA 372, with 373's history attached read-only.
    expect(got.pupil).toMatchObject({ id: pupil.id, homeLocalAuthority: { code: '372' } });
    expect(got.receivedHistory).toMatchObject({ sendingLaCode: '373', signerKid: kid });
    expect(
      (await a.world.prisma.pupilEvent.findFirstOrThrow({ where: { pupilId: pupil.id, type: 'TRANSFERRED_INTO_LA' } }))
        .data,
    ).toMatchObject({ matchedByUpn: true });

    // 372 may change the pupil; 373 may not.
    await gqlOk(a.api, t.laOfficerB, CHANGE, {
      input: { pupilId: pupil.id, effectiveOn: '2026-04-01', fsmEligible: true, reason: 'Newly eligible' },
    });
    const by373 = await a.api.gql(t.laOfficer, CHANGE, {
      input: { pupilId: pupil.id, effectiveOn: '2026-04-02', lookedAfter: true, reason: 'r' },
    });
    expect(by373.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // 373's placement stays 373's: 372 cannot review it; 373 still reads it but cannot record on it.
    const review = (token: string) =>
      a.api.gql(token, REVIEW, {
        input: { placementId, reviewDate: '2026-03-20', outcome: 'CONTINUE', notes: 'late note' },
      });
    expect((await review(t.laOfficerB)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await review(t.laOfficer)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(
      (await a.api.gql(t.laOfficer, `query($id: UUID!) { placement(id: $id) { id destination } }`, { id: placementId }))
        .data?.placement,
    ).toEqual({ id: placementId, destination: 'MOVED_OUT_OF_LA' });
    // Timeline corrections follow the same line: 372 cannot correct what 373 recorded (373's placement
    // started), 373 can no longer correct it either (the pupil is read-only to it), and 372 corrects its own.
    const started = await a.world.prisma.pupilEvent.findFirstOrThrow({
      where: { pupilId: pupil.id, type: 'PLACEMENT_STARTED', placementId },
    });
    const arrived = await a.world.prisma.pupilEvent.findFirstOrThrow({
      where: { pupilId: pupil.id, type: 'TRANSFERRED_INTO_LA' },
    });
    const correct = (token: string, eventId: string, correction: Record<string, unknown>) =>
      a.api.gql(token, CORRECT, { input: { eventId, correction, reason: 'Wrong on the form' } });
    const before = await rowCounts(a.world.prisma);
    const by372 = await correct(t.laOfficerB, started.id, { startDate: '2025-09-09' });
    expect(by372.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const own373 = await correct(t.laOfficer, started.id, { startDate: '2025-09-09' });
    expect(own373.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await rowCounts(a.world.prisma)).toEqual(before);
    const fixed = (
      await gqlOk(a.api, t.laOfficerB, CORRECT, {
        input: { eventId: arrived.id, correction: { note: 'Arrived from Sheffield' }, reason: 'Fuller note' },
      })
    ).correctEvent;
    expect(fixed).toMatchObject({ type: 'CORRECTION', correctsEventId: arrived.id });

    // The history 372 received cannot be changed by anyone, in the database.
    await expect(a.world.prisma.$executeRawUnsafe(`DELETE FROM "ReceivedHistory"`)).rejects.toThrow(/read-only/);
  });
});
