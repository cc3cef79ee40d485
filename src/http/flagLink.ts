import type { Express } from 'express';
import { flagScope } from '../access/scope';
import { withAccessWindow } from '../access/window';
import { audit } from '../record/audit';
import { AppError } from '../errors';
import { actorOfRequest } from './authentication';
import type { AppDeps } from './app';

/**
 * The link carried by a flag webhook: an authenticated JSON view of one flag, scoped like the API,
 * so a receiver holding only IDs can fetch the detail with a user's token.
 */
export function mountFlagLink(app: Express, deps: AppDeps): void {
  app.get('/flags/:id', async (req, res, next) => {
    try {
      // The token was checked by the authentication middleware (src/http/authentication.ts).
      const verified = actorOfRequest(res);
      if (!verified) throw new AppError('UNAUTHENTICATED');
      const actor = await withAccessWindow(deps, verified, deps.clock.today());
      const id = req.params.id;
      const flag = /^[0-9a-f-]{36}$/i.test(id)
        ? await deps.prisma.flag.findFirst({ where: { AND: [{ id }, flagScope(actor)] } })
        : null;
      if (!flag) {
        res
          .status(404)
          .json({ errors: [{ message: 'No flag was found with that reference.', extensions: { code: 'NOT_FOUND' } }] });
        return;
      }
      await audit(deps.prisma, actor, 'flag.read', 'FLAG', [flag.id, ...(flag.pupilId ? [flag.pupilId] : [])]);
      res.json({ data: { flag } });
    } catch (err) {
      next(err);
    }
  });
}
