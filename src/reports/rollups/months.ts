import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { addDays, daysInMonth, makeIsoDate, monthOf, yearOf, type IsoDate } from '../../domain/dates';
import type { Period } from '../period';
import type { FactsDb, FactsQuery, RollupReport } from './facts';

/**
 * Monthly cells (table "ReportRollupMonth", issue 18 goal 5): for a report whose facts are counts that add up
 * across days, a period that is not a standard one is the sum of the cells of the calendar months it covers
 * whole and of its partial months at each end, read live over those few days. Figures that do not add up
 * (distinct pupils) are read for the whole period by the report itself (`MonthlyFacts.overWhole`), or kept in a
 * form that composes and finished for the period (`MonthlyFacts.finish`: the school profile's moves by the date
 * of each one's previous move). A month's cell rests on its academic year only (the triggers mark every year a
 * change touches, and movement facts are dated inside the month), so a change pending for that year makes it
 * unusable; or, with `restsOnEarlierYears`, on every year up to its own.
 */
export interface MonthlyFacts<F> {
  /** The facts of two parts of a period added together (the non-additive figures are replaced later). */
  add(a: F, b: F): F;
  /** Figures that do not add up across parts, read for the whole period and laid over the sum. */
  overWhole(db: FactsDb, q: FactsQuery): Promise<Partial<F>>;
  /**
   * The additive facts of date ranges, read live together: a month's cell (one range, the whole month) and
   * the partial months of a period (one or two ranges).
   */
  gatherEdges(db: FactsDb, q: FactsQuery, edges: readonly DateRange[]): Promise<F>;
  /** The report's facts for the period from the sum laid over with the whole-period figures, when they need the period. */
  finish?(facts: F, q: FactsQuery): F;
  /**
   * Whether a month's facts also rest on the years before it (e.g. a pupil's previous move), so a change
   * pending for any year up to the month's makes its cell unusable, and a refresh rebuilds the months of
   * every kept year from the earliest changed one.
   */
  restsOnEarlierYears?: boolean;
}

/** Days from one date to another, both inclusive. */
export type DateRange = Pick<Period, 'from' | 'to'>;

export interface MonthSplit {
  /** First days of the months the period covers whole. */
  months: IsoDate[];
  /** The partial months at each end (zero, one or two), read live. */
  edges: DateRange[];
}

const monthStart = (d: IsoDate) => makeIsoDate(yearOf(d), monthOf(d), 1);
const monthEnd = (d: IsoDate) => makeIsoDate(yearOf(d), monthOf(d), daysInMonth(yearOf(d), monthOf(d)));

/** The period as whole calendar months and the partial months at its ends. */
export function splitByMonth(p: Pick<Period, 'from' | 'to'>): MonthSplit {
  const first = p.from === monthStart(p.from) ? p.from : addDays(monthEnd(p.from), 1);
  const last = p.to === monthEnd(p.to) ? p.to : addDays(monthStart(p.to), -1);
  if (first > last) return { months: [], edges: [{ from: p.from, to: p.to }] };
  const months: IsoDate[] = [];
  for (let m = first; m <= last; m = addDays(monthEnd(m), 1)) months.push(m);
  const edges = [
    ...(p.from < first ? [{ from: p.from, to: addDays(first, -1) }] : []),
    ...(p.to > last ? [{ from: addDays(last, 1), to: p.to }] : []),
  ];
  return { months, edges };
}

/** A calendar month as a report period. */
export const monthPeriod = (month: IsoDate): Period => ({ from: month, to: monthEnd(month), label: month.slice(0, 7) });

/** Every month of an academic year (start year y: September y to August y + 1). */
export function monthsOfAcademicYear(y: number): IsoDate[] {
  return Array.from({ length: 12 }, (_, i) => makeIsoDate(i < 4 ? y : y + 1, ((i + 8) % 12) + 1, 1));
}

/**
 * The cells of these months for the LA and report, or null unless every one exists and no change is pending
 * for its academic year (or, with `earlierYears`, for any year up to it) — checked in the same statement, so
 * cells and changes come from one snapshot.
 */
