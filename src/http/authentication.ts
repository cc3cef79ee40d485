import type { Request, Response, NextFunction } from 'express';
import { bearerToken } from '../auth/tokens';
import type { Authenticate } from '../auth/authenticate';
import type { Actor } from '../auth/actor';
import { AppError } from '../errors';
import { sendTypedError } from './typedError';

/**
 * Resolves the caller once per request, before GraphQL or a page route runs: no bearer token leaves
 * res.locals.actor null (each field then decides); a token that is malformed, forged, expired or for
 * a deactivated user is answered 401 UNAUTHENTICATED here, never a 500.
 */
export function authentication(authenticate: Authenticate) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header) {
      res.locals.actor = null;
      next();
      return;
    }
    const token = bearerToken(header);
    try {
      if (!token) throw new AppError('UNAUTHENTICATED');
      res.locals.actor = await authenticate(token);
      next();
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAUTHENTICATED') {
        sendTypedError(res, 401, 'UNAUTHENTICATED', err.message);
        return;
      }
      next(err);
    }
  };
}

export const actorOfRequest = (res: Response): Actor | null => (res.locals.actor as Actor | null | undefined) ?? null;
