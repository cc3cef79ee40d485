import { Router, type NextFunction, type Request, type Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { loadWebUser, type WebUser } from '../auth/webUser';
import { navigationFor, ROLE_LABELS } from '../navigation';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set for a signed-in, active user (setUpCurrentUser). */
    user?: WebUser;
  }
}

/**
 * Who is signed in, from the AppUser row the session points at. A session whose user has gone or
 * been deactivated is ended on the spot. Fills the layout's header and navigation.
 */
export function setUpCurrentUser(prisma: PrismaClient): Router {
  const router = Router();
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const id = req.session.userId;
    if (id) {
      const found = await loadWebUser(prisma, id);
      if (found.kind === 'active') {
        req.user = found.user;
        res.locals.user = { ...found.user, roleLabel: ROLE_LABELS[found.user.role] };
        res.locals.navigation = navigationFor(found.user.role, req.path);
      } else {
        await new Promise<void>((resolve) => req.session.regenerate(() => resolve()));
        res.locals.signInProblem = found.kind;
      }
    }
    next();
  });
  return router;
}

/** Pages below this need a signed-in user; others are sent to sign in and brought back after. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) {
    // Pages behind sign-in show pupil data or figures about pupils: never stored by a browser or proxy.
    res.set('Cache-Control', 'no-store');
    next();
    return;
  }
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
  res.redirect(res.locals.signInProblem === 'deactivated' ? '/sign-in/refused?reason=deactivated' : '/sign-in');
}
