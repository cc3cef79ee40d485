import { Router } from 'express';
import type { WebContext } from '../../webContext';
import { createOidc, oidcSettings } from '../../auth/oidc';
import { signInWithIdentityProvider } from '../../../usecases/signIn/signIn';
import { landingPage } from '../../navigation';
import { establishSession } from './establishSession';
import { devSignInRoutes } from './devSignIn';

const REFUSALS = {
  unknown: {
    title: 'You do not have an account for this service',
    paragraphs: [
      'You signed in with your organisation’s account, but there is no AP movement tracker account for it.',
      'Ask your local authority’s AP team to add you, giving the email address you sign in with.',
    ],
  },
  deactivated: {
    title: 'Your account has been deactivated',
    paragraphs: [
      'Your AP movement tracker account is no longer active, so you cannot sign in.',
      'If you still need access, ask your local authority’s AP team to reactivate it.',
    ],
  },
  failed: {
    title: 'Sign-in did not work',
    paragraphs: ['Your organisation’s sign-in service did not confirm who you are. Try signing in again.'],
  },
} as const;

export function signInRoutes(ctx: WebContext): Router {
  const router = Router();
  const settings = oidcSettings(ctx.config);
  const oidc = settings ? createOidc(settings, ctx.config.NODE_ENV === 'production') : null;
  const development = ctx.config.NODE_ENV === 'development';

  router.get('/', (req, res) => {
    if (req.user) return res.redirect(landingPage(req.user.role));
    res.redirect('/sign-in');
  });

  router.get('/sign-in', (req, res) => {
    const notice = req.query.signedOut !== undefined ? 'You have signed out.' : undefined;
    res.render('pages/signIn/signIn', { oidcConfigured: Boolean(oidc), devSignIn: development, notice });
  });

  router.get('/sign-in/refused', (req, res) => {
    const reason = String(req.query.reason);
    const page = reason === 'unknown' || reason === 'deactivated' ? REFUSALS[reason] : REFUSALS.failed;
    res.status(403).render('pages/signIn/refused', page);
  });

  if (oidc) {
    router.get('/sign-in/oidc', async (req, res) => {
      const { url, ...expected } = await oidc.start();
      req.session.oidc = expected;
      await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
      res.redirect(url);
    });

    router.get('/sign-in/callback', async (req, res) => {
      const expected = req.session.oidc;
      delete req.session.oidc;
      if (!expected) return res.redirect('/sign-in');
      const callbackUrl = new URL(req.originalUrl, settings!.redirectUri);
      let claims;
      try {
        claims = await oidc.finish(callbackUrl, expected);
      } catch (err) {
        ctx.log.warn({ err: (err as Error).message }, 'OIDC sign-in failed');
        return res.redirect('/sign-in/refused?reason=failed');
      }
      await establishSession(req, res, await signInWithIdentityProvider(ctx.prisma, claims));
    });
  }

  // Development only: the router is not mounted at all otherwise, so /sign-in/dev is a 404.
  if (development) router.use('/sign-in/dev', devSignInRoutes(ctx));

  router.post('/sign-out', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie(ctx.sessionCookie);
      res.redirect('/sign-in?signedOut');
    });
  });
  return router;
}
