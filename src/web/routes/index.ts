import { Router } from 'express';
import type { WebContext } from '../webContext';
import { requireUser } from '../middleware/setUpCurrentUser';
import { importUploadLimit } from '../middleware/setUpUpload';
import { signInRoutes } from './signIn';
import { homeRoutes } from './home';
import { infoRoutes } from './info';
import { pupilRoutes } from './pupils';
import { placementRoutes } from './placements';
import { exclusionRoutes } from './exclusions';
import { reintegrationRoutes } from './reintegrations';
import { allocationRoutes } from './allocations';
import { fairAccessRoutes } from './fairAccess';
import { dashboardRoutes } from './dashboard';
import { reportRoutes } from './reports';
import { flagRoutes } from './flags';
import { providerRoutes } from './providers';
import { dataProtectionRoutes } from './dataProtection';
import { exportRoutes } from './exports';
import { importRoutes } from './imports';

/**
 * Every page's router. A page lives in routes/<page>/ (index.ts and its .graphql operations) with
 * its view in views/pages/<page>/ and its browser test in tests/browser/<page>.test.ts (docs/web.md).
 * Pages behind sign-in are mounted with `signedIn(path, router)`: someone not signed in is sent to
 * sign in and brought back; a path nobody mounted is a 404 page for everyone.
 */
export function routes(ctx: WebContext): Router {
  const router = Router();
  const signedIn = (path: string, pages: Router) => router.use(path, requireUser, pages);

  router.use(signInRoutes(ctx));
  router.use(infoRoutes(ctx));

  signedIn('/home', homeRoutes(ctx));
  signedIn('/pupils', pupilRoutes(ctx));
  signedIn('/placements', placementRoutes(ctx));
  signedIn('/exclusions', exclusionRoutes(ctx));
  signedIn('/reintegrations', reintegrationRoutes(ctx));
  signedIn('/allocations', allocationRoutes(ctx));
  signedIn('/fair-access', fairAccessRoutes(ctx));
  signedIn('/dashboard', dashboardRoutes(ctx));
  signedIn('/reports', reportRoutes(ctx));
  signedIn('/flags', flagRoutes(ctx));
  signedIn('/providers', providerRoutes(ctx));
  signedIn('/data-protection', dataProtectionRoutes(ctx));
  signedIn('/exports', exportRoutes(ctx));
  signedIn('/imports', importRoutes(ctx, importUploadLimit(ctx.config)));
  return router;
}
