import type { Express, Request, Response, NextFunction } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { bearerToken, verifyToken } from '../auth/tokens';
import type { AppDeps } from './app';

const BASE = '/admin/queues';

/**
 * Bull Board for LA officers only. Browsers cannot send a bearer header, so
 * `?token=` is accepted once and kept in an HttpOnly cookie scoped to the board.
 */
export function mountQueueBoard(app: Express, deps: AppDeps): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BASE);
  createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  const settings = { secret: deps.config.JWT_SECRET, issuer: deps.config.JWT_ISSUER, audience: deps.config.JWT_AUDIENCE };

  const requireLaOfficer = async (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const fromCookie = /(?:^|;\s*)ap_board=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const token = bearerToken(req.headers.authorization) ?? fromQuery ?? fromCookie;
    try {
      if (!token) throw new Error('no token');
      const actor = await verifyToken(settings, token);
      if (actor.role !== 'LA_OFFICER') {
        res.status(403).json({ error: 'The queue board is for LA officers only.' });
        return;
      }
      if (fromQuery) {
        res.cookie('ap_board', token, { httpOnly: true, sameSite: 'strict', path: BASE, secure: deps.config.NODE_ENV === 'production' });
      }
      next();
    } catch {
      res.status(401).json({ error: 'Sign in as an LA officer to see the queue board.' });
    }
  };
  app.use(BASE, requireLaOfficer, adapter.getRouter());
}
