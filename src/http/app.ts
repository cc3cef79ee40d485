import type { Server } from 'node:http';
import express, { type Request, type Response, type NextFunction } from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { Config } from '../config';
import type { Context, Services } from '../graphql/context';
import { buildSchema } from '../graphql/buildSchema';
import { makeFormatError } from '../graphql/formatError';
import { metricsPlugin } from '../graphql/metricsPlugin';
import { outagePlugin } from '../graphql/outagePlugin';
import { wellFormedTextPlugin } from '../graphql/wellFormedTextPlugin';
import { outageOf, RETRY_AFTER_SECONDS } from '../outages';
import type { Authenticate } from '../auth/authenticate';
import { AppError, ERROR_CATALOGUE } from '../errors';
import { mountWeb } from '../web';
import { replicaReplayLagBytes } from '../queries/replicaLag';
import { readAuditPlugin } from './readAuditPlugin';
import {
  httpRequests,
  registry,
  queueDepth,
  outboxBacklog,
  rollupPending,
  rollupOldestPending,
  lastScanFinished,
  reportsReplicaLag,
} from './metrics';
import { mountFlagLink } from './flagLink';
import { mountTransferPublic } from './transferPublic';
import { securityHeaders, trustProxySetting } from './securityHeaders';
import { actorOfRequest, authentication } from './authentication';
import { rateLimit } from './rateLimit';
import { inputGuard } from './inputGuard';
import { requestContext } from './requestContext';

export interface AppDeps extends Services {
  config: Config;
  redis: Redis;
  queues: Queue[];
  authenticate: Authenticate;
}

export async function createApp(deps: AppDeps, httpServer: Server) {
  const { config, log } = deps;
  const production = config.NODE_ENV === 'production';
  const armor = new ApolloArmor({
    maxDepth: { n: 10 },
    costLimit: { maxCost: 5000 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 2000 },
    // Field suggestions leak the schema; off in production with introspection.
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    introspection: !production,
    csrfPrevention: true,
    // Shutdown is ours (src/main.ts): drain HTTP, then close queues, Prisma and Redis in order.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: makeFormatError(log),
    // No HTTP cache hints are used, and the default cache-control plugin hooks every field resolved
    // (measurable on a school profile of 60+ schools), so it is off.
    plugins: [
      ...protection.plugins,
      metricsPlugin,
      readAuditPlugin(log),
      outagePlugin,
      wellFormedTextPlugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
    ],
    validationRules: protection.validationRules,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(securityHeaders);
  app.use((req: Request, res: Response, next: NextFunction) => {
    // First path segment only, so ids in URLs never explode the label set.
    const end = httpRequests.startTimer({ method: req.method, route: `/${req.path.split('/')[1] ?? ''}` });
    res.on('finish', () => end({ status: String(res.statusCode) }));
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [db, redis] = await Promise.all([
      deps.prisma.$queryRaw`SELECT 1`.then(
        () => 'ok',
        () => 'unreachable',
      ),
      deps.redis.ping().then(
        () => 'ok',
        () => 'unreachable',
      ),
    ]);
    const ready = db === 'ok' && redis === 'ok';
    if (!ready) res.set('retry-after', String(RETRY_AFTER_SECONDS));
    res.status(ready ? 200 : 503).json({ postgres: db, redis });
  });
  app.get('/metrics', async (_req, res) => {
    await refreshOperationalGauges(deps).catch((err) => log.warn({ err }, 'could not read the operational gauges'));
    res.type(registry.contentType).send(await registry.metrics());
  });

  mountTransferPublic(app, deps);

  // Who is calling, then how often: both before any route that reads pupil data.
  const limit = rateLimit(deps.redis, { perMinute: config.RATE_LIMIT_PER_MINUTE, prefix: config.QUEUE_PREFIX, log });
  app.use(['/graphql', '/flags'], authentication(deps.authenticate), limit);
  mountFlagLink(app, deps);

  app.use(
    '/graphql',
    express.json({ limit: config.BODY_LIMIT }),
    inputGuard,
    expressMiddleware(apollo, {
      // Verified (and checked against an active user) by the authentication middleware.
      context: async ({ res }): Promise<Context> => requestContext(deps, actorOfRequest(res)),
    }),
  );

  // Body too large, bad JSON, bad token: answered in the GraphQL error shape with a typed code.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AppError) {
      res
        .status(err.code === 'UNAUTHENTICATED' ? 401 : 400)
        .json({ errors: [{ message: err.message, extensions: err.extensions }] });
      return;
    }
    const status = (err as { status?: number }).status ?? 500;
    if (status === 413) {
      res
        .status(413)
        .json({ errors: [{ message: 'The request is too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (status === 400) {
      res
        .status(400)
        .json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    const down = outageOf(err);
    if (down) {
      log.warn({ dependency: down, err: (err as Error).message }, 'dependency unreachable: answering 503');
      res
        .status(503)
        .set('retry-after', String(RETRY_AFTER_SECONDS))
        .json({
          errors: [{ message: ERROR_CATALOGUE.SERVICE_UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE' } }],
        });
      return;
    }
    log.error({ err }, 'unhandled HTTP error');
    res.status(500).json({
      errors: [{ message: 'Something went wrong on our side.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  });

  // The web pages (src/web), after the API so they never see its requests.
  // Pages run their operations with the same context the /graphql route builds: { ...deps, actor }.
  const web = await mountWeb(app, apollo, deps, config);

  return { app, apollo, web };
}

async function refreshOperationalGauges(deps: AppDeps): Promise<void> {
  for (const q of deps.queues) {
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: q.name, state }, n);
  }
  outboxBacklog.set(await deps.prisma.outboxEvent.count({ where: { publishedAt: null } }));
  const [pending] = await deps.prisma.$queryRaw<{ years: number; age: number }[]>`
    SELECT count(DISTINCT ("laId", "academicYear"))::int AS years,
           COALESCE(extract(epoch FROM now() - min("changedAt")), 0)::float8 AS age
      FROM "ReportRollupChange"`;
  rollupPending.set(pending?.years ?? 0);
  rollupOldestPending.set(pending?.age ?? 0);
  const scan = await deps.prisma.scanRun.findFirst({
    where: { finishedAt: { not: null } },
    orderBy: { finishedAt: 'desc' },
    select: { finishedAt: true },
  });
  lastScanFinished.set(scan?.finishedAt ? scan.finishedAt.getTime() / 1000 : 0);
  reportsReplicaLag.set(await replicaReplayLagBytes(deps.prisma, deps.reportsPrisma ?? deps.prisma));
}
