import type { PrismaClient } from '../../generated/prisma/client';
import type { ReportDeps, ReportRequest } from '../request';
import { readRollup } from './store';
import { composeFromMonths, type MonthlyFacts } from './months';

/** The reports whose facts are rolled up (the migration's CHECK lists the same names). */
export type RollupReport =
  'MOVEMENT_SUMMARY' | 'STAY_LENGTHS' | 'REINTEGRATION' | 'SCHOOL_MOVEMENT_PROFILE' | 'PROVIDER_SCORECARD';

/** Anything that can run the report's SQL: the client, or a transaction (the rollup refresh). */
export type FactsDb = Pick<PrismaClient, '$queryRaw'>;

/** What facts are gathered for: one LA, one period, the filters that change what is counted, the LA's calendar and the "as of" date. */
export type FactsQuery = Pick<ReportRequest, 'laId' | 'period' | 'filter' | 'cal' | 'asOf'>;

/**
 * A report split in two: gathering its facts (SQL, counts only) and presenting them (labels, suppression).
 * Facts gathered without filters for a standard period are what a rollup cell holds.
 */
export interface FactsSpec<F> {
  report: RollupReport;
  gather(db: FactsDb, q: FactsQuery): Promise<F>;
  /** Whether facts gathered without filters still answer a request with these filters. */
  answersFilter(filter: ReportRequest['filter']): boolean;
  /** Whether the facts depend on the "as of" date (open stays, reviews due), so a cell serves only its own. */
  dependsOnAsOf: boolean;
  /**
   * For facts that add up across days (and do not depend on "as of"): how monthly cells compose into any
   * period (rollups/months.ts). Without it, a period that is not a year or term is read live.
   */
  monthly?: MonthlyFacts<F>;
}

export type FactsSource = { kind: 'LIVE' } | { kind: 'ROLLUP'; refreshedAt: Date };
export const LIVE: FactsSource = { kind: 'LIVE' };

/**
 * The facts for a request: from the rollup cell for exactly this LA and period (and "as of" date, where
 * it matters) when one is up to date (no change pending for the years it rests on) and the filters allow
 * it; else, for a report with monthly cells, from the up-to-date cells of the months the period covers
 * whole plus its partial months read live (reported as ROLLUP, refreshed when its oldest cell was);
 * otherwise read live. Either way the figures are the record's as it stands now.
 */
export async function factsFor<F>(
  deps: ReportDeps,
  req: ReportRequest,
  spec: FactsSpec<F>,
): Promise<{ facts: F; source: FactsSource }> {
  if (spec.answersFilter(req.filter)) {
    const cell = await readRollup(deps.prisma, req.laId, spec.report, req.period, spec.dependsOnAsOf ? req.asOf : null);
    if (cell) return { facts: cell.facts as F, source: { kind: 'ROLLUP', refreshedAt: cell.refreshedAt } };
    if (spec.monthly) {
      const composed = await composeFromMonths(deps.prisma, req, spec.report, spec.monthly);
      if (composed) return { facts: composed.facts, source: { kind: 'ROLLUP', refreshedAt: composed.refreshedAt } };
    }
  }
  return { facts: await spec.gather(deps.prisma, req), source: LIVE };
}
