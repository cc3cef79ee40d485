import type { Express } from 'express';
import type { PrismaClient } from '../generated/prisma/client';
import type { Clock } from '../time/clock';
import { HISTORY_PACK_SCHEMA_PATH } from '../queries/historyPack';
import { publishedJwks } from '../queries/transfer';
import { historyPackSchema } from '../transfer/packSchema';

/**
 * What another LA's installation needs without signing in (docs/transfer.md): the pack's JSON Schema, and each
 * LA's public signing keys as a JWKS. Neither holds personal data; the JWKS never carries a private key.
 */
export function mountTransferPublic(app: Express, deps: { prisma: PrismaClient; clock: Clock }): void {
  app.get(HISTORY_PACK_SCHEMA_PATH, (_req, res) => {
    res.type('application/schema+json').set('cache-control', 'public, max-age=3600').send(historyPackSchema);
  });
  app.get('/transfer/jwks/:laCode', async (req, res, next) => {
    try {
      const code = String(req.params.laCode);
      const jwks = /^\d{3}$/.test(code) ? await publishedJwks(deps.prisma, code, deps.clock.now()) : null;
      if (!jwks) {
        res.status(404).json({ errors: [{ message: 'No LA with that code.', extensions: { code: 'NOT_FOUND' } }] });
        return;
      }
      res.type('application/jwk-set+json').set('cache-control', 'public, max-age=300').send(jwks);
    } catch (err) {
      next(err);
    }
  });
}
