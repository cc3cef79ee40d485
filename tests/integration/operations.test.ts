import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSchema } from 'graphql';
import { buildSchema } from '../../src/graphql/buildSchema';
import { startTestApi, type TestApi } from '../support/api';
import { useApiWorld } from '../support/apiWorld';
import { IDS } from '../support/fixtures';

describe('operations: health, readiness, metrics, limits', () => {
  const ctx = useApiWorld();
  let prod: TestApi;
  beforeAll(async () => {
    prod = await startTestApi(ctx.db, { NODE_ENV: 'production', ALLOW_DEVELOPMENT_DEFAULTS: 'true' });
  });
  afterAll(async () => {
    await prod?.close();
  });

  it('/healthz answers while the process is up; /readyz checks PostgreSQL and Redis', async () => {
    const h = await fetch(`${ctx.api.url}/healthz`);
    expect(h.status).toBe(200);
    const r = await fetch(`${ctx.api.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ postgres: 'ok', redis: 'ok' });
  });

  it('/readyz says 503 and names Redis when Redis is unreachable', async () => {
    const broken = await startTestApi(ctx.db, { REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const r = await fetch(`${broken.url}/readyz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({ postgres: 'ok', redis: 'unreachable' });
    } finally {
      await broken.close();
    }
  });

  it('/metrics exposes HTTP, GraphQL operation and queue depth metrics', async () => {
    await ctx.api.gql(ctx.world.tokens.laOfficer, 'query Me { me { role } }');
    const text = await (await fetch(`${ctx.api.url}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/graphql"/);
    expect(text).toMatch(/graphql_operations_total\{operation="Me",type="query",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/queue_jobs\{queue="flags",state="waiting"\} \d+/);
    expect(text).toMatch(/outbox_unpublished_events \d+/);
  });

  it('/metrics reports rollups waiting for the worker and when the last nightly scan finished', async () => {
    const metric = async (name: string) => {
      const text = await (await fetch(`${ctx.api.url}/metrics`)).text();
      const m = text.match(new RegExp(`^${name} (\\S+)$`, 'm'));
      return m ? Number(m[1]) : null;
    };
    const prisma = ctx.world.prisma;
    await prisma.$executeRaw`DELETE FROM "ReportRollupChange"`;
    await prisma.scanRun.deleteMany();
    expect(await metric('report_rollup_pending_la_years')).toBe(0);
    expect(await metric('report_rollup_oldest_pending_seconds')).toBe(0);
    expect(await metric('flag_scan_last_finished_timestamp_seconds')).toBe(0);
    // Two LA-years pending (one twice), the oldest a minute ago; two scans, one still running.
    await prisma.$executeRaw`INSERT INTO "ReportRollupChange" ("laId", "academicYear", "changedAt") VALUES
      (${IDS.laA}::uuid, 2024, now() - interval '60 seconds'), (${IDS.laA}::uuid, 2024, now()), (${IDS.laB}::uuid, 2025, now())`;
    const finished = new Date('2026-11-30T02:41:07Z');
    await prisma.scanRun.create({ data: { asOf: new Date('2026-11-30'), finishedAt: finished, pendingKinds: [] } });
    await prisma.scanRun.create({ data: { asOf: new Date('2026-12-01'), pendingKinds: ['PUPIL'] } });
    expect(await metric('report_rollup_pending_la_years')).toBe(2);
    const age = (await metric('report_rollup_oldest_pending_seconds'))!;
    expect(age).toBeGreaterThanOrEqual(60);
    expect(age).toBeLessThan(120);
    expect(await metric('flag_scan_last_finished_timestamp_seconds')).toBe(finished.getTime() / 1000);
  });

  it('refuses a query that is too deep, too costly or has too many aliases, with a typed error', async () => {
    const deep = `{ me { localAuthority { code } school { id } } ${'a: me { role } '.repeat(1)} }`;
    expect((await ctx.api.gql(ctx.world.tokens.laOfficer, deep)).errors).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `m${i}: me { role }`).join(' ')} }`;
    const ra = await ctx.api.gql(ctx.world.tokens.laOfficer, aliases);
    expect(ra.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const nested = `{ pupils { nodes { enrolments { school { id } } } } placement(id: "00000000-0000-4000-8000-000000000000") { previousPlacement { previousPlacement { previousPlacement { previousPlacement { previousPlacement { previousPlacement { previousPlacement { previousPlacement { previousPlacement { id } } } } } } } } } } }`;
    const rd = await ctx.api.gql(ctx.world.tokens.laOfficer, nested);
    expect(rd.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(rd.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('caps the request body and answers with a typed error', async () => {
    const res = await fetch(`${ctx.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
      body: JSON.stringify({ query: `{ me { role } }`, variables: { pad: 'x'.repeat(200_000) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('prevents CSRF: a simple cross-site request is refused', async () => {
    const res = await fetch(`${ctx.api.url}/graphql?query=${encodeURIComponent('{ me { role } }')}`, {
      headers: { authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('masks unexpected errors: no stack trace or SQL reaches the caller', async () => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, `{ pupils(first: 5, after: "not-a-uuid") { totalCount } }`);
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/stack|SELECT|prisma|at .*\.ts/i);
    expect(r.errors?.[0]?.extensions?.code).toBeDefined();
  });

  it('in production mode, introspection and field suggestions are off', async () => {
    const intro = await prod.gql(ctx.world.tokens.laOfficer, '{ __schema { types { name } } }');
    expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await prod.gql(ctx.world.tokens.laOfficer, '{ me { rol } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const devTypo = await ctx.api.gql(ctx.world.tokens.laOfficer, '{ me { rol } }');
    expect(devTypo.errors?.[0]?.message).toMatch(/Did you mean/);
  });

  it('the Bull Board is not on the API port (even for an LA officer), only on the operator listener', async () => {
    expect(
      (
        await fetch(`${ctx.api.url}/admin/queues`, {
          headers: { authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
        })
      ).status,
    ).toBe(404);
    const ok = await fetch(`${ctx.api.adminUrl}/admin/queues`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/<html/i);
  });
});

describe('schema.graphql', () => {
  it('the committed schema.graphql matches the served schema (run `npm run schema:print` after changing it)', () => {
    expect(readFileSync('schema.graphql', 'utf8')).toBe(`${printSchema(buildSchema())}\n`);
  });
});
