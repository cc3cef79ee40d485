import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board shows every LA's job payloads and can pause, clean and add jobs on every queue: an
 * operator's tool, not an LA officer's. So it is not on the API's port at all, only on this
 * separate listener bound to 127.0.0.1 (ADMIN_PORT), reachable from the host (or an SSH tunnel).
 */
export async function startAdminServer(queues: Queue[], port: number): Promise<{ server: Server; url: string }> {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(QUEUE_BOARD_PATH, adapter.getRouter());
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}` };
}
