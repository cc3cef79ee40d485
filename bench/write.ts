/**
 * `npm run bench:write` (issue 18): what one write costs, against what PostgreSQL itself can do on this machine.
 *
 * 1. pgbench (Debian's PostgreSQL ships it) on scratch tables in the throwaway database: a 1-statement
 *    transaction (one row) and a 4-statement one shaped like our writes (row + event + outbox + audit).
 * 2. The real service as production runs it: the API and the two worker processes (package.json's `worker:prod`,
 *    every queue but imports, and `worker:imports:prod`) as separate processes, with production's settings and
 *    node flags (`node dist/...` after `npm run build`; `--tsx` runs the sources through tsx instead), over HTTP:
 *    registerPupil and commissionPlacement (each with a client key, the workers relaying the outbox and
 *    evaluating flags meanwhile), pupil(id) with its timeline, and pupils(filter: {inAp: true}, first: 50).
 *
 * Every workload runs at each concurrency (default 16 and 32) in interleaved rounds (pgbench, writes and
 * reads take turns, so a neighbour's burst on this shared machine hits all of them), and the medians of the
 * rounds are reported with the load average at the time: req/s, p50/p95/p99, CPU per request per process
 * (from /proc/<pid>/stat of the API, the workers and this database's PostgreSQL backends; PostgreSQL's also split
 * by whose connection asked for it, `pg for api` and `pg for workers`: bench/backends.ts), RSS peak per process
 * (VmHWM). The last line is `write ratio vs pgbench(4 stmt): <ratio>`, the lower of the two mutations at the
 * first concurrency. Targets (a benchmark, not a test): ratio >= 0.25; reads p95 <= 25 ms and >= 1,000 req/s;
 * API and workers < 300 MiB RSS each.
 * With --memory, each process also records what its RSS is made of at its peak (bench/memorySampler.mjs).
 *
 * Options: --rounds 3  --seconds 4  --concurrency 16,32  --tsx  --no-build (use dist/ as it is)
 *          --profile (node --cpu-prof on the API and workers; self time by package printed at the end)
 *          --only registerPupil,commissionPlacement,pupil,pupils (the API workloads to run; pgbench always runs)
 *          --memory (each process's RSS at its peak split into V8 heap, external, WebAssembly, code: memorySampler.mjs)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { nearestRank } from '../src/domain/reports/percentiles';
import { buildWorld, IDS, makeUpn } from '../tests/support/fixtures';
import { placementInput } from '../tests/support/movements';
import { arg, sql } from './support';
import { summariseProfiles } from './cpuProfile';
import { backendPids } from './backends';
import { productionStart, productionNodeFlags, type ProductionScript } from './productionStart';
import { buildOnce, freePort, memoryFile, runtimeName, startProcess, stopProcess, waitForHealth } from './processes';

const ROUNDS = Number(arg('rounds', '3'));
const SECONDS = Number(arg('seconds', '4'));
const CONCURRENCY = arg('concurrency', '16,32').split(',').map(Number);
const USE_TSX = process.argv.includes('--tsx');
const BUILD = !process.argv.includes('--no-build');
const PROFILE = process.argv.includes('--profile');
const MEMORY = process.argv.includes('--memory');
const ONLY = arg('only', '').split(',').filter(Boolean);
const wanted = (workload: string) => !ONLY.length || ONLY.includes(workload);
const PROFILE_DIR = PROFILE ? mkdtempSync(join(tmpdir(), 'bench-write-prof-')) : '';
const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);

// ---------------------------------------------------------------------------------------------
// /proc: CPU and memory of a process
// ---------------------------------------------------------------------------------------------
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are fields 14 and 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** The API's own account of its memory at the end (prom-client's default metrics), to tell V8's heap from the rest. */
async function heapOf(url: string): Promise<string | null> {
  const res = await fetch(`${url}/metrics`).catch(() => null);
  if (!res?.ok) return null;
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const m = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
  return `V8 heap used ${m(value('nodejs_heap_size_used_bytes'))} of ${m(value('nodejs_heap_size_total_bytes'))}, external ${m(value('nodejs_external_memory_bytes'))}, RSS ${m(value('process_resident_memory_bytes'))}`;
}

function rssKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * CPU used by a changing set of processes (PostgreSQL backends come and go: pgbench connects afresh, a pool
 * closes idle connections), polled while the workload runs: a pid seen at the start counts from that reading,
 * one that appears later counts from zero (all its CPU is this workload's).
 */
class CpuMeter {
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  constructor(private pids: () => Promise<number[]> | number[]) {}
  async sample() {
    for (const pid of await this.pids()) {
      const ms = cpuMs(pid);
      if (ms === null) continue;
      if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : ms);
      this.last.set(pid, ms);
    }
  }
  async start(pollMs = 250) {
    await this.sample();
    this.started = true;
    if (pollMs) this.timer = setInterval(() => void this.sample().catch(() => {}), pollMs);
  }
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
    let total = 0;
    for (const [pid, end] of this.last) total += end - (this.first.get(pid) ?? end);
    return total;
  }
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------
interface Round {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** CPU ms per request, by process. */
  cpu: Record<string, number>;
  load: number;
}
const results = new Map<string, Round[]>();
const record = (name: string, r: Round) => results.set(name, [...(results.get(name) ?? []), r]);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};
const loadAvg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

function percentiles(latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b);
  return { p50: nearestRank(s, 0.5) ?? NaN, p95: nearestRank(s, 0.95) ?? NaN, p99: nearestRank(s, 0.99) ?? NaN };
}

// ---------------------------------------------------------------------------------------------
// pgbench
// ---------------------------------------------------------------------------------------------
const SCRATCH = `
DROP TABLE IF EXISTS bench_row, bench_event, bench_outbox, bench_audit;
CREATE TABLE bench_row (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), upn char(13) NOT NULL UNIQUE, first_name text NOT NULL,
  last_name text NOT NULL, date_of_birth date NOT NULL, la_id uuid NOT NULL, created_at timestamptz(3) NOT NULL DEFAULT now());
CREATE TABLE bench_event (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), seq bigserial UNIQUE, row_id uuid NOT NULL, type text NOT NULL,
  occurred_on date NOT NULL, recorded_at timestamptz(3) NOT NULL DEFAULT now(), actor_id text NOT NULL, reason text NOT NULL, data jsonb NOT NULL);
CREATE INDEX ON bench_event (row_id, occurred_on);
CREATE TABLE bench_outbox (id bigserial PRIMARY KEY, type text NOT NULL, aggregate_id uuid NOT NULL, la_id uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(), published_at timestamptz(3));
CREATE TABLE bench_audit (id bigserial PRIMARY KEY, at timestamptz(3) NOT NULL DEFAULT now(), actor_id text NOT NULL,
  operation text NOT NULL, subject_ids text[] NOT NULL);
CREATE INDEX ON bench_audit (at);`;

const ONE = `\\set n random(1, 1000000000)
INSERT INTO bench_row (upn, first_name, last_name, date_of_birth, la_id)
  VALUES (lpad(:n::text, 12, '0') || :client_id % 10, 'Sam', 'Bench', '2012-01-15', '00000000-0000-4000-8000-000000000373')
  ON CONFLICT (upn) DO NOTHING;
`;
const FOUR = `\\set n random(1, 1000000000)
BEGIN;
INSERT INTO bench_row (id, upn, first_name, last_name, date_of_birth, la_id)
  VALUES (md5(:n::text || :client_id)::uuid, lpad(:n::text, 12, '0') || :client_id % 10, 'Sam', 'Bench', '2012-01-15', '00000000-0000-4000-8000-000000000373')
  ON CONFLICT DO NOTHING;
INSERT INTO bench_event (row_id, type, occurred_on, actor_id, reason, data)
  VALUES (md5(:n::text || :client_id)::uuid, 'PUPIL_REGISTERED', '2026-12-05', 'bench', 'New to the LA', '{"senStatus":"NONE"}');
INSERT INTO bench_outbox (type, aggregate_id, la_id) VALUES ('pupil.changed', md5(:n::text || :client_id)::uuid, '00000000-0000-4000-8000-000000000373');
INSERT INTO bench_audit (actor_id, operation, subject_ids) VALUES ('bench', 'pupil.register', ARRAY[md5(:n::text || :client_id)]);
END;
`;