export async function readMonthCells(
  db: FactsDb,
  laId: string,
  report: RollupReport,
  months: IsoDate[],
  earlierYears = false,
): Promise<{ facts: unknown; refreshedAt: Date }[] | null> {
  const rows = await db.$queryRaw<{ facts: unknown; refreshedAt: Date }[]>`
    SELECT m."facts", m."refreshedAt" FROM "ReportRollupMonth" m
     WHERE m."laId" = ${laId}::uuid AND m."report" = ${report} AND m."month" = ANY(${months}::date[])
       AND NOT EXISTS (SELECT 1 FROM "ReportRollupChange" c
                        WHERE c."laId" = ${laId}::uuid AND c."academicYear" <= report_rollup_year(m."month")
                          AND (${earlierYears}::boolean OR c."academicYear" = report_rollup_year(m."month")))`;
  return rows.length === months.length ? rows : null;
}

export async function writeMonthCell(
  db: Pick<Prisma.TransactionClient, '$executeRaw'>,
  laId: string,
  report: RollupReport,
  month: IsoDate,
  facts: unknown,
) {
  await db.$executeRaw`
    INSERT INTO "ReportRollupMonth" ("laId", "report", "month", "facts", "refreshedAt")
    VALUES (${laId}::uuid, ${report}, ${month}::date, ${JSON.stringify(facts)}::jsonb, now())
    ON CONFLICT ("laId", "report", "month") DO UPDATE SET "facts" = EXCLUDED."facts", "refreshedAt" = EXCLUDED."refreshedAt"`;
}

/**
 * The facts for a period composed from monthly cells and live partial months, or null when the period
 * covers no whole month or a cell it needs is missing or stale (the caller then reads it live). The cells,
 * the partial months and the whole-period figures are read concurrently: on a miss the extra reads are a
 * month's worth at most.
 */
export async function composeFromMonths<F>(
  db: PrismaClient,
  q: FactsQuery,
  report: RollupReport,
  monthly: MonthlyFacts<F>,
): Promise<{ facts: F; refreshedAt: Date } | null> {
  const split = splitByMonth(q.period);
  if (split.months.length === 0) return null;
  const [cells, whole, edges] = await Promise.all([
    readMonthCells(db, q.laId, report, split.months, monthly.restsOnEarlierYears),
    monthly.overWhole(db, q),
    split.edges.length ? gatherEdgesSerially(db, q, monthly, split.edges) : null,
  ]);
  if (!cells) return null;
  const parts = [...cells.map((c) => c.facts as F), ...(edges ? [edges] : [])];
  const sum = parts.slice(1).reduce((a, b) => monthly.add(a, b), parts[0]!);
  const refreshedAt = new Date(Math.min(...cells.map((c) => c.refreshedAt.getTime())));
  const laid = { ...sum, ...whole };
  return { facts: monthly.finish ? monthly.finish(laid, q) : laid, refreshedAt };
}

/**
 * The partial months gathered with parallel query off (SET LOCAL: this transaction only). They are a few
 * hundred movements, but at 1M movements the planner costs the hash of the LA's pupils (20,000) high enough to
 * launch two workers and sort-merge their rows, which on a small server costs more than it saves: the movement
 * summary's two ends of 2024-09-02..2025-08-29 took 134 ms with workers against 55 ms without (EXPLAIN ANALYZE,
 * one LA, the bench's data; issue 18 goal 5). The same figures either way: only the plan changes.
 */
// As the rollup refresh: wait for a pooled connection as a plain query would, rather than fail after 2 s.
const EDGE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

function gatherEdgesSerially<F>(
  db: PrismaClient,
  q: FactsQuery,
  monthly: MonthlyFacts<F>,
  edges: readonly DateRange[],
): Promise<F> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
    return monthly.gatherEdges(oneAtATime(tx), q, edges);
  }, EDGE_TRANSACTION);
}

/**
 * A transaction runs on one connection, and the gather functions issue their queries together (on the
 * pool they run in parallel); here they are queued, since node-postgres deprecates overlapping queries on
 * one client.
 */
export function oneAtATime(tx: FactsDb): FactsDb {
  let last: Promise<unknown> = Promise.resolve();
  const queryRaw = (...args: Parameters<FactsDb['$queryRaw']>) => {
    const run = last.then(() => tx.$queryRaw(...args));
    last = run.catch(() => undefined);
    return run;
  };
  return { $queryRaw: queryRaw as unknown as FactsDb['$queryRaw'] };
}
