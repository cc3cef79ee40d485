import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { issueToken } from '../../src/auth/tokens';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { runProcess, startProcess, waitForHttp, type RunningProcess } from '../support/processes';
import { freePort, OwnRedis } from '../support/redisServer';
import { eventually } from '../support/workers';

/**
 * `npm run build` output started with plain `node` (no tsx), in production mode, on a throwaway
 * database: migrations from dist, the API and the workers from dist, a real write evaluated by the
 * workers. The database role has a private password, so no development default is allowed.
 */
describe('production build: node dist/... without tsx', () => {
  const OUT = '.data/build-test';
  let db: TestDatabase;
  let world: World;
  let redis: OwnRedis;
  let role: string;
  let env: NodeJS.ProcessEnv;
  const secret = randomBytes(32).toString('hex');
  const procs: RunningProcess[] = [];

  beforeAll(async () => {
    // The suite's tsc --noEmit has just checked the types; emit only.
    const built = await runProcess(process.execPath, ['scripts/build.mjs', '--out', OUT, '--no-check'], process.env);
    expect(built.code, built.output).toBe(0);
    db = await createTestDatabase({ empty: true });
    redis = new OwnRedis(await freePort());
    await redis.start();
    role = `ap_prod_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    const admin = new pg.Client({ connectionString: db.ownerUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' IN ROLE ap_app_role`);
    await admin.end();
    const appUrl = new URL(db.appUrl);
    appUrl.username = role;
    appUrl.password = password;
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      // The API and workers never need the owner: only migrations do (below).
      DATABASE_URL: appUrl.toString(),
      APP_DATABASE_URL: appUrl.toString(),
      REDIS_URL: redis.url,
      JWT_SECRET: secret,
      PUBLIC_URL: 'https://tracker.example.org',
      QUEUE_PREFIX: `prod${randomBytes(3).toString('hex')}`,
      LOG_LEVEL: 'warn',
    };
  }, 600_000);
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await world?.close();
    await redis?.stop();
    await db?.drop();
    if (role) {
      const admin = new pg.Client({ connectionString: db.ownerUrl.replace(/\/[^/]*$/, '/postgres') });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
    rmSync(OUT, { recursive: true, force: true });
  });

  it('the build holds the entry points, the GraphQL schema files and the migrations', () => {
    for (const f of [
      'src/main.js',
      'workers/main.js',
      'src/db/migrateCli.js',
      'src/demo/seedCli.js',
      'scripts/issueToken.js',
      'src/graphql/schema',
      'prisma/migrations',
      'data/reference',
      'src/generated/prisma/client.js',
    ]) {
      expect(existsSync(path.join(OUT, f)), f).toBe(true);
    }
  });

  it('refuses to start in production on the development defaults, naming each', async () => {
    const dev = await runProcess(process.execPath, [path.join(OUT, 'src/main.js')], {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://ap_owner:ap_owner@127.0.0.1:5432/ap_tracker',
      APP_DATABASE_URL: 'postgresql://ap_app:ap_app@127.0.0.1:5432/ap_tracker',
    });
    expect(dev.code).toBe(2);
    expect(dev.output).toMatch(/JWT_SECRET: must be set outside development/);
    expect(dev.output).toMatch(/DATABASE_URL: uses the development password of ap_owner/);
    expect(dev.output).toMatch(/APP_DATABASE_URL: uses the development password of ap_app/);
    expect(dev.output).toMatch(/PUBLIC_URL: must be set in production/);
  }, 60_000);

  it('migrates, serves and evaluates with node alone', async () => {
    const migrated = await runProcess(process.execPath, [path.join(OUT, 'src/db/migrateCli.js')], {
      ...env,
      DATABASE_URL: db.ownerUrl,
    });
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toMatch(/applied, 0 already up to date/);
    world = await buildWorld(db);

    const port = await freePort();
    const api = startProcess(process.execPath, [path.join(OUT, 'src/main.js')], { ...env, PORT: String(port) });
    procs.push(api);
    const workers = startProcess(process.execPath, [path.join(OUT, 'workers/main.js')], env);
    procs.push(workers);
    const base = `http://127.0.0.1:${port}`;
    // Bounds generous for a loaded 2-core machine: a cold start of node plus Prisma took over a minute there.
    await waitForHttp(`${base}/healthz`, api, 150_000);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const token = await issueToken(
      { secret, issuer: 'ap-movement-tracker', audience: 'ap-movement-tracker-api' },
      { userId: IDS.users.laOfficer, role: 'LA_OFFICER', laId: IDS.laA },
    );
    const gql = async (query: string, variables?: Record<string, unknown>) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
    };
    const today = systemClock.today();
    const pupil = await addPupil(world.prisma);
    const placed = await gql(COMMISSION, {
      input: placementInput(pupil.id, { startDate: addDays(today, -90), plannedEndDate: addDays(today, -20) }),
    });
    expect(placed.body.errors, JSON.stringify(placed.body.errors) + api.output()).toBeUndefined();
    const read = await gql(
      `query ($id: UUID!, $placementId: UUID!) { pupil(id: $id) { upn flags { ruleId } } placement(id: $placementId) { id pupil { id } } }`,
      { id: pupil.id, placementId: placed.body.data.commissionPlacement.id },
    );
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.placement.pupil.id).toBe(pupil.id);
    // Production mode: introspection is off.
    expect((await gql('{ __schema { types { name } } }')).body.errors?.[0]?.message).toMatch(/introspection/i);
    // The compiled workers relay the outbox and raise the overdue placement's flag.
    const flagged = await eventually(
      () => world.prisma.flag.count({ where: { ruleId: 'P3', status: 'OPEN' } }),
      90_000,
    );
    expect(flagged, workers.output()).toBe(1);

    expect(await api.stop()).toBe(0);
    expect(await workers.stop()).toBe(0);
    expect(api.output()).not.toMatch(/"level":50/);
  }, 420_000);
});
