import { randomBytes } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers for the pages. The CSP allows scripts from this origin plus the one inline
 * snippet of the GOV.UK template (which marks <body> as JavaScript-enabled), by a per-response
 * nonce, so nothing needs 'unsafe-inline'. Styles come from this origin only.
 */
export function setUpWebSecurity(): Router {
  const router = Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          fontSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          // Sign-in leaves by a link (GET), so forms only ever post back here.
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // Same-origin pages only; the IdP redirect is a top-level navigation, which these do not affect.
      crossOriginEmbedderPolicy: true,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  return router;
}
