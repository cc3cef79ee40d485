/**
 * `npm run bench:flags` (issue 18 goal 3): commit → flag visible while placements are written at a steady
 * rate through the real HTTP API, with the service run as production runs it (bench/processes.ts): the API and
 * the workers (outbox relay woken by LISTEN/NOTIFY, flag evaluation) as two separate node processes, compiled
 * JavaScript after `npm run build` (`--tsx`: the sources). Two phases:
 * - big providers: every write goes to a provider already holding --open (default 2,000) open placements
 *   (alternately a registered PRU and an unregistered setting: the provider rules' cheapest and dearest cases);
 * - small providers: every write goes to a provider holding none.
 * Each placement is past its planned end, so rule P3 flags it at once. Latency per write = the flag's
 * firstSeenAt − the placement's createdAt (both the database clock; createdAt is the write transaction's
 * start, so the figure includes the write itself). Goals: p95 ≤ 1 s (big), ≤ 300 ms (small) at 20 writes/s.
 * Besides P3 (a placement flag, evaluated in the relay's evaluate-changes job), commit → provider re-evaluated:
 * providers are evaluated in deferred evaluate-provider jobs, coalesced per provider (src/jobs/registry.ts), so
 * per write, the first of its provider's evaluations that started after the write's response came back (so it
 * read the write) − the placement's createdAt, from the completed jobs' timestamps in Redis; with how many
 * evaluations each provider had per write, and how long one took.
 * Options: --rate 20  --seconds 30  --open 2000  --tsx  --no-build (use dist/ as it is)
 *          --profile (the workers process under node --cpu-prof; self time by package printed at the end)
 */
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { nearestRank } from '../src/domain/reports/percentiles';
import { addDays } from '../src/domain/dates';
import { upnCheckLetter } from '../src/domain/identifiers';
import { systemClock } from '../src/time/clock';
import { JOBS, NIGHTLY_SCAN_SCHEDULER_ID, QUEUES } from '../src/jobs/registry';
import { buildWorld, IDS } from '../tests/support/fixtures';
import { TEST_JWT } from '../tests/support/api';
import { COMMISSION, placementInput, unregisteredInput } from '../tests/support/movements';
import { arg, resetData, sql } from './support';
import { summariseProfiles } from './cpuProfile';
import { buildOnce, freePort, runtimeName, startProcess, stopProcess, waitForHealth, type Service } from './processes';

const RATE = Number(arg('rate', '20'));
const SECONDS = Number(arg('seconds', '30'));
const OPEN = Number(arg('open', '2000'));
const RUNTIME = { tsx: process.argv.includes('--tsx') };
const BUILD = !process.argv.includes('--no-build');
const PROFILE_DIR = process.argv.includes('--profile') ? mkdtempSync(join(tmpdir(), 'bench-flags-prof-')) : undefined;
const today = systemClock.today();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

let serial = 0;
const upn = () => {
  serial += 1;
  const rest12 = `373${String(5000 + Math.floor(serial / 1000)).padStart(4, '0')}26${String(serial % 1000).padStart(3, '0')}`;
  return `${upnCheckLetter(rest12)}${rest12}`;
};

/** `n` pupils on Hillside's roll, written in one statement each for pupils and enrolments. */
async function pupils(ownerUrl: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await sql(
    ownerUrl,
    `INSERT INTO "Pupil" (id, upn, "firstName", "lastName", "dateOfBirth", sex, "homeLaId")
     SELECT id, upn, 'Bench', 'Pupil', '2011-05-10', 'F', $3::uuid FROM unnest($1::uuid[], $2::text[]) AS t(id, upn)`,
    [ids, ids.map(() => upn()), IDS.laA],
  );
  await sql(
    ownerUrl,
    `INSERT INTO "Enrolment" ("pupilId", "schoolId", "startDate") SELECT id, $2::uuid, '2022-09-01' FROM unnest($1::uuid[]) AS t(id)`,
    [ids, IDS.secondaryA],
  );
  return ids;
}

