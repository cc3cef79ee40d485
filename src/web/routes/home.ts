import { Router } from 'express';
import type { WebContext } from '../webContext';

/** The landing page of roles without a dashboard (part 2 of the web service replaces it per role). */
export function homeRoutes(_ctx: WebContext): Router {
  const router = Router();
  router.get('/', (_req, res) => res.render('pages/home'));
  return router;
}
