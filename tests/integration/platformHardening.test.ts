import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { issueToken } from '../../src/auth/tokens';
import { settableClock } from '../../src/time/clock';
import { deliverFlagWebhook } from '../../src/notifications/webhook';
import { guardedLookup } from '../../src/notifications/webhookTarget';
import { MAX_OPERATION_LABELS } from '../../src/graphql/metricsPlugin';
import { startTestApi, TEST_JWT, type TestApi } from '../support/api';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS, makeUpn } from '../support/fixtures';
import { eventually } from '../support/workers';

const ME = '{ me { role } }';
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('finding 3: Bull Board is an operator tool on a localhost-only listener', () => {
  const ctx = useApiWorld();

  it('an LA officer token gets nothing from the API port', async () => {
    for (const path of [
      '/admin/queues',
      '/admin/queues/api/queues',
      `/admin/queues?token=${ctx.world.tokens.laOfficer}`,
    ]) {
      const r = await fetch(`${ctx.api.url}${path}`, {
        headers: { authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
      });
      expect(r.status).toBe(404);
      expect(await r.text()).not.toMatch(/bull/i);
    }
  });

  it('the board answers only on the admin listener, bound to 127.0.0.1', async () => {
    expect(ctx.api.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const address = (ctx.api as unknown as { server: Server }).server.address();
    expect(typeof address === 'object' && address?.port).not.toBe(Number(new URL(ctx.api.adminUrl!).port));
    const r = await fetch(`${ctx.api.adminUrl}/admin/queues`);
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/<html/i);
    const queues = (await (await fetch(`${ctx.api.adminUrl}/admin/queues/api/queues`)).json()) as {
      queues: { name: string }[];
    };
    expect(queues.queues.map((q) => q.name)).toContain('flags');
  });
});

describe('finding 9: signing secret and user standing', () => {
  const ctx = useApiWorld({ env: { AUTH_USER_CACHE_MS: '300' } });
  const userId = '00000000-0000-4000-8000-0000000d0f01';
  beforeAll(async () => {
    await ctx.world.prisma.appUser.create({
      data: { id: userId, email: 'leaver@test.invalid', name: 'Leaver', role: 'LA_OFFICER', laId: IDS.laA },
    });
  });

  it('a deactivated user is refused within the cache bound, and the refusal is a 401', async () => {
    const token = await issueToken(TEST_JWT, { userId, role: 'LA_OFFICER', laId: IDS.laA });
    expect((await ctx.api.gql(token, ME)).data?.me).toEqual({ role: 'LA_OFFICER' });
    await ctx.world.prisma.appUser.update({ where: { id: userId }, data: { active: false } });
    const started = Date.now();
    const refused = await eventually(
      async () => (await post(ctx.api.url, { query: ME }, { authorization: `Bearer ${token}` })).status === 401,
      5000,
      50,
    );
    expect(refused).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    const r = await post(ctx.api.url, { query: ME }, { authorization: `Bearer ${token}` });
    expect(((await r.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a token whose role no longer matches the user is refused', async () => {
    const token = await issueToken(TEST_JWT, { userId: IDS.users.panel, role: 'LA_OFFICER', laId: IDS.laA });
    const r = await post(ctx.api.url, { query: ME }, { authorization: `Bearer ${token}` });
    expect(r.status).toBe(401);
  });

  it('a token for a user who does not exist is refused', async () => {
    const token = await issueToken(TEST_JWT, {
      userId: '00000000-0000-4000-8000-00000000beef',
      role: 'LA_OFFICER',
      laId: IDS.laA,
    });
    expect((await post(ctx.api.url, { query: ME }, { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('finding 11: input at fault gets a typed error, never INTERNAL_SERVER_ERROR', () => {
  const ctx = useApiWorld();
  let pupilId: string;
  let eventId: string;
  beforeAll(async () => {
    const p = await addPupil(ctx.world.prisma);
    pupilId = p.id;
    const ev = await ctx.world.prisma.pupilEvent.create({
      data: {
        pupilId,
        type: 'PUPIL_REGISTERED',
        occurredOn: new Date('2025-09-01'),
        reason: 'Registered',
        actorId: IDS.users.laOfficer,
        actorRole: 'LA_OFFICER',
        actorOrgId: IDS.laA,
        data: {},
      },
    });
    eventId = ev.id;
  });

  const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

  it('answers an invalid bearer token with HTTP 401, not 500', async () => {
    for (const header of ['Bearer not.a.jwt', 'Bearer ' + 'x'.repeat(5000), 'Bearer', 'Basic dXNlcjpwYXNz']) {
      const r = await post(ctx.api.url, { query: ME }, { authorization: header });
      expect(r.status).toBe(401);
      expect(((await r.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a NUL byte in a name, a rule ID or a query literal, writing nothing', async () => {
    const before = await ctx.world.prisma.pupil.count();
    const reg = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      'mutation($i: RegisterPupilInput!) { registerPupil(input: $i) { id } }',
      {
        i: {
          upn: makeUpn(),
          firstName: 'Sa\u0000m',
          lastName: 'Example',
          dateOfBirth: '2011-02-14',
          sex: 'M',
          reason: 'Test',
        },
      },
    );
    expect(codeOf(reg)).toBe('VALIDATION_FAILED');
    expect(await ctx.world.prisma.pupil.count()).toBe(before);
    const rule = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      'query($r: String) { flags(filter: { ruleId: $r }) { totalCount } }',
      { r: 'U1\u0000' },
    );
    expect(codeOf(rule)).toBe('VALIDATION_FAILED');
    const literal = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      '{ flags(filter: { ruleId: "U1\\u0000" }) { totalCount } }',
    );
    expect(codeOf(literal)).toBe('VALIDATION_FAILED');
    // A GET query (allowed with a preflight header) carries its variables in the query string.
    const q = encodeURIComponent('query($r: String) { flags(filter: { ruleId: $r }) { totalCount } }');
    const get = await fetch(
      `${ctx.api.url}/graphql?query=${q}&variables=${encodeURIComponent(JSON.stringify({ r: 'U1\u0000' }))}`,
      {
        headers: { authorization: `Bearer ${ctx.world.tokens.laOfficer}`, 'apollo-require-preflight': 'true' },
      },
    );
    expect(get.status).toBe(400);
    expect(codeOf((await get.json()) as never)).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['pupils', '{ pupils(first: 5, after: "not-a-uuid") { totalCount } }'],
    ['schools', '{ schools(after: "1; DROP TABLE") { totalCount } }'],
    ['flags', '{ flags(after: "zzz") { totalCount } }'],
    ['fairAccessReferrals', '{ fairAccessReferrals(after: "123") { totalCount } }'],
  ])('refuses a non-UUID cursor for %s as VALIDATION_FAILED', async (_name, query) => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, query);
    expect(codeOf(r)).toBe('VALIDATION_FAILED');
  });

  it('refuses dates outside the supported range with a typed error', async () => {
    const days = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      '{ schoolDays(from: "1899-09-01", to: "1900-07-20") { schoolDays } }',
    );
    // A literal in the query is refused at validation, a variable at coercion: typed either way.
    expect(codeOf(days)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(days.errors?.[0]?.message).toMatch(/1950-01-01 to 2099-12-31/);
    const far = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      'query($to: LocalDate!) { schoolDays(from: "2025-09-01", to: $to) { schoolDays } }',
      { to: '2300-01-01' },
    );
    expect(codeOf(far)).toBe('BAD_USER_INPUT');
    const stay = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      'query($id: UUID!) { placement(id: $id) { stayLength(asOf: "2300-01-01") { schoolDays } } }',
      { id: IDS.laA },
    );
    expect(codeOf(stay)).toBe('GRAPHQL_VALIDATION_FAILED');
    const whole = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      '{ schoolDays(from: "1950-01-01", to: "2099-12-31") { schoolDays } }',
    );
    expect(whole.errors).toBeUndefined();
  });

  it('refuses 20,000-deep JSON in a client-keyed input without overflowing the stack', async () => {
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const body = `{"query":"mutation($i: CorrectEventInput!) { correctEvent(input: $i, clientKey: \\"deep\\") { id } }","variables":{"i":{"eventId":"${eventId}","reason":"Wrong date","correction":${deep}}}}`;
    const r = await fetch(`${ctx.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
      body,
    });
    const json = (await r.json()) as any;
    expect(json.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(json.errors[0].message).toMatch(/nested too deeply/);
    expect((await ctx.api.gql(ctx.world.tokens.laOfficer, ME)).data?.me).toEqual({ role: 'LA_OFFICER' });
  });
});

describe('finding 12: webhooks only to public addresses', () => {
  const ctx = useApiWorld();
  const SECRET = 'webhook-secret-0123456789-0123456789-abc';
  const CONFIGURE = 'mutation($u: String!, $s: String!) { configureWebhook(url: $u, secret: $s) { url } }';

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://127.0.0.1:6379/',
    'http://[::1]:80/',
    'http://10.0.0.8/hook',
    'http://192.168.0.10/',
    'http://172.20.1.1/',
    'http://localhost:4000/hooks',
    'http://[::ffff:127.0.0.1]/',
    'ftp://hooks.example.org/',
    'gopher://127.0.0.1:6379/_FLUSHALL',
  ])('configureWebhook refuses %s and stores nothing', async (url) => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, CONFIGURE, { u: url, s: SECRET });
    expect(r.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(await ctx.world.prisma.laSettings.findUnique({ where: { laId: IDS.laA } })).toBeNull();
  });

  it('accepts a public https address', async () => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, CONFIGURE, {
      u: 'https://203.0.114.10/ap-flags',
      s: SECRET,
    });
    expect(r.errors).toBeUndefined();
  });

  describe('at delivery time', () => {
    let hook: Server;
    let hits = 0;
    let port = 0;
    beforeAll(async () => {
      hook = createServer((req, res) => {
        hits += 1;
        req.resume();
        res.end('ok');
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      port = (hook.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((r) => hook.close(() => r())));

    it('a stored private address is refused without a connection (and not retried)', async () => {
      const flag = await ctx.world.prisma.flag.create({
        data: {
          laId: IDS.laA,
          ruleId: 'U1',
          severity: 'CRIT',
          outcome: 'SAFEGUARDING',
          title: 'T',
          subjectType: 'PROVIDER',
          subjectId: IDS.unregUkprn,
          periodKey: 'p',
          evidence: {},
          evidenceScore: 1,
          configVersion: 'test',
        } as never,
      });
      await ctx.world.prisma.laSettings.upsert({
        where: { laId: IDS.laA },
        create: { laId: IDS.laA, webhookUrl: `http://127.0.0.1:${port}/hooks`, webhookSecret: SECRET },
        update: { webhookUrl: `http://127.0.0.1:${port}/hooks`, webhookSecret: SECRET },
      });
      await expect(
        deliverFlagWebhook(ctx.world.prisma, 'http://x', flag.id, { allowPrivate: false }),
      ).rejects.toMatchObject({ name: 'UnrecoverableError' });
      expect(hits).toBe(0);
      // The same delivery with the opt-in reaches the local receiver: the refusal was the address, nothing else.
      await expect(
        deliverFlagWebhook(ctx.world.prisma, 'http://x', flag.id, { allowPrivate: true }),
      ).resolves.toMatchObject({ delivered: true });
      expect(hits).toBe(1);
    });

    it('a host name is checked after DNS resolution, at connection time', async () => {
      const lookup = guardedLookup(false);
      const err = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
        lookup('localhost', {}, (e) => resolve(e)),
      );
      expect(err?.code).toBe('EWEBHOOKADDRESS');
      const ok = await new Promise<string>((resolve, reject) =>
        guardedLookup(true)('localhost', {}, (e, a) => (e ? reject(e) : resolve(String(a)))),
      );
      expect(ok).toMatch(/127\.0\.0\.1|::1/);
    });
  });
});

describe('finding 13: metrics series stay bounded whatever operation names arrive', () => {
  const ctx = useApiWorld();
  const operationLabels = async () => {
    const text = await (await fetch(`${ctx.api.url}/metrics`)).text();
    return new Set([...text.matchAll(/graphql_operations_total\{operation="([^"]*)"/g)].map((m) => m[1]));
  };

  it('500 anonymous requests with new names add no series', async () => {
    const before = await operationLabels();
    for (let i = 0; i < 500; i += 1)
      await post(ctx.api.url, { query: `query Probe${i} { __typename }`, operationName: `Probe${i}` });
    const after = await operationLabels();
    expect([...after].filter((l) => l!.startsWith('Probe'))).toEqual([]);
    expect(after.size - before.size).toBeLessThanOrEqual(1); // "other"
  });

  it('500 signed-in requests with new names are capped', async () => {
    for (let i = 0; i < 500; i += 1) {
      await post(
        ctx.api.url,
        { query: `query Named${i} { me { role } }`, operationName: `Named${i}` },
        { authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
      );
    }
    const labels = await operationLabels();
    expect(labels.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 2);
    expect(labels.has('other')).toBe(true);
  });
});

describe('finding 14: headers, names, migration history, rate limit', () => {
  const ctx = useApiWorld();
  let tls: TestApi;
  let limited: TestApi;
  beforeAll(async () => {
    tls = await startTestApi(ctx.db, { TRUST_PROXY: '1' });
    limited = await startTestApi(ctx.db, { RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await tls?.close();
    await limited?.close();
  });

  it('pupil-data responses are not cacheable and carry nosniff and a referrer policy; no HSTS over plain HTTP', async () => {
    const r = await post(
      ctx.api.url,
      { query: '{ pupils(first: 1) { totalCount } }' },
      { authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('strict-transport-security')).toBeNull();
    const flag = await fetch(`${ctx.api.url}/flags/${IDS.laA}`, {
      headers: { authorization: `Bearer ${ctx.world.tokens.laOfficer}` },
    });
    expect(flag.headers.get('cache-control')).toBe('no-store');
  });

  it('behind a trusted TLS proxy, HSTS is sent; an untrusted X-Forwarded-Proto is ignored', async () => {
    const viaProxy = await post(
      tls.url,
      { query: ME },
      { authorization: `Bearer ${ctx.world.tokens.laOfficer}`, 'x-forwarded-proto': 'https' },
    );
    expect(viaProxy.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const spoofed = await post(
      ctx.api.url,
      { query: ME },
      { authorization: `Bearer ${ctx.world.tokens.laOfficer}`, 'x-forwarded-proto': 'https' },
    );
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
  });

  it.each([
    ['a right-to-left override', 'Sam\u202Eelpmaxe'],
    ['a bidi isolate', '\u2067Sam\u2069'],
    ['a zero-width space', 'Sa\u200Bm'],
    ['a zero-width joiner', 'Sa\u200Dm'],
    ['a byte-order mark (zero-width no-break space)', 'Sa\uFEFFm'],
  ])('a pupil name with %s is refused, writing nothing', async (_what, firstName) => {
    const before = await ctx.world.prisma.pupil.count();
    const r = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      'mutation($i: RegisterPupilInput!) { registerPupil(input: $i) { id } }',
      {
        i: { upn: makeUpn(), firstName, lastName: 'Example', dateOfBirth: '2011-02-14', sex: 'M', reason: 'Test' },
      },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(r.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'firstName' })]);
    expect(await ctx.world.prisma.pupil.count()).toBe(before);
  });

  it('the app role cannot change or delete the migration history', async () => {
    const app = new pg.Client({ connectionString: ctx.db.appUrl });
    await app.connect();
    try {
      await expect(app.query(`UPDATE "_prisma_migrations" SET checksum = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM "_prisma_migrations"`)).rejects.toThrow(/permission denied/);
      await expect(
        app.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'x', 'x')`),
      ).rejects.toThrow(/permission denied/);
      // The app role still reads and writes the tables it works with.
      await expect(app.query('SELECT count(*) FROM "Pupil"')).resolves.toBeTruthy();
    } finally {
      await app.end();
    }
    const owner = new pg.Client({ connectionString: ctx.db.ownerUrl });
    await owner.connect();
    try {
      const n = await owner.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(n.rows[0].n).toBeGreaterThan(0);
    } finally {
      await owner.end();
    }
  });

  it('over the rate limit a caller gets 429 with a typed error; another caller is unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1)
      statuses.push(
        (await post(limited.url, { query: ME }, { authorization: `Bearer ${ctx.world.tokens.analyst}` })).status,
      );
    // Five a minute: the first five pass; even if a minute boundary falls inside the burst, at most ten do.
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    const refused = await post(limited.url, { query: ME }, { authorization: `Bearer ${ctx.world.tokens.analyst}` });
    if (refused.status === 429) {
      const body = (await refused.json()) as any;
      expect(body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await post(limited.url, { query: ME }, { authorization: `Bearer ${ctx.world.tokens.panel}` })).status).toBe(
      200,
    );
  });
});

describe('one clock: today is the date in England, for use cases and resolvers alike', () => {
  const clock = settableClock('2026-03-29T22:30:00Z');
  const ctx = useApiWorld({ services: { clock } });
  let pupilId: string;
  beforeAll(async () => {
    pupilId = (await addPupil(ctx.world.prisma)).id;
  });
  const CHANGE = 'mutation($i: ChangeCharacteristicsInput!) { changePupilCharacteristics(input: $i) { id } }';
  const change = (effectiveOn: string) =>
    ctx.api.gql(ctx.world.tokens.laOfficer, CHANGE, {
      i: {
        pupilId,
        effectiveOn,
        fsmEligible: Number(effectiveOn.slice(-1)) % 2 === 0,
        reason: `Change on ${effectiveOn}`,
      },
    });
  const refusedAsFuture = (r: Awaited<ReturnType<typeof change>>) =>
    r.errors?.[0]?.extensions?.code === 'VALIDATION_FAILED' && /in the future/.test(r.errors[0]!.message);

  it.each([
    // [instant (UTC), England's date, the day after]
    ['2026-03-28T23:30:00Z', '2026-03-28', '2026-03-29'], // 23:30 GMT, before the spring change
    ['2026-03-29T00:30:00Z', '2026-03-29', '2026-03-30'], // 00:30 GMT, the morning of the change
    ['2026-03-29T22:30:00Z', '2026-03-29', '2026-03-30'], // 23:30 BST, after the change
    ['2026-03-29T23:30:00Z', '2026-03-30', '2026-03-31'], // 00:30 BST: UTC says the 29th
    ['2026-10-24T22:30:00Z', '2026-10-24', '2026-10-25'], // 23:30 BST, before the autumn change
    ['2026-10-24T23:30:00Z', '2026-10-25', '2026-10-26'], // 00:30 BST on the day of the change: UTC says the 24th
    ['2026-10-25T23:30:00Z', '2026-10-25', '2026-10-26'], // 23:30 GMT, after the change
    ['2026-10-26T00:30:00Z', '2026-10-26', '2026-10-27'], // 00:30 GMT
  ])(
    'at %s an event dated %s is accepted and one dated %s is refused as in the future',
    async (instant, today, tomorrow) => {
      clock.set(instant);
      const events = await ctx.world.prisma.pupilEvent.count({ where: { pupilId } });
      const next = await change(tomorrow);
      expect(refusedAsFuture(next)).toBe(true);
      expect(await ctx.world.prisma.pupilEvent.count({ where: { pupilId } })).toBe(events);
      const now = await change(today);
      expect(now.errors).toBeUndefined();
    },
  );

  it('resolvers take the same clock: at 00:30 BST on 1 September the pupil is already in the new year group', async () => {
    const YEAR = 'query($id: UUID!) { pupil(id: $id) { yearGroup } }';
    clock.set('2026-08-31T22:30:00Z'); // 23:30 BST, 31 August: still 2025-26
    const before = (await ctx.api.gql(ctx.world.tokens.laOfficer, YEAR, { id: pupilId })).data?.pupil?.yearGroup;
    clock.set('2026-08-31T23:30:00Z'); // 00:30 BST, 1 September: 2026-27, though UTC still says 31 August
    const after = (await ctx.api.gql(ctx.world.tokens.laOfficer, YEAR, { id: pupilId })).data?.pupil?.yearGroup;
    expect(before).toBe(10); // born 10 May 2011
    expect(after).toBe(11);
  });
});