/** `OPEN` open placements at a provider, straight into the table (no outbox: they are the background). */
async function fill(ownerUrl: string, providerId: string, unregistered: boolean) {
  const ids = await pupils(ownerUrl, OPEN);
  await sql(
    ownerUrl,
    `INSERT INTO "Placement" ("pupilId", "providerId", "laId", "commissionerKind", "commissioningSchoolId", reason, "legalBasis", tier,
       "providerUrn", "settingType", "startDate", "plannedEndDate", "hoursPerWeek", registration, objectives, "reintegrationPlan", "registrationConfirmed",
       "lastReviewDate", "nextReviewDue", "laNotifiedOn", "safeguardingConfirmedOn")
     SELECT id, $2::uuid, $3::uuid, ${unregistered ? `'SCHOOL', $4::uuid` : `'LA', NULL`}, 'PERMANENT_EXCLUSION', 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
       'TIER_2_TIME_LIMITED', ${unregistered ? `NULL, 'OTH'` : `'900005', NULL`}, current_date - 60, current_date + 60, ${unregistered ? 6 : 25},
       ${unregistered ? `'HOME_SCHOOL_ONLY'` : `'DUAL_REGISTERED'`}, 'x', 'y', true, current_date - 7, current_date + 30, current_date - 50, current_date - 70
       FROM unnest($1::uuid[]) AS t(id)`,
    unregistered ? [ids, providerId, IDS.laA, IDS.secondaryA] : [ids, providerId, IDS.laA],
  );
}

interface Written {
  id: string;
  providerId: string;
  /** When the API's answer came back (this process's clock, ms): the write had committed by then. */
  answeredAt: number;
}

/** Writes at RATE a second for SECONDS, one new pupil each; returns the placements written. */
async function phase(url: string, token: string, pool: string[], inputFor: (pupilId: string, i: number) => object) {
  const written: Written[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const total = RATE * SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const pupilId = pool.pop()!;
    const input = inputFor(pupilId, i) as { placement: { providerId: string } };
    inFlight.push(
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: COMMISSION, variables: { input } }),
      })
        .then((r) => r.json() as Promise<{ data?: { commissionPlacement?: { id: string } }; errors?: unknown }>)
        .then((j) => {
          if (j.data?.commissionPlacement)
            written.push({
              id: j.data.commissionPlacement.id,
              providerId: input.placement.providerId,
              answeredAt: Date.now(),
            });
          else failures.push(JSON.stringify(j.errors).slice(0, 300));
        }),
    );
  }
  await Promise.all(inFlight);
  const achieved = total / ((performance.now() - started) / 1000);
  // A refused write measures nothing: the phase would report only the cases that passed.
  if (failures.length) throw new Error(`${failures.length} writes refused, e.g. ${failures[0]}`);
  return { written, achieved };
}