async function pgbench(ownerUrl: string, db: string, name: string, script: string, clients: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
  try {
    writeFileSync(join(dir, 'script.sql'), script);
    const pgCpu = new CpuMeter(() => backendPids(db));
    const load0 = loadAvg();
    await pgCpu.start(200);
    const child = spawn(
      'pgbench',
      [
        '-n',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(SECONDS),
        '-f',
        'script.sql',
        '-l',
        '--log-prefix=tx',
        ownerUrl,
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number>((r) => child.once('exit', (c) => r(c ?? 1)));
    const pgMs = await pgCpu.stop();
    if (code !== 0) throw new Error(`pgbench exited ${code}:\n${out}`);
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
    // Per-transaction log: client, tx no, latency (µs), script, epoch s, µs.
    const lat: number[] = [];
    for (const f of readdirSync(dir).filter((f) => f.startsWith('tx')))
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n'))
        if (line) lat.push(Number(line.split(' ')[2]) / 1000);
    record(name, {
      rps: tps,
      ...percentiles(lat),
      errors: failed,
      cpu: { postgres: pgMs / Math.max(1, lat.length) },
      load: (load0 + loadAvg()) / 2,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP load
// ---------------------------------------------------------------------------------------------
type Body = () => { query: string; variables: Record<string, unknown> };

function post(agent: http.Agent, url: URL, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

let firstError: string | null = null;

async function load(
  name: string,
  ctx: { url: URL; token: string; meters: () => Record<string, CpuMeter> },
  clients: number,
  body: Body,
  seconds = SECONDS,
  keep = true,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const lat: number[] = [];
  let errors = 0;
  const meters = ctx.meters();
  const load0 = loadAvg();
  for (const m of Object.values(meters)) await m.start();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const b = JSON.stringify(body());
        const s = performance.now();
        try {
          const r = await post(agent, ctx.url, ctx.token, b);
          lat.push(performance.now() - s);
          if (r.status !== 200 || r.text.includes('"errors"')) {
            errors += 1;
            firstError ??= `${name}: HTTP ${r.status} ${r.text.slice(0, 400)}`;
          }
        } catch (err) {
          errors += 1;
          firstError ??= `${name}: ${(err as Error).message}`;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu: Record<string, number> = {};
  for (const [k, m] of Object.entries(meters)) cpu[k] = (await m.stop()) / Math.max(1, lat.length);
  agent.destroy();
  if (keep)
    record(name, {
      rps: lat.length / elapsed,
      ...percentiles(lat),
      errors,
      cpu,
      load: (load0 + loadAvg()) / 2,
    });
  return lat.length;
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------
const REGISTER = `mutation($input: RegisterPupilInput!, $key: String) {
  registerPupil(input: $input, clientKey: $key) { id upn firstName lastName dateOfBirth } }`;
const COMMISSION = `mutation($input: CommissionPlacementInput!, $key: String) {
  commissionPlacement(input: $input, clientKey: $key) { id status startDate nextReviewDue hoursPerWeek } }`;
const PUPIL = `query($id: UUID!) {
  pupil(id: $id) { id upn firstName lastName dateOfBirth }
  pupilTimeline(pupilId: $id) { id type occurredOn reason } }`;
const LIST = `{ pupils(filter: { inAp: true }, first: 50) { nodes { id upn firstName lastName dateOfBirth } totalCount } }`;

/** Pupils to commission placements for (one each: a second open placement at the same provider is refused). */
async function addPupils(ownerUrl: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < n; done += 2000) {
    const k = Math.min(2000, n - done);
    const upns = Array.from({ length: k }, () => makeUpn());
    const rows = await sql<{ id: string }>(
      ownerUrl,
      `INSERT INTO "Pupil" (upn, "firstName", "lastName", "dateOfBirth", sex, "homeLaId")
       SELECT u, 'Bench', 'Pupil', '2011-05-10', 'F', $2::uuid FROM unnest($1::text[]) u RETURNING id`,
      [upns, IDS.laA],
    );
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

function table(title: string, names: string[]) {
  console.log(`\n${title}`);
  console.log(
    '  workload                                  req/s   p50 ms   p95 ms   p99 ms  errors  CPU ms/request (median of rounds)',
  );
  for (const name of names) {
    const rs = results.get(name);
    if (!rs?.length) continue;
    const m = (f: (r: Round) => number) => median(rs.map(f));
    const procs = Object.keys(rs[0]!.cpu);
    const cpu = procs.map((p) => `${p} ${m((r) => r.cpu[p]!).toFixed(2)}`).join(' / ');
    console.log(
      `  ${name.padEnd(40)} ${m((r) => r.rps)
        .toFixed(0)
        .padStart(6)} ${m((r) => r.p50)
        .toFixed(1)
        .padStart(8)} ${m((r) => r.p95)
        .toFixed(1)
        .padStart(8)} ${m((r) => r.p99)
        .toFixed(1)
        .padStart(8)} ${String(rs.reduce((s, r) => s + r.errors, 0)).padStart(7)}  ${cpu}`,
    );
  }
}

/**
 * Commit → flags visible for every write of the run, under the write rounds' full load (goal 3 asks for it at
 * 20 writes/s in `npm run bench:flags`; here the writes come as fast as the API takes them). A subject's flags
 * are visible once the workers have evaluated it, which stamps its `FlagSubjectDue.updatedAt` (the evaluating
 * transaction's start, so a little early); minus the row's `createdAt` (its write's start). Each bench pupil
 * gets one placement, so the stamp is its first evaluation. Waits (at most 5 min) for the workers to catch up
 * and says how long that took after the last write.
 */
const LAGGING = `SELECT count(*)::int AS n FROM (
      SELECT p."createdAt" AS c, d."updatedAt" AS u FROM "Placement" p
        LEFT JOIN "FlagSubjectDue" d ON d."subjectKind" = 'PLACEMENT' AND d."subjectId" = p.id
        WHERE p."createdAt" >= $1::timestamptz
      UNION ALL
      SELECT p."createdAt", d."updatedAt" FROM "Pupil" p
        JOIN "PupilEvent" e ON e."pupilId" = p.id AND e.type = 'PUPIL_REGISTERED'
        LEFT JOIN "FlagSubjectDue" d ON d."subjectKind" = 'PUPIL' AND d."subjectId" = p.id
        WHERE p."createdAt" >= $1::timestamptz) x
    WHERE u IS NULL OR u < c`;

/** Waits (at most `limitMs`) until the workers have evaluated every write since `since`; how many are left. */
async function workersCaughtUp(ownerUrl: string, since: string, limitMs: number): Promise<number> {
  const started = Date.now();
  let left = Infinity;
  while (Date.now() - started < limitMs) {
    left = (await sql<{ n: number }>(ownerUrl, LAGGING, [since]))[0]!.n;
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return left;
}

async function flagLatency(ownerUrl: string, since: string): Promise<string> {
  const started = Date.now();
  const left = await workersCaughtUp(ownerUrl, since, 300_000);
  const caughtUp = ((Date.now() - started) / 1000).toFixed(1);
  const rows = await sql<{ kind: string; n: number; p50: number; p95: number; max: number }>(
    ownerUrl,
    `SELECT kind, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95, max(ms) AS max
     FROM (SELECT 'commissionPlacement' AS kind, extract(epoch FROM d."updatedAt" - p."createdAt") * 1000 AS ms
             FROM "Placement" p JOIN "FlagSubjectDue" d ON d."subjectKind" = 'PLACEMENT' AND d."subjectId" = p.id
             WHERE p."createdAt" >= $1::timestamptz
           UNION ALL
           SELECT 'registerPupil', extract(epoch FROM d."updatedAt" - p."createdAt") * 1000
             FROM "Pupil" p JOIN "PupilEvent" e ON e."pupilId" = p.id AND e.type = 'PUPIL_REGISTERED'
             JOIN "FlagSubjectDue" d ON d."subjectKind" = 'PUPIL' AND d."subjectId" = p.id
             WHERE p."createdAt" >= $1::timestamptz) x
     GROUP BY kind ORDER BY kind`,
    [since],
  );
  const ms = (v: number) => Number(v).toFixed(0);
  return [
    `commit → flags visible under the write rounds (every write of the run; the workers caught up ${left === 0 ? `${caughtUp} s after the last write` : `not within 5 min: ${left} writes still unevaluated`}):`,
    ...rows.map((r) => `  ${r.kind}: ${r.n} writes, p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms, max ${ms(r.max)} ms`),
  ].join('\n');
}

export async function benchWrite(ownerUrl: string) {
  const db = new URL(ownerUrl).pathname.slice(1);
  console.log(
    `bench:write: ${ROUNDS} interleaved rounds of ${SECONDS} s at concurrency ${CONCURRENCY.join(', ')}; load average ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
  buildOnce({ tsx: USE_TSX, build: BUILD });

  const world = await buildWorld({ name: db, ownerUrl, appUrl: process.env.APP_DATABASE_URL!, drop: async () => {} });
  await world.close();
  await sql(ownerUrl, SCRATCH);

  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    // As the Dockerfile runs both processes (glibc arenas; docs/performance.md, goal 6).
    MALLOC_ARENA_MAX: '2',
    ALLOW_DEVELOPMENT_DEFAULTS: 'true',
    PORT: String(port),
    ADMIN_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    QUEUE_PREFIX: `benchwrite${port}`,
  };
  const runtime = { tsx: USE_TSX, profileDir: PROFILE ? PROFILE_DIR : undefined, memory: MEMORY };
  const api = startProcess('api', 'start:prod', env, runtime);
  // Two worker processes, as production runs them: the flag, notification, report and retention queues in one,
  // imports (the large heap) in the other. The import worker idles here, but it is a process production runs.
  const workers = startProcess('workers', 'worker:prod', env, runtime);
  const importWorker = startProcess('import-worker', 'worker:imports:prod', env, runtime);
  const procs = [api, workers, importWorker];
  const started = (script: ProductionScript) => {
    const s = productionStart(script);
    const settings = Object.entries(s.env).map(([k, v]) => `${k}=${v} `);
    return `${settings.join('')}${USE_TSX ? '(tsx, no flags)' : productionNodeFlags(script).join(' ') || '(no flags)'}`;
  };
  console.log(
    `started as production (package.json): api ${started('start:prod')}; workers ${started('worker:prod')}; import-worker ${started('worker:imports:prod')}${process.env.BENCH_NODE_ARGS ? `; then BENCH_NODE_ARGS ${process.env.BENCH_NODE_ARGS}` : ''}`,
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, api);
    const rssAtStart = procs.map((p) => ({ name: p.name, now: rssKiB(p.pid, 'VmRSS') }));
    const token = world.tokens.laOfficer;
    const ctx = {
      url: new URL(`${url}/graphql`),
      token,
      meters: () => ({
        api: new CpuMeter(() => [api.pid]),
        workers: new CpuMeter(() => [workers.pid, importWorker.pid]),
        postgres: new CpuMeter(() => backendPids(db)),
        // The same PostgreSQL CPU split by whose connection asked for it (the rest: other sessions).
        'pg for api': new CpuMeter(() => backendPids(db, [api.pid])),
        'pg for workers': new CpuMeter(() => backendPids(db, [workers.pid, importWorker.pid])),
      }),
    };
    const registerBody: Body = () => ({
      query: REGISTER,
      variables: {
        key: randomUUID(),
        input: {
          upn: makeUpn(),
          firstName: 'Sam',
          lastName: 'Bench',
          dateOfBirth: '2012-01-15',
          sex: 'M',
          reason: 'New to the LA',
        },
      },
    });
    let pool: string[] = await addPupils(ownerUrl, 3000);
    const commissionBody: Body = () => ({
      query: COMMISSION,
      variables: { key: randomUUID(), input: placementInput(pool.pop() ?? 'pool-empty') },
    });
    let readIds: string[] = [];
    let readNext = 0;
    const pupilBody: Body = () => ({ query: PUPIL, variables: { id: readIds[readNext++ % readIds.length] } });
    const listBody: Body = () => ({ query: LIST, variables: {} });

    // Writes after this instant are the ones whose flag latency is reported (the database's clock).
    const since = (await sql<{ t: string }>(ownerUrl, `SELECT now()::text AS t`))[0]!.t;
    // Warm-up: JIT, connection pools, caches (not recorded).
    await load('warm-up', ctx, 8, registerBody, 2, false);
    await load('warm-up', ctx, 8, commissionBody, 2, false);
    const refill = async (need: number) => {
      if (pool.length < need) pool = [...(await addPupils(ownerUrl, need - pool.length)), ...pool];
    };
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const c of CONCURRENCY) {
        console.log(`round ${round}/${ROUNDS}, concurrency ${c} (load average ${loadAvg().toFixed(2)})`);
        await pgbench(ownerUrl, db, `pgbench 1 statement, c${c}`, ONE, c);
        await pgbench(ownerUrl, db, `pgbench 4 statements, c${c}`, FOUR, c);
        if (wanted('registerPupil')) await load(`registerPupil, c${c}`, ctx, c, registerBody);
        const last = results.get(`commissionPlacement, c${c}`)?.at(-1)?.rps ?? 300;
        await refill(Math.ceil(last * SECONDS * 2) + 500);
        if (wanted('commissionPlacement')) await load(`commissionPlacement, c${c}`, ctx, c, commissionBody);
        // The workers evaluate the writes behind the API; let them finish before the reads, so a read round
        // measures reads and not the evaluation of the write round before it (sharing the same two cores).
        const waitStarted = Date.now();
        const left = await workersCaughtUp(ownerUrl, since, 120_000);
        console.log(
          `  workers caught up with the writes ${((Date.now() - waitStarted) / 1000).toFixed(1)} s after the write round${left ? ` (not quite: ${left} left)` : ''}`,
        );
        readIds = (
          await sql<{ id: string }>(
            ownerUrl,
            `SELECT p.id FROM "Pupil" p JOIN "Placement" pl ON pl."pupilId" = p.id ORDER BY random() LIMIT 500`,
          )
        ).map((r) => r.id);
        if (wanted('pupil')) await load(`pupil(id) + timeline, c${c}`, ctx, c, pupilBody);
        if (wanted('pupils')) await load(`pupils(inAp, first 50), c${c}`, ctx, c, listBody);
      }
    }
    const rss = procs.map((p) => ({ name: p.name, peak: rssKiB(p.pid, 'VmHWM'), now: rssKiB(p.pid, 'VmRSS') }));
    const flagsAfter = await flagLatency(ownerUrl, since);
    const apiHeap = await heapOf(url);
    const counts = (
      await sql<{
        pupils: number;
        placements: number;
        outbox: number;
        passes: number;
        unpublished: number;
        flags: number;
      }>(
        ownerUrl,
        `SELECT (SELECT count(*) FROM "Pupil")::int AS pupils, (SELECT count(*) FROM "Placement")::int AS placements,
                (SELECT count(*) FROM "OutboxEvent")::int AS outbox,
                (SELECT count(DISTINCT "relayBatch") FROM "OutboxEvent")::int AS passes,
                (SELECT count(*) FROM "OutboxEvent" WHERE "publishedAt" IS NULL)::int AS unpublished,
                (SELECT count(*) FROM "Flag")::int AS flags`,
      )
    )[0]!;

    const names = (c: number) => [
      `pgbench 1 statement, c${c}`,
      `pgbench 4 statements, c${c}`,
      `registerPupil, c${c}`,
      `commissionPlacement, c${c}`,
      `pupil(id) + timeline, c${c}`,
      `pupils(inAp, first 50), c${c}`,
    ];
    for (const c of CONCURRENCY) table(`concurrency ${c} (API and workers: ${runtimeName(runtime)})`, names(c));
    const loads = [...results.values()].flat().map((r) => r.load);
    console.log(
      `\nload average during the rounds: median ${median(loads).toFixed(2)}, max ${Math.max(...loads).toFixed(2)} (2 cores, shared)`,
    );
    console.log(
      `rows after the run: ${counts.pupils} pupils, ${counts.placements} placements, ${counts.outbox} outbox rows (${counts.unpublished} not yet relayed) in ${counts.passes} relay passes (${(counts.outbox / Math.max(1, counts.passes)).toFixed(1)} a pass), ${counts.flags} flags`,
    );
    const mib = (kib: number | null | undefined) => ((kib ?? NaN) / 1024).toFixed(0);
    for (const r of rss)
      console.log(
        `RSS ${r.name}: at start ${mib(rssAtStart.find((s) => s.name === r.name)?.now)} MiB, peak ${mib(r.peak)} MiB, at the end ${mib(r.now)} MiB (target < 300 MiB)`,
      );
    if (apiHeap) console.log(`API memory at the end (its /metrics): ${apiHeap}`);
    if (MEMORY)
      for (const p of procs) {
        const peak = existsSync(memoryFile(p.name)) ? readFileSync(memoryFile(p.name), 'utf8') : '(none recorded)';
        console.log(`memory of ${p.name} at its peak RSS (MiB; bench/memorySampler.mjs): ${peak}`);
      }
    console.log(flagsAfter);
    if (firstError) console.log(`first error: ${firstError}`);
    for (const c of CONCURRENCY) {
      const base = median((results.get(`pgbench 4 statements, c${c}`) ?? []).map((r) => r.rps));
      const ratio = (n: string) => median((results.get(`${n}, c${c}`) ?? []).map((r) => r.rps)) / base;
      console.log(
        `c${c}: registerPupil ${ratio('registerPupil').toFixed(3)}x, commissionPlacement ${ratio('commissionPlacement').toFixed(3)}x pgbench(4 stmt)`,
      );
    }
    const c0 = CONCURRENCY[0]!;
    const base = median((results.get(`pgbench 4 statements, c${c0}`) ?? []).map((r) => r.rps));
    const lower = Math.min(
      ...['registerPupil', 'commissionPlacement'].map(
        (n) => median((results.get(`${n}, c${c0}`) ?? []).map((r) => r.rps)) / base,
      ),
    );
    console.log(`write ratio vs pgbench(4 stmt): ${lower.toFixed(3)}`);
    return 0;
  } finally {
    for (const p of procs) await stopProcess(p);
    if (PROFILE) {
      console.log(`\nCPU profiles (node --cpu-prof, the whole run) in ${PROFILE_DIR}:`);
      for (const line of summariseProfiles(PROFILE_DIR)) console.log(line);
    }
  }
}
