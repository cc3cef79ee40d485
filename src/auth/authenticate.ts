import type { PrismaClient } from '../generated/prisma/client';
import { AppError } from '../errors';
import type { Actor } from './actor';
import { verifyToken, type TokenSettings } from './tokens';

export interface AuthenticatorOptions {
  settings: TokenSettings;
  prisma: PrismaClient;
  /** How long a user's standing is trusted before it is read again (at most a minute). */
  cacheMs: number;
  now?: () => number;
}

/** A token's claims must still describe an active user: role and organisation as recorded now. */
type Standing = { ok: boolean; until: number };

const MAX_CACHED_USERS = 10_000;

/**
 * Verifies a bearer token and checks it against the AppUser table, so deactivating a user (or moving
 * them to another role or organisation) takes effect within `cacheMs`, not when the token expires.
 */
export function createAuthenticator(opts: AuthenticatorOptions) {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, Standing>();

  async function standing(actor: Actor): Promise<boolean> {
    // What the token claims, compared as a whole with what the AppUser row records now (not an access
    // check: who may do what is src/access/permissions.ts).
    const standingOf = (s: { role: string; laId: string; schoolId?: string | null; providerId?: string | null }) =>
      `${s.role}|${s.laId}|${s.schoolId ?? ''}|${s.providerId ?? ''}`;
    const key = `${actor.userId}|${standingOf(actor)}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.ok;
    const user = await opts.prisma.appUser.findUnique({
      where: { id: actor.userId },
      select: { active: true, role: true, laId: true, schoolId: true, providerId: true },
    });
    const ok = Boolean(user?.active && standingOf(user) === standingOf(actor));
    if (cache.size >= MAX_CACHED_USERS) cache.delete(cache.keys().next().value as string);
    cache.delete(key);
    cache.set(key, { ok, until: now() + opts.cacheMs });
    return ok;
  }

  return async function authenticate(token: string): Promise<Actor> {
    const actor = await verifyToken(opts.settings, token);
    if (!(await standing(actor)))
      throw new AppError('UNAUTHENTICATED', 'Your account is not active. Ask your LA administrator.');
    return actor;
  };
}

export type Authenticate = ReturnType<typeof createAuthenticator>;
