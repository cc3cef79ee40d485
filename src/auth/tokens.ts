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

export async function verifyToken(s: TokenSettings, token: string): Promise<Actor> {
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
  return { userId: c.sub, role: c.role, laId: c.la, schoolId: c.school, providerId: c.provider };
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
