import { Router } from 'express';
import type { WebContext } from '../webContext';
import { providerHome } from './providerHome';
import { schoolHome } from './schoolHome';

/**
 * The landing page of roles without a dashboard (`/` sends them here): AP provider staff get
 * their provider home, school staff their school home; others the welcome page.
 */
export function homeRoutes(ctx: WebContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    // Staff of an organisation: its home. Whose organisation it is comes from the signed-in user's record.
    if (req.user?.actor.providerId) return providerHome(ctx, req, res);
    if (req.user?.actor.schoolId) return schoolHome(ctx, req, res);
    res.render('pages/home');
  });
  return router;
}
