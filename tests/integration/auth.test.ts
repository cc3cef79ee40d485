import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { TEST_JWT } from '../support/api';
import { addPupil, IDS, tokenFor } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';

const ME = '{ me { userId role localAuthority { code } } }';

async function signed(opts: {
  alg?: string;
  key?: Parameters<SignJWT['sign']>[0];
  iss?: string;
  aud?: string;
  exp?: number | string;
  claims?: Record<string, unknown>;
}) {
  const jwt = new SignJWT({ role: 'LA_OFFICER', la: IDS.laA, ...opts.claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setSubject(IDS.users.laOfficer)
    .setIssuer(opts.iss ?? TEST_JWT.issuer)
    .setAudience(opts.aud ?? TEST_JWT.audience)
    .setIssuedAt();
  jwt.setExpirationTime(opts.exp ?? '1h');
  return jwt.sign(opts.key ?? new TextEncoder().encode(TEST_JWT.secret));
}

describe('identity: signed bearer tokens', () => {
  const ctx = useApiWorld();

  it('accepts a valid token and reports who is calling', async () => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, ME);
    expect(r.errors).toBeUndefined();
    expect(r.data?.me).toEqual({ userId: IDS.users.laOfficer, role: 'LA_OFFICER', localAuthority: { code: '373' } });
  });

  it('answers UNAUTHENTICATED without a token', async () => {
    const r = await ctx.api.gql(null, ME);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  const refused: [string, () => Promise<string>][] = [
    [
      'signed with another HMAC algorithm (HS512)',
      () => signed({ alg: 'HS512', key: new TextEncoder().encode(TEST_JWT.secret) }),
    ],
    [
      'signed with an asymmetric algorithm (RS256)',
      async () => signed({ alg: 'RS256', key: (await generateKeyPair('RS256')).privateKey }),
    ],
    [
      'unsigned (alg none)',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: IDS.users.laOfficer, role: 'LA_OFFICER', la: IDS.laA, iss: TEST_JWT.issuer, aud: TEST_JWT.audience, iat: now, exp: now + 3600 })}.`;
      },
    ],
    ['from another issuer', () => signed({ iss: 'someone-else' })],
    ['for another audience', () => signed({ aud: 'another-api' })],
    ['expired', () => signed({ exp: Math.floor(Date.now() / 1000) - 60 })],
    [
      'signed with the wrong secret',
      () => signed({ key: new TextEncoder().encode('a-completely-different-secret-0123456789') }),
    ],
    ['claiming school staff without a school', () => signed({ claims: { role: 'SCHOOL_STAFF' } })],
  ];
  it.each(refused)('refuses a token %s', async (_label, make) => {
    const r = await ctx.api.gql(await make(), ME);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('tells the caller when the token expired', async () => {
    const r = await ctx.api.gql(await tokenFor('laOfficer', -10), ME);
    expect(r.errors?.[0]?.message).toMatch(/expired/);
  });
});

describe('access scope: outside your scope answers exactly like not found', () => {
  const ctx = useApiWorld();
  let pupilB: string;
  let pupilA: string;
  beforeAll(async () => {
    pupilB = (await addPupil(ctx.world.prisma, { laId: IDS.laB, schoolId: IDS.secondaryB })).id;
    pupilA = (await addPupil(ctx.world.prisma, { schoolId: IDS.secondaryA })).id;
  });

  const PUPIL = 'query($id: UUID!) { pupil(id: $id) { id upn } }';

  it("an LA officer cannot see another LA's pupil: the answer matches a pupil that does not exist", async () => {
    const other = await ctx.api.gql(ctx.world.tokens.laOfficer, PUPIL, { id: pupilB });
    const missing = await ctx.api.gql(ctx.world.tokens.laOfficer, PUPIL, {
      id: '00000000-0000-4000-8000-00000000dead',
    });
    expect(other).toEqual(missing);
    expect(other.data).toEqual({ pupil: null });
    const own = await ctx.api.gql(ctx.world.tokens.laOfficerB, PUPIL, { id: pupilB });
    expect(own.data?.pupil?.id).toBe(pupilB);
  });

  it.each([
    ['laOfficer', true],
    ['secondaryStaff', true], // on their roll
    ['academyStaff', false],
    ['pruStaff', false], // not placed with them
    ['panel', false],
    ['analyst', false], // aggregates only
    ['laOfficerB', false],
  ] as const)('%s sees the LA 373 pupil on Hillside’s roll: %s', async (who, visible) => {
    const r = await ctx.api.gql(ctx.world.tokens[who], PUPIL, { id: pupilA });
    expect(r.errors).toBeUndefined();
    expect(Boolean(r.data?.pupil)).toBe(visible);
  });

  it('audits every read of an individual pupil, found or not', async () => {
    const before = await ctx.world.prisma.auditEvent.count({ where: { operation: 'pupil.read' } });
    await ctx.api.gql(ctx.world.tokens.laOfficer, PUPIL, { id: pupilA });
    await ctx.api.gql(ctx.world.tokens.academyStaff, PUPIL, { id: pupilA });
    const rows = await ctx.world.prisma.auditEvent.findMany({
      where: { operation: 'pupil.read' },
      orderBy: { id: 'asc' },
      skip: before,
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      actorId: IDS.users.laOfficer,
      actorRole: 'LA_OFFICER',
      actorOrgId: IDS.laA,
      subjectType: 'PUPIL',
      subjectIds: [pupilA],
    });
    expect(rows[1]).toMatchObject({
      actorId: IDS.users.academyStaff,
      actorRole: 'SCHOOL_STAFF',
      actorOrgId: IDS.academyA,
      subjectIds: [],
    });
  });
});
