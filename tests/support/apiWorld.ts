import { afterAll, beforeAll } from 'vitest';
import type { ApiOptions } from '../../src/services';
import { createTestDatabase, type TestDatabase } from './database';
import { startTestApi, type TestApi } from './api';
import { buildWorld, type World } from './fixtures';

export interface ApiWorld {
  db: TestDatabase;
  world: World;
  api: TestApi;
}

export interface ApiWorldOptions<T extends object> {
  /** Runs after buildWorld and before the API starts; the object it returns is merged into the context. */
  setup?: (world: World) => Promise<T | void>;
  /** Extra settings for startTestApi. */
  env?: Record<string, string>;
  /** Services to inject (e.g. a settable clock), or a function of the test database that makes them. */
  services?: ApiOptions | ((db: TestDatabase) => ApiOptions);
}

/**
 * The usual integration-test lifecycle in one place: a database of its own, the hand-built world,
 * an optional setup step, then the real API; closed api → world → db. Registers the beforeAll and
 * afterAll hooks of the calling describe block and returns a context filled in by beforeAll, so
 * read its properties inside hooks and tests, not at collection time. Hooks registered after this
 * call run after it in beforeAll and before it in afterAll.
 */
export function useApiWorld<T extends object = Record<never, never>>(opts: ApiWorldOptions<T> = {}): ApiWorld & T {
  const ctx = {} as ApiWorld & T;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.world = await buildWorld(ctx.db);
    if (opts.setup) Object.assign(ctx, await opts.setup(ctx.world));
    const services = typeof opts.services === 'function' ? opts.services(ctx.db) : opts.services;
    ctx.api = await startTestApi(ctx.db, opts.env, services);
  });
  afterAll(async () => {
    await ctx.api?.close();
    await ctx.world?.close();
    await ctx.db?.drop();
  });
  return ctx;
}
