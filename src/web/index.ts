import { randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { ApolloServer } from '@apollo/server';
import type { Config } from '../config';
import type { Context, Services } from '../graphql/context';
import { createGraphqlClient } from './graphqlClient';
import { nunjucksSetup } from './nunjucksSetup';
import { PageError } from './pageError';
import { setUpWebSecurity } from './middleware/setUpWebSecurity';
import { setUpStaticResources } from './middleware/setUpStaticResources';
import { setUpWebSession, SESSION_COOKIE } from './middleware/setUpWebSession';
import { setUpCsrf } from './middleware/setUpCsrf';
import { importUploadLimit, setUpUpload } from './middleware/setUpUpload';
import { setUpCurrentUser } from './middleware/setUpCurrentUser';
import { routes } from './routes';
import type { WebContext } from './webContext';

/**
 * The web service: server-rendered GOV.UK pages on the same express app as /graphql, mounted after
 * it. Order: static assets (no session) → security headers → session → body (forms; the import upload)
 * → CSRF → current user → pages (routes/index.ts) → 404 → error pages.
 */
export async function mountWeb(
  app: Express,
  apollo: ApolloServer<Context>,
  services: Services,
  config: Config,
): Promise<{ close(): Promise<void> }> {
  const production = config.NODE_ENV === 'production';
  // "trust proxy" is set once for the whole app from TRUST_PROXY (src/http/app.ts), before the API's routes.
  nunjucksSetup(app, production);
  const session = await setUpWebSession(config, services.log);
  const ctx: WebContext = {
    config,
    log: services.log,
    graphql: createGraphqlClient(apollo, services),
    prisma: services.prisma,
    sessionCookie: SESSION_COOKIE,
    today: () => services.clock.today(),
  };

  app.use(setUpStaticResources());
  app.use(setUpWebSecurity());
  app.use(session.router);
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  // Before the CSRF check, which reads the multipart form's _csrf field like any other form's.
  app.use(setUpUpload(['/imports/placements', '/imports/characteristics'], importUploadLimit(config)));
  app.use(setUpCsrf());
  app.use(setUpCurrentUser(services.prisma));
  app.use(routes(ctx));

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new PageError(404)));
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err instanceof PageError ? err.status : 500;
    if (status === 401) {
      if (req.method === 'GET') req.session.returnTo = req.originalUrl;
      return res.redirect('/sign-in');
    }
    res.set('Cache-Control', 'no-store');
    if (status === 500) {
      const reference = randomBytes(4).toString('hex').toUpperCase();
      services.log.error({ err, reference, path: req.path }, 'page failed');
      return res.status(500).render('pages/errors/500', { reference });
    }
    res
      .status(status)
      .render(`pages/errors/${status}`, { message: err instanceof PageError ? err.userMessage : undefined });
  });
  return { close: session.close };
}
