import { createHash } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors';
import { ROLE_ORGANISATION } from '../access/permissions';
import type { Actor } from './actor';

// One algorithm, pinned: a token signed any other way (including "none") is refused.
const ALGORITHM = 'HS256';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
}

const claimsSchema = z.object({
  sub: z.string().uuid(),
  role: z.enum(['LA_OFFICER', 'PANEL_MEMBER', 'SCHOOL_STAFF', 'PROVIDER_STAFF', 'ANALYST']),
  la: z.string().uuid(),
  school: z.string().uuid().optional(),
  provider: z.string().uuid().optional(),
});

const key = (s: TokenSettings) => new TextEncoder().encode(s.secret);

export async function issueToken(s: TokenSettings, actor: Actor, ttl: string | number = '8h'): Promise<string> {
  return new SignJWT({
    role: actor.role,
    la: actor.laId,
    ...(actor.schoolId ? { school: actor.schoolId } : {}),
    ...(actor.providerId ? { provider: actor.providerId } : {}),
  })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(actor.userId)
    .setIssuer(s.issuer)
    .setAudience(s.audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key(s));
}

/**
 * Tokens already verified (issue 18: jose's signature check was 4.5% of the API's CPU, every request): by a digest
 * of the settings and the token, so another secret, issuer or audience, or any change to the token, misses. An
 * entry is used only while the token has not expired (jose's rule: refused once now >= exp, in whole seconds) and
 * is then dropped, so the refusal comes from jose with its own message. Only a token that passed every check is
 * kept; what the checks conclude depends on the token, the settings and the time alone. Bounded: the oldest
 * entry goes first.
 */
const MAX_VERIFIED_TOKENS = 10_000;
const verified = new Map<string, { actor: Readonly<Actor>; exp: number }>();
const digest = (s: TokenSettings, token: string) =>
  createHash('sha256').update(`${s.secret}\0${s.issuer}\0${s.audience}\0${token}`).digest('base64');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The cache's size and a way to empty it (tests, and a secret rotated in-process). */
export const verifiedTokens = { size: () => verified.size, clear: () => verified.clear() };

export async function verifyToken(s: TokenSettings, token: string): Promise<Actor> {
  const key = digest(s, token);
  const hit = verified.get(key);
  if (hit && nowSeconds() < hit.exp) return { ...hit.actor };
  if (hit) verified.delete(key);
  const { actor, exp } = await verifyUncached(s, token);
  if (nowSeconds() < exp) {
    if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(key, { actor: Object.freeze({ ...actor }), exp });
  }
  return actor;
}

async function verifyUncached(s: TokenSettings, token: string): Promise<{ actor: Actor; exp: number }> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key(s), {
      algorithms: [ALGORITHM],
      issuer: s.issuer,
      audience: s.audience,
      requiredClaims: ['exp', 'sub', 'iat'],
    }));
  } catch (err) {
    const why =
      err instanceof joseErrors.JWTExpired ? 'Your access token has expired. Please sign in again.' : undefined;
    throw new AppError('UNAUTHENTICATED', why);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new AppError('UNAUTHENTICATED');
  const c = claims.data;
  // The organisation claim must match the role, so a token cannot widen its own scope.
  const org = ROLE_ORGANISATION[c.role];
  if ((org === 'school') !== Boolean(c.school) || (org === 'provider') !== Boolean(c.provider)) {
    throw new AppError('UNAUTHENTICATED');
  }
  const exp = (payload as { exp: number }).exp;
  return { actor: { userId: c.sub, role: c.role, laId: c.la, schoolId: c.school, providerId: c.provider }, exp };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
