import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApi, type ApiOptions, type RunningApi } from '../../src/services';
import type { TestDatabase } from './database';
import { testEnv } from './env';

// The secret comes from bring-up (a fresh one per `npm test` run), else one per test process: none in the source.
export const TEST_JWT = {
  secret: process.env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
  issuer: 'ap-movement-tracker',
  audience: 'ap-movement-tracker-api',
};

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; rule?: string; [k: string]: unknown }; path?: unknown[] }[];
}

export interface TestApi extends RunningApi {
  gql<T = Record<string, any>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>>;
}

/** The real HTTP service on a free port, against the given test database and the suite's Redis. */
export async function startTestApi(
  db: TestDatabase,
  env: Record<string, string> = {},
  opts: ApiOptions = {},
): Promise<TestApi> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.ownerUrl,
    APP_DATABASE_URL: db.appUrl,
    REDIS_URL: testEnv().redisUrl,
    JWT_SECRET: TEST_JWT.secret,
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `t${db.name.slice(-8)}`,
    // Any free port for the operator listener; no throttling unless a test asks for it.
    ADMIN_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  const api = await startApi(config, createLogger('silent'), 0, opts);
  return {
    ...api,
    async gql(token, query, variables) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult<any>;
    },
  };
}
