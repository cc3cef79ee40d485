/**
 * `npm run bench:web`: server time of the web pages (issue 12) on the demo data and at 1M movements,
 * signed in through a real OpenID Connect provider (tests/support/oidcProvider.ts) as an LA officer,
 * each page requested over HTTP like a browser's first request for it (HTML only; assets are static).
 * Part 2's daily-work pages (issue 13: find a pupil, the pupil record, the provider's and school's homes,
 * a fair access agenda) are requested as the role that uses them.
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
  /** The page with its varying parts (a year, an id, a name) replaced: the same across scales. */
  page: string;
  p50: number;
  p95: number;
}

interface Target {
  page: string;
  path: string;
  /** Who requests it (pages answer per role and organisation); default the LA officer. */
  as?: string;
}

/**
 * Part 2's pages (issue 13) on records the scale holds: the LA's pupil with the longest timeline, a
 * search by its commonest surname, and, on the demo data (where the other roles' users exist), the
 * provider's and school's homes and the fair access meeting with the most decisions.
 */
async function dailyWorkTargets(ownerUrl: string, scale: string, laId: string): Promise<Target[]> {
  const [pupil] = await sql<{ id: string }>(
    ownerUrl,
    `SELECT p.id FROM "Pupil" p JOIN "PupilEvent" e ON e."pupilId" = p.id WHERE p."homeLaId" = $1::uuid
     GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1`,
    [laId],
  );
  const [surname] = await sql<{ lastName: string }>(
    ownerUrl,
    `SELECT "lastName" FROM "Pupil" WHERE "homeLaId" = $1::uuid GROUP BY "lastName" ORDER BY count(*) DESC, "lastName" LIMIT 1`,
    [laId],
  );
  const targets: Target[] = [
    { page: '/pupils?name=<commonest surname>', path: `/pupils?name=${encodeURIComponent(surname!.lastName)}` },
    { page: '/pupils/<longest timeline>', path: `/pupils/${pupil!.id}` },
  ];
  if (scale !== 'demo') return targets;
  const [meeting] = await sql<{ id: string }>(
    ownerUrl,
    `SELECT m.id FROM "FairAccessPanelMeeting" m LEFT JOIN "FairAccessDecision" d ON d."meetingId" = m.id
     WHERE m."laId" = $1::uuid GROUP BY m.id ORDER BY count(d.id) DESC, m.id LIMIT 1`,
    [laId],
  );
  return [
    ...targets,
    { page: '/home (AP provider staff)', path: '/home', as: demoUser('PROVIDER_STAFF').email },
    { page: '/home (school staff)', path: '/home', as: demoUser('SCHOOL_STAFF').email },
    ...(meeting
      ? [
          {
            page: '/fair-access/meetings/<busiest> (panel member)',
            path: `/fair-access/meetings/${meeting.id}`,
            as: demoUser('PANEL_MEMBER').email,
          },
        ]
      : []),
  ];
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
async function load(
  scale: string,
  ownerUrl: string,
  today: string,
): Promise<{ email: string; year: string; laId: string }> {
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
  return {
    email,
    laId: la!.laId,
    year: scale === 'demo' ? academicYearLabel(academicYearStartYear(today) - 1) : '2024-25',
  };
}

async function measure(scale: string, ownerUrl: string): Promise<Row[]> {
  console.log(`\n== ${scale === 'demo' ? 'demo data' : `${Number(scale).toLocaleString('en-GB')} movements`} ==`);
  const today = new Date().toISOString().slice(0, 10);
  const { email, year, laId } = await load(scale, ownerUrl, today);
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
  const yearPage = (path: string) => ({ page: path.replace(year, '<year>'), path });
  const pages: Target[] = [
    yearPage(`/dashboard`),
    yearPage(`/dashboard?academicYear=${year}&term=`),
    yearPage(`/reports/movement-summary?academicYear=${year}&term=`),
    yearPage(`/reports/school-movement-profile?academicYear=${year}&term=`),
    yearPage(`/flags`),
    ...(await dailyWorkTargets(ownerUrl, scale, laId)),
  ];
  const rows: Row[] = [];
  try {
    const jars = new Map<string, Awaited<ReturnType<typeof signInOverHttp>>>();
    for (const { page, path, as = email } of pages) {
      if (!jars.has(as)) jars.set(as, await signInOverHttp(publicUrl, as));
      const jar = jars.get(as)!;
      const times: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const started = performance.now();
        const res = await jar.fetch(`${publicUrl}${path}`);
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
    `\n${RUNS} timed requests per page after ${WARMUP} warm-up requests; sequential, over HTTP, signed in as an LA officer unless the page names the role; total ${((Date.now() - started) / 60000).toFixed(1)} min\n`,
  );
  const head = ['page', ...SCALES.flatMap((s) => [`${label(s)} p50 ms`, `${label(s)} p95 ms`])];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  // Rows line up by page; a page a scale does not have (other roles' users exist only in the demo data) is –.
  const pagesSeen = [...new Set([...results.values()].flat().map((r) => r.page))];
  for (const page of pagesSeen) {
    const cells = SCALES.flatMap((s) => {
      const r = results.get(s)!.find((x) => x.page === page);
      return r ? [r.p50.toFixed(1), r.p95.toFixed(1)] : ['–', '–'];
    });
    console.log(`| \`${page}\` | ${cells.join(' | ')} |`);
  }
}
