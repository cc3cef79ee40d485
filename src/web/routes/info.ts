import { Router } from 'express';
import type { WebContext } from '../webContext';

/** Pages anyone may read, signed in or not. */
export function infoRoutes(ctx: WebContext): Router {
  const router = Router();
  router.get('/accessibility', (_req, res) => res.render('pages/accessibility'));
  router.get('/cookies', (_req, res) =>
    res.render('pages/cookies', { cookieName: ctx.sessionCookie, idleMinutes: ctx.config.SESSION_IDLE_MINUTES }),
  );
  return router;
}