/** Commit → flag per write, split at the relay: row committed → published to Redis → flag written. */
async function latencies(ownerUrl: string, ids: string[]) {
  const until = Date.now() + 180_000;
  for (;;) {
    const rows = await sql<{ ms: number; relayMs: number }>(
      ownerUrl,
      `SELECT extract(epoch FROM (min(f."firstSeenAt") - p."createdAt")) * 1000 AS ms,
              extract(epoch FROM (min(o."publishedAt") - p."createdAt")) * 1000 AS "relayMs"
         FROM "Placement" p JOIN "Flag" f ON f."placementId" = p.id AND f."ruleId" = 'P3'
         JOIN "OutboxEvent" o ON o."aggregateId" = p.id
        WHERE p.id = ANY($1::uuid[]) GROUP BY p.id, p."createdAt"`,
      [ids],
    );
    if (rows.length === ids.length || Date.now() > until) {
      const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
      const ms = sorted(rows.map((r) => Number(r.ms)));
      const relay = sorted(rows.map((r) => Number(r.relayMs)));
      return {
        flagged: rows.length,
        p50: nearestRank(ms, 0.5)!,
        p95: nearestRank(ms, 0.95)!,
        max: ms.at(-1)!,
        relayP50: nearestRank(relay, 0.5)!,
        relayP95: nearestRank(relay, 0.95)!,
      };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Polls until `done` (at most `limitMs`); whether it came true. */
async function until(done: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await done()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const isProviderJob = (j: Job | undefined): j is Job => j?.name === JOBS.evaluateProvider;

/**
 * Commit → provider re-evaluated, per write: its provider's first evaluation that started (processedOn) after
 * the API answered the write, so it read it; finished (finishedOn) − the placement's createdAt. The job
 * timestamps are the workers' clock, createdAt the database's: one machine, one clock.
 */
async function providerLatencies(ownerUrl: string, flags: Queue, written: Written[], since: number) {
  const settled = await until(
    async () =>
      (await flags.getJobs(['waiting', 'delayed', 'active', 'prioritized'], 0, -1)).filter(isProviderJob).length === 0,
    180_000,
  );
  const created = new Map(
    (
      await sql<{ id: string; t: number }>(
        ownerUrl,
        `SELECT id::text AS id, extract(epoch FROM "createdAt") * 1000 AS t FROM "Placement" WHERE id = ANY($1::uuid[])`,
        [written.map((w) => w.id)],
      )
    ).map((r) => [r.id, Number(r.t)]),
  );
  const jobs = (await flags.getJobs(['completed'], 0, -1))
    .filter(isProviderJob)
    .filter((j) => (j.processedOn ?? 0) >= since)
    .sort((a, b) => a.processedOn! - b.processedOn!);
  const ms: number[] = [];
  let missed = 0;
  for (const w of written) {
    const first = jobs.find(
      (j) => (j.data as { providerId: string }).providerId === w.providerId && j.processedOn! >= w.answeredAt,
    );
    if (first?.finishedOn) ms.push(first.finishedOn - created.get(w.id)!);
    else missed += 1;
  }
  ms.sort((a, b) => a - b);
  const took = jobs.map((j) => j.finishedOn! - j.processedOn!).sort((a, b) => a - b);
  return {
    settled,
    missed,
    p50: nearestRank(ms, 0.5) ?? NaN,
    p95: nearestRank(ms, 0.95) ?? NaN,
    max: ms.at(-1) ?? NaN,
    evaluations: jobs.length,
    providers: new Set(written.map((w) => w.providerId)).size,
    tookP50: nearestRank(took, 0.5) ?? NaN,
    tookP95: nearestRank(took, 0.95) ?? NaN,
  };
}

export async function benchFlags(ownerUrl: string) {
  buildOnce({ ...RUNTIME, build: BUILD });
  await resetData(ownerUrl);
  const world = await buildWorld({
    name: 'bench',
    ownerUrl,
    appUrl: process.env.APP_DATABASE_URL!,
    drop: async () => {},
  });
  console.log(`seeding ${OPEN} open placements at each of two providers (load average ${load()})`);
  await fill(ownerUrl, IDS.pru, false);
  await fill(ownerUrl, IDS.unregSetting, true);
  const pool = await pupils(ownerUrl, RATE * SECONDS * 2 + 10);
  await sql(ownerUrl, 'VACUUM ANALYZE');
  const port = await freePort();
  const prefix = `flags${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    // As the Dockerfile runs both processes (glibc arenas; docs/performance.md, goal 6).
    MALLOC_ARENA_MAX: '2',
    ALLOW_DEVELOPMENT_DEFAULTS: 'true',
    JWT_SECRET: TEST_JWT.secret,
    LOG_LEVEL: 'warn',
    PORT: String(port),
    QUEUE_PREFIX: prefix,
    RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_ENABLED: 'false',
  };
  const api = startProcess('api', 'start:prod', env, RUNTIME);
  const workers = startProcess('workers', 'worker:prod', env, { ...RUNTIME, profileDir: PROFILE_DIR });
  const procs: Service[] = [api, workers];
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const flags = new Queue(QUEUES.flags, { connection: redis, prefix });
  const url = `http://127.0.0.1:${port}`;
  const past = { startDate: addDays(today, -120), plannedEndDate: addDays(today, -30) };
  try {
    await waitForHealth(url, api);
    // The workers are up once they have registered the nightly scan (just before the relay starts).
    const up = await until(async () => {
      if (workers.child.exitCode !== null) throw new Error(`the workers exited (${workers.child.exitCode})`);
      return (await flags.getJobSchedulers()).some((s) => (s.key ?? s.id) === NIGHTLY_SCAN_SCHEDULER_ID);
    }, 120_000);
    if (!up) throw new Error('the workers did not start within 120 s');
    console.log(
      `API and workers as separate processes (${runtimeName(RUNTIME)}), pids ${api.pid} and ${workers.pid}${PROFILE_DIR ? '; workers under node --cpu-prof' : ''}`,
    );
    const cases = [
      {
        name: `providers holding ${OPEN.toLocaleString('en-GB')} open placements`,
        goal: 1000,
        input: (pupilId: string, i: number) =>
          i % 2 === 0
            ? placementInput(pupilId, past)
            : unregisteredInput(pupilId, { ...past, providerId: IDS.unregSetting }),
      },
      {
        name: 'small providers (no other placements)',
        goal: 300,
        input: (pupilId: string, i: number) =>
          i % 2 === 0
            ? // An independent AP is not a registered school: rule U4 wants safeguarding confirmed before the
              // start (without it every write here was refused and only the unregistered half was measured).
              placementInput(pupilId, {
                ...past,
                providerId: IDS.independentAp,
                safeguardingConfirmedOn: addDays(today, -121),
              })
            : unregisteredInput(pupilId, { ...past, safeguardingConfirmedOn: addDays(today, -121) }),
      },
    ];
    for (const c of cases) {
      const before = load();
      const since = Date.now();
      const { written, achieved } = await phase(url, world.tokens.laOfficer, pool, c.input);
      const r = await latencies(
        ownerUrl,
        written.map((w) => w.id),
      );
      const pr = await providerLatencies(ownerUrl, flags, written, since);
      console.log(
        `  ${c.name}: ${written.length} writes at ${achieved.toFixed(1)}/s; commit → flag p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, max ${r.max.toFixed(0)} ms` +
          ` (goal p95 ≤ ${c.goal} ms: ${r.p95 <= c.goal ? 'met' : 'NOT met'}); of which commit → relayed p50 ${r.relayP50.toFixed(0)} ms, p95 ${r.relayP95.toFixed(0)} ms; flagged ${r.flagged}/${written.length}; load average ${before} → ${load()}`,
      );
      console.log(
        `    commit → provider re-evaluated (deferred evaluate-provider jobs): p50 ${pr.p50.toFixed(0)} ms, p95 ${pr.p95.toFixed(0)} ms, max ${pr.max.toFixed(0)} ms` +
          `${pr.missed ? `, ${pr.missed} writes with no later evaluation` : ''}${pr.settled ? '' : ' (provider jobs still pending after 180 s)'};` +
          ` ${pr.evaluations} evaluations of ${pr.providers} providers for ${written.length} writes, each p50 ${pr.tookP50.toFixed(0)} ms, p95 ${pr.tookP95.toFixed(0)} ms`,
      );
    }
  } finally {
    await flags.close();
    redis.disconnect();
    for (const p of procs) await stopProcess(p);
    await world.close();
    if (PROFILE_DIR) {
      console.log(`\nCPU profile of the workers (node --cpu-prof, the whole run) in ${PROFILE_DIR}:`);
      for (const line of summariseProfiles(PROFILE_DIR)) console.log(line);
    }
  }
}
