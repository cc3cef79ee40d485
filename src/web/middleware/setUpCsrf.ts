import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { PageError } from '../pageError';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A synchroniser token per session: every form renders `csrfToken` in a hidden `_csrf` field
 * (partials/csrf.njk) and every unsafe request must send it back. A request without it, or with
 * another session's, is refused with a 403 page before any route runs.
 */
export function setUpCsrf(): Router {
  const router = Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.session.csrfToken) req.session.csrfToken = randomBytes(24).toString('base64url');
    res.locals.csrfToken = req.session.csrfToken;
    if (SAFE.has(req.method)) return next();
    const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token');
    if (!sent || !sameToken(sent, req.session.csrfToken)) {
      return next(
        new PageError(
          403,
          'The form could not be sent. It may have been open too long: go back, reload the page and try again.',
        ),
      );
    }
    next();
  });
  return router;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
