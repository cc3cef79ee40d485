import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import type { Config } from '../../config';
import type { Logger } from '../../logger';

declare module 'express-session' {
  interface SessionData {
    /** AppUser.id of the signed-in user; the actor is rebuilt from that row on every request. */
    userId?: string;
    csrfToken?: string;
    /** OpenID Connect round trip in progress (state, nonce, PKCE verifier). */
    oidc?: { state: string; nonce: string; codeVerifier: string };
    returnTo?: string;
  }
}

export const SESSION_COOKIE = 'ap.sid';

/**
 * Sessions in Redis (the same Redis as the queues, under the queue prefix so test runs never
 * share keys). The cookie is HttpOnly and SameSite=Lax; Secure whenever the request came over TLS
 * (directly or, with TRUST_PROXY, through a proxy). rolling + maxAge make the 30-minute timeout an
 * idle timeout: every request pushes the cookie's expiry and the Redis key's TTL forward.
 */
export async function setUpWebSession(
  config: Config,
  log: Logger,
): Promise<{ router: Router; close(): Promise<void> }> {
  const client = createClient({ url: config.REDIS_URL });
  client.on('error', (err: Error) => log.warn({ err: err.message }, 'session store: redis connection problem'));
  // Not awaited: with Redis down the API must still start and answer (/readyz says 503 and names Redis);
  // node-redis keeps retrying, and session reads wait for it meanwhile.
  client.connect().catch((err: Error) => log.warn({ err: err.message }, 'session store: could not connect to redis'));
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  // No secret lives in the source: without SESSION_SECRET each process signs with a random one, so
  // sessions end when it restarts and are not shared between instances (said loudly in production).
  let secret = config.SESSION_SECRET;
  if (!secret) {
    if (config.NODE_ENV === 'production')
      log.warn(
        'SESSION_SECRET is not set: using a random one for this process (web sessions end when it restarts and are not shared between instances)',
      );
    secret = randomBytes(32).toString('hex');
  }
  const router = Router();
  router.use(
    session({
      name: SESSION_COOKIE,
      store: new RedisStore({ client, prefix: `${config.QUEUE_PREFIX}:sess:` }),
      secret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: config.TRUST_PROXY ? true : undefined,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: idleMs },
    }),
  );
  return {
    router,
    close: async () => {
      // quit() waits for a connection that may never come; destroy() ends it at once when Redis is gone.
      if (client.isReady) await client.quit().catch(() => undefined);
      else client.destroy();
    },
  };
}
