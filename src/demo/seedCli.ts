import { createPrisma } from '../db/prisma';
import { DEFAULT_DEMO_SEED } from './generate';
import { seedDemoData } from './seed';
import { seedFairAccess } from './fairAccess';
import { DEMO_USERS } from './users';

// npx tsx src/demo/seedCli.ts [--if-empty] [--seed N] [--today YYYY-MM-DD]
// Loads the demo data set as the owner role (DATABASE_URL). `npm start` runs it with --if-empty.

function usage(message: string): never {
  console.error(`[seed] ${message}\nusage: tsx src/demo/seedCli.ts [--if-empty] [--seed N] [--today YYYY-MM-DD]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let ifEmpty = false;
let seed = DEFAULT_DEMO_SEED;
let today: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--if-empty') ifEmpty = true;
  else if (a === '--seed') {
    seed = Number(args[++i]);
    if (!Number.isInteger(seed) || seed < 0) usage('--seed needs a non-negative whole number');
  } else if (a === '--today') {
    today = args[++i];
    if (!today || !/^\d{4}-\d{2}-\d{2}$/.test(today)) usage('--today needs a date like 2026-11-22');
  } else usage(`unknown argument ${a}`);
}

const url = process.env.DATABASE_URL;
if (!url) usage('DATABASE_URL is not set: it must name the database owner account.');

const prisma = createPrisma(url, 2);
try {
  if (ifEmpty && (await prisma.localAuthority.count()) > 0) {
    console.log('[seed] the database already has data: nothing to do (--if-empty)');
  } else {
    const started = Date.now();
    const r = await seedDemoData(prisma, { seed, today });
    console.log(`[seed] demo data for ${r.today} (seed ${r.seed}):`);
    for (const [table, n] of Object.entries(r.counts)) console.log(`[seed]   ${table.padEnd(18)} ${n}`);
    // A year of fair access panels, written through the real use cases on top of the movements.
    const fap = await seedFairAccess(prisma, { seed, today: r.today });
    console.log(
      `[seed] fair access: ${fap.meetings} meetings, ${fap.referrals} referrals, ${fap.decisions} decisions, ${fap.admissions} admissions, ${fap.refusals} refusals, ${fap.directions} directions, ${fap.openOverdue} overdue`,
    );
    console.log(
      `[seed] generated in ${(r.generateMs / 1000).toFixed(1)} s, inserted in ${(r.insertMs / 1000).toFixed(1)} s, ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
    );
    console.log(
      `[seed] demo users (issue a token with npm run token): ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(', ')}`,
    );
  }
} catch (err) {
  console.error(`[seed] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
