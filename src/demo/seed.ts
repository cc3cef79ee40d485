import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { generateDemoData, type GenerateOptions } from './generate';
import type { DemoData } from './types';

/** Inserts the generated demo data set in one transaction, table by table, with createMany in batches. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Date strings become Dates (DATE columns at UTC midnight); everything else is passed through. */
function dbRow(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'string' && DATE.test(v)) out[k] = new Date(`${v}T00:00:00.000Z`);
    else if (typeof v === 'string' && TIMESTAMP.test(v)) out[k] = new Date(v);
    else if (v !== undefined) out[k] = v;
  }
  return out;
}

interface CreateMany<T> {
  createMany(args: { data: T[] }): Prisma.PrismaPromise<Prisma.BatchPayload>;
}

// PostgreSQL allows 65,535 bind parameters per statement; stay well below.
async function insert<T>(delegate: CreateMany<T>, rows: readonly object[]): Promise<void> {
  if (!rows.length) return;
  const columns = Math.max(...rows.slice(0, 50).map((r) => Object.keys(r).length));
  const size = Math.max(50, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += size)
    await delegate.createMany({ data: rows.slice(i, i + size).map(dbRow) as T[] });
}

export type DemoCounts = Record<Exclude<keyof DemoData, 'seed' | 'today'>, number>;

export function countsOf(data: DemoData): DemoCounts {
  const { seed: _s, today: _t, ...tables } = data;
  return Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.length])) as DemoCounts;
}

export async function insertDemoData(prisma: PrismaClient, data: DemoData): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await insert(tx.localAuthority, data.localAuthorities);
      await insert(tx.termDates, data.termDates);
      await insert(tx.school, data.schools);
      await insert(tx.provider, data.providers);
      await insert(tx.appUser, data.users);
      await insert(tx.pupil, data.pupils);
      await insert(tx.enrolment, data.enrolments);
      await insert(tx.exclusion, data.exclusions);
      await insert(tx.placement, data.placements);
      await insert(tx.placementReview, data.reviews);
      await insert(tx.reintegration, data.reintegrations);
      await insert(tx.reintegrationCheckpoint, data.checkpoints);
      await insert(tx.pupilEvent, data.pupilEvents);
      await insert(tx.outboxEvent, data.outbox);
    },
    { maxWait: 15_000, timeout: 300_000 },
  );
}

export interface SeedResult {
  seed: number;
  today: string;
  counts: DemoCounts;
  generateMs: number;
  insertMs: number;
}

/** Generates and inserts the demo data set. The database must not already hold it (LA codes are unique). */
export async function seedDemoData(prisma: PrismaClient, opts: GenerateOptions = {}): Promise<SeedResult> {
  const t0 = Date.now();
  const data = generateDemoData(opts);
  const t1 = Date.now();
  await insertDemoData(prisma, data);
  return { seed: data.seed, today: data.today, counts: countsOf(data), generateMs: t1 - t0, insertMs: Date.now() - t1 };
}
