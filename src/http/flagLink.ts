import type { Express } from 'express';
import { withAccessWindow } from '../access/window';
import { readFlag } from '../queries/flags';
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
      // The same scoped, audited read as the API's `flag(id)`.
      const flag = /^[0-9a-f-]{36}$/i.test(id) ? await readFlag(deps.prisma, actor, id) : null;
      if (!flag) {
        res
          .status(404)
          .json({ errors: [{ message: 'No flag was found with that reference.', extensions: { code: 'NOT_FOUND' } }] });
        return;
      }
      res.json({ data: { flag } });
    } catch (err) {
      next(err);
    }
  });
}
