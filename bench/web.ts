/**
 * `npm run bench:web`: server time of the web pages (issue 12) on the demo data and at 1M movements,
 * signed in through a real OpenID Connect provider (tests/support/oidcProvider.ts) as an LA officer,
 * each page requested over HTTP like a browser's first request for it (HTML only; assets are static).
 * Targets (a benchmark, not a test): p95 < 150 ms on the demo data and < 300 ms at 1M.
 * Options: --scales demo,1000000  --runs 20
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startApi } from '../src/services';
import { createPrisma } from '../src/db/prisma';
import { createCalendarService } from '../src/calendar/calendarService';
import { markMissingRollups, refreshRollups } from '../src/reports/rollups/refresh';
import { seedDemoData } from '../src/demo/seed';
import { DEMO_USERS, demoUser } from '../src/demo/users';
import { academicYearLabel, academicYearStartYear } from '../src/domain/academicYear';
import { nearestRank } from '../src/domain/reports/percentiles';
import { startTestIdentityProvider } from '../tests/support/oidcProvider';
import { signInOverHttp } from '../tests/support/httpSignIn';
import { generateScale } from './generateScale';
import { raiseFlags } from './scan';
import { arg, resetData, sql } from './support';

const SCALES = arg('scales', 'demo,1000000').split(',');
const RUNS = Number(arg('runs', '20'));
const WARMUP = 3;
const BENCH_OFFICER = 'bench.officer@bench.example.org';

interface Row {
  page: string;
  p50: number;
  p95: number;
}

async function buildRollups(ownerUrl: string, today: string, laId: string) {
  const prisma = createPrisma(ownerUrl);
  try {
    const calendars = createCalendarService(prisma);
    await markMissingRollups(prisma, today);
    // Only the signed-in user's LA is read; the others' rollups do not change its timings.
    await refreshRollups({ prisma, calendars }, laId, today);
  } finally {
    await prisma.$disconnect();
  }
}

/** Loads the scale's data, as the service would hold it: rollups built and a nightly scan's flags raised. Returns the LA officer's email and the year to show. */
async function load(scale: string, ownerUrl: string, today: string): Promise<{ email: string; year: string }> {
  await resetData(ownerUrl);
  const t0 = Date.now();
  const email = scale === 'demo' ? demoUser('LA_OFFICER').email : BENCH_OFFICER;
  if (scale === 'demo') {
    const prisma = createPrisma(ownerUrl, 4);
    try {
      await seedDemoData(prisma, { seed: 1, today });
    } finally {
      await prisma.$disconnect();
    }
  } else {
    const counts = await generateScale(ownerUrl, Number(scale), (m) => console.log(m));
    await sql(
      ownerUrl,
      `INSERT INTO "AppUser" (email, name, role, "laId") VALUES ($1, 'Bench Officer', 'LA_OFFICER', $2::uuid)`,
      [BENCH_OFFICER, counts.laIds[0]],
    );
  }
  await sql(ownerUrl, 'VACUUM ANALYZE');
  const [la] = await sql<{ laId: string }>(ownerUrl, `SELECT "laId" FROM "AppUser" WHERE email = $1`, [email]);
  await buildRollups(ownerUrl, today, la!.laId);
  const flags = await raiseFlags(ownerUrl, `web${scale}`);
  console.log(
    `  loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s (the LA's rollups built, ${flags.raised} flags raised by a nightly scan)`,
  );
  // The demo data's busiest complete year is last year; the bench generator's is 2024-25.
  return { email, year: scale === 'demo' ? academicYearLabel(academicYearStartYear(today) - 1) : '2024-25' };
}

async function measure(scale: string, ownerUrl: string): Promise<Row[]> {
  console.log(`\n== ${scale === 'demo' ? 'demo data' : `${Number(scale).toLocaleString('en-GB')} movements`} ==`);
  const today = new Date().toISOString().slice(0, 10);
  const { email, year } = await load(scale, ownerUrl, today);
  const port = 40000 + Math.floor(Math.random() * 20000);
  const publicUrl = `http://127.0.0.1:${port}`;
  const idp = await startTestIdentityProvider({
    redirectUri: `${publicUrl}/sign-in/callback`,
    accounts: [
      ...DEMO_USERS.map((u) => ({ login: u.email, email: u.email, name: u.name })),
      { login: BENCH_OFFICER, email: BENCH_OFFICER, name: 'Bench Officer' },
    ],
  });
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: `benchweb${scale}`,
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
  });
  const api = await startApi(config, createLogger('silent'), port);
  const pages = [
    `/dashboard`,
    `/dashboard?academicYear=${year}&term=`,
    `/reports/movement-summary?academicYear=${year}&term=`,
    `/reports/school-movement-profile?academicYear=${year}&term=`,
    `/flags`,
  ];
  const rows: Row[] = [];
  try {
    const jar = await signInOverHttp(publicUrl, email);
    for (const page of pages) {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const started = performance.now();
        const res = await jar.fetch(`${publicUrl}${page}`);
        const html = await res.text();
        const ms = performance.now() - started;
        if (res.status !== 200) throw new Error(`${page}: HTTP ${res.status}\n${html.slice(0, 400)}`);
        if (i >= WARMUP) times.push(ms);
      }
      times.sort((a, b) => a - b);
      const r = { page, p50: nearestRank(times, 0.5)!, p95: nearestRank(times, 0.95)! };
      rows.push(r);
      console.log(
        `  ${page.padEnd(64)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms`,
      );
    }
  } finally {
    await api.close();
    await idp.close();
  }
  return rows;
}

export async function benchWeb(ownerUrl: string): Promise<void> {
  const started = Date.now();
  const results = new Map<string, Row[]>();
  for (const s of SCALES) results.set(s, await measure(s, ownerUrl));
  const label = (s: string) =>
    s === 'demo' ? 'demo' : Number(s) >= 1_000_000 ? `${Number(s) / 1_000_000}M` : `${Number(s) / 1000}k`;
  console.log(
    `\n${RUNS} timed requests per page after ${WARMUP} warm-up requests; sequential, over HTTP, signed in as an LA officer; total ${((Date.now() - started) / 60000).toFixed(1)} min\n`,
  );
  const head = ['page', ...SCALES.flatMap((s) => [`${label(s)} p50 ms`, `${label(s)} p95 ms`])];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  const first = results.get(SCALES[0]!)!;
  for (const [i, r] of first.entries()) {
    // The scales' pages differ only in the year shown; rows line up by position.
    const cells = SCALES.flatMap((s) => [results.get(s)![i]!.p50.toFixed(1), results.get(s)![i]!.p95.toFixed(1)]);
    console.log(`| \`${r.page.replace(/academicYear=[^&]+/, 'academicYear=<year>')}\` | ${cells.join(' | ')} |`);
  }
}
