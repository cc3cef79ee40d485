import { Router } from 'express';
import type { WebContext } from '../../webContext';
import { DEMO_USERS } from '../../../demo/users';
import { developmentUsers, signInAsDevelopmentUser } from '../../../usecases/signIn/signIn';
import { ROLE_LABELS } from '../../navigation';
import { establishSession } from './establishSession';

/** /sign-in/dev: the demo users, one click each. Mounted only when NODE_ENV=development. */
export function devSignInRoutes(ctx: WebContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const rows = await developmentUsers(
      ctx.prisma,
      DEMO_USERS.map((u) => u.email),
    );
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    const demoUsers = DEMO_USERS.flatMap((d) => {
      const r = byEmail.get(d.email);
      return r
        ? [
            {
              email: r.email,
              name: r.name,
              roleLabel: ROLE_LABELS[r.role],
              organisation: r.school?.name ?? r.provider?.name ?? r.la.name,
            },
          ]
        : [];
    });
    res.render('pages/signIn/dev', { demoUsers });
  });
  router.post('/', async (req, res) => {
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    await establishSession(req, res, await signInAsDevelopmentUser(ctx.prisma, email));
  });
  return router;
}
