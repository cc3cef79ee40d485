import type { Request, Response, NextFunction } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { actorOfRequest } from './authentication';
import { sendTypedError } from './typedError';

const WINDOW_SECONDS = 60;

/**
 * A fixed one-minute window per user (per IP address without a token), counted in Redis so every API
 * process shares it. Over the limit: 429 TOO_MANY_REQUESTS with Retry-After. While Redis is
 * unreachable requests pass (readiness reports the outage) rather than locking every user out.
 */
export function rateLimit(redis: Redis, opts: { perMinute: number; prefix: string; log: Logger }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (opts.perMinute <= 0) {
      next();
      return;
    }
    const actor = actorOfRequest(res);
    const who = actor ? `u:${actor.userId}` : `ip:${req.ip ?? 'unknown'}`;
    const window = Math.floor(Date.now() / 1000 / WINDOW_SECONDS);
    const key = `${opts.prefix}:ratelimit:${who}:${window}`;
    let count: number;
    try {
      const [[, n]] = (await redis
        .multi()
        .incr(key)
        .expire(key, WINDOW_SECONDS * 2)
        .exec()) as [[Error | null, number]];
      count = n;
    } catch (err) {
      opts.log.warn({ err: (err as Error).message }, 'rate limit not applied: Redis unavailable');
      next();
      return;
    }
    res.setHeader('RateLimit-Limit', String(opts.perMinute));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, opts.perMinute - count)));
    if (count > opts.perMinute) {
      const retry = WINDOW_SECONDS - (Math.floor(Date.now() / 1000) % WINDOW_SECONDS);
      res.setHeader('Retry-After', String(retry));
      sendTypedError(
        res,
        429,
        'TOO_MANY_REQUESTS',
        `Too many requests: at most ${opts.perMinute} a minute. Try again in ${retry} seconds.`,
        { retryAfterSeconds: retry },
      );
      return;
    }
    next();
  };
}
