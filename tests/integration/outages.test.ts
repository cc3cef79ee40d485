import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startTestApi, type TestApi } from '../support/api';
import { addPupil, buildWorld, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { OwnPostgres } from '../support/ownPostgres';
import { OwnRedis, freePort } from '../support/redisServer';
import { eventually, startTestWorkers } from '../support/workers';
import type { TestDatabase } from '../support/database';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { outageOf } from '../../src/outages';
import { createPrisma } from '../../src/db/prisma';

/**
 * Outages answered as outages: PostgreSQL (a cluster of this test's own, so stopping it disturbs
 * nobody) and Redis (likewise) are stopped under a running API and workers.
 */
describe('outages: an unreachable PostgreSQL or Redis is answered as 503 SERVICE_UNAVAILABLE', () => {
  let own: OwnPostgres;
  let db: TestDatabase;
  let world: World;
  let redis: OwnRedis;
  let api: TestApi;
  let workers: Awaited<ReturnType<typeof startTestWorkers>>;
  const today = systemClock.today();
  const prefix = `outage${Date.now() % 100000}`;

  beforeAll(async () => {
    own = await OwnPostgres.create();
    db = await own.migratedDatabase();
    world = await buildWorld(db);
    redis = new OwnRedis(await freePort());
    await redis.start();
    api = await startTestApi(db, { REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    workers = await startTestWorkers(db, { redisUrl: redis.url, prefix });
  }, 180_000);
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await world?.close();
    await redis?.stop();
    await own?.destroy();
  });

  const PUPILS = `query { pupils(first: 100) { totalCount nodes { id upn } } }`;
  async function post(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${world.tokens.laOfficer}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] },
    };
  }
  const commission = async () => {
    const pupil = await addPupil(world.prisma);
    return post(COMMISSION, {
      input: placementInput(pupil.id, { startDate: addDays(today, -90), plannedEndDate: addDays(today, -20) }),
    });
  };
  const p3Open = () => world.prisma.flag.count({ where: { ruleId: 'P3', status: 'OPEN' } });
  const unpublished = () => world.prisma.outboxEvent.count({ where: { publishedAt: null } });

  it('PostgreSQL stopped: reads and writes answer 503 with Retry-After; after restart every earlier write is there and the outbox drains', async () => {
    // Redis down first, so the outbox holds the writes (not yet published) when PostgreSQL stops.
    await redis.stop();
    const flagsBefore = await p3Open();
    for (let i = 0; i < 3; i += 1) {
      const r = await commission();
      expect(r.status).toBe(200);
      expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    }
    const pupilForLater = await addPupil(world.prisma);
    const before = await post(PUPILS);
    expect(before.body.data.pupils.totalCount).toBe(4);
    expect(await unpublished()).toBe(3);
    const placementsBefore = await world.prisma.placement.count();
    await own.stop();

    const read = await post(PUPILS);
    expect(read.status).toBe(503);
    expect(read.retryAfter).toBe('5');
    expect(read.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(read.body.errors?.[0]?.message).toMatch(/briefly unavailable/);
    expect(JSON.stringify(read.body)).not.toMatch(/prisma|127\.0\.0\.1|ECONNREFUSED|stack/i);
    const write = await post(COMMISSION, {
      input: placementInput(pupilForLater.id, { startDate: addDays(today, -90), plannedEndDate: addDays(today, -20) }),
    });
    expect(write.status).toBe(503);
    expect(write.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(await ready.json()).toEqual({ postgres: 'unreachable', redis: 'unreachable' });
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    // A plain HTTP route that reads the database says the same.
    const link = await fetch(`${api.url}/flags/00000000-0000-4000-8000-000000000000`, {
      headers: { authorization: `Bearer ${world.tokens.laOfficer}` },
    });
    expect(link.status).toBe(503);
    expect(((await link.json()) as any).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');

    // Redis returns while PostgreSQL is still down: the relay keeps failing on PostgreSQL, and retries.
    await redis.start();
    await own.start();

    const after = await eventually(async () => {
      const r = await post(PUPILS);
      return r.status === 200 ? r : null;
    }, 30_000);
    expect(after?.body.errors).toBeUndefined();
    expect(after?.body.data.pupils.totalCount).toBe(4);
    expect(after?.body.data.pupils.nodes).toEqual(before.body.data.pupils.nodes);
    expect(await world.prisma.placement.count()).toBe(placementsBefore);
    // The refused write wrote nothing, and the outbox written before the outage drains.
    expect(await world.prisma.placement.count({ where: { pupilId: pupilForLater.id } })).toBe(0);
    expect(await eventually(async () => (await unpublished()) === 0, 30_000)).toBe(true);
    expect(await eventually(async () => (await p3Open()) === flagsBefore + 3, 30_000)).toBe(true);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);

    // And the service works normally afterwards: a new write is evaluated.
    const again = await commission();
    expect(again.status).toBe(200);
    expect(again.body.errors).toBeUndefined();
    expect(await eventually(async () => (await p3Open()) === flagsBefore + 4, 30_000)).toBe(true);
  }, 180_000);

  it('Redis stopped: GraphQL needs only PostgreSQL, so it keeps answering (writes wait in the outbox); readiness says 503 with Retry-After', async () => {
    await redis.stop();
    try {
      const r = await commission();
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      const ready = await fetch(`${api.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      expect(await ready.json()).toEqual({ postgres: 'ok', redis: 'unreachable' });
      expect(await unpublished()).toBe(1);
    } finally {
      await redis.start();
    }
    expect(await eventually(async () => (await unpublished()) === 0, 30_000)).toBe(true);
  }, 60_000);

  it('the classifier recognises the errors real clients raise when each server is gone, and nothing else', async () => {
    await redis.stop();
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => undefined);
    const redisErr = await client.ping().catch((e: unknown) => e);
    client.disconnect();
    await redis.start();
    expect(outageOf(redisErr)).toBe('redis');

    await own.stop();
    const prismaErr = await world.prisma.pupil.count().catch((e: unknown) => e);
    const pgErr = await new pg.Client({ connectionString: db.ownerUrl }).connect().catch((e: unknown) => e);
    await own.start();
    expect(outageOf(prismaErr)).toBe('postgres');
    expect(outageOf(pgErr)).not.toBeNull();

    const constraint = await world.prisma.localAuthority
      .create({ data: { code: '373', name: 'duplicate' } })
      .catch((e: unknown) => e);
    expect(outageOf(constraint)).toBeNull();
    expect(outageOf(new Error('Cannot read properties of undefined'))).toBeNull();
  }, 120_000);

  it('a pool with every connection busy past maxWait is an outage (P2028 "unable to start"), so clients retry', async () => {
    const busy = createPrisma(db.appUrl, 1);
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const holding = new Promise<void>((r) => (started = r));
      const first = busy.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        started();
        await held;
      });
      await holding;
      const err = await busy
        .$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 50 })
        .catch((e: unknown) => e);
      release();
      await first;
      expect((err as { code?: string }).code).toBe('P2028');
      expect(outageOf(err)).toBe('postgres');
    } finally {
      await busy.$disconnect();
    }
  });
});
