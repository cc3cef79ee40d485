import type { Actor } from '../auth/actor';
import { audit } from '../record/audit';
import type { Clock } from '../time/clock';
import {
  prepareReport,
  type ReportArgs,
  type ReportDeps,
  type ReportMeta,
  type ReportName,
  type ReportRequest,
} from './request';
import { movementSummary } from './movementSummary';
import { apPopulation } from './apPopulation';
import { stayLengths } from './stayLengths';
import { reintegrationReport } from './reintegration';
import { schoolProfile } from './schoolProfile';
import { providerScorecard } from './providerScorecard';
import { fairAccess } from './fairAccess';
import { movementTrend } from './movementTrend';
import { toCsv } from './csv';

const BUILDERS: Record<ReportName, (deps: ReportDeps, req: ReportRequest) => Promise<{ meta: ReportMeta }>> = {
  MOVEMENT_SUMMARY: movementSummary,
  AP_POPULATION: apPopulation,
  STAY_LENGTHS: stayLengths,
  REINTEGRATION: reintegrationReport,
  SCHOOL_MOVEMENT_PROFILE: schoolProfile,
  PROVIDER_SCORECARD: providerScorecard,
  FAIR_ACCESS: fairAccess,
  MOVEMENT_TREND: movementTrend,
};

/** Runs a report for the caller: access and suppression decided once, the run audited (who, what, which period). */
export async function runReport<T extends { meta: ReportMeta }>(
  deps: ReportDeps & { clock: Clock; reportsPrisma?: ReportDeps['prisma'] },
  actor: Actor,
  report: ReportName,
  args: ReportArgs,
  purpose: 'query' | 'csv' = 'query',
): Promise<T> {
  // Figures come from the reports replica when there is one; the audit row is the primary's (a replica is read-only).
  const read: ReportDeps = { prisma: deps.reportsPrisma ?? deps.prisma, calendars: deps.calendars };
  const req = await prepareReport(read, actor, report, args, deps.clock.today());
  const f = req.filter;
  const subjects = [
    `${req.period.from}..${req.period.to}`,
    `suppressed=${req.presenter.suppress}`,
    ...(f.providerId ? [`provider=${f.providerId}`] : []),
    ...(f.schoolId ? [`school=${f.schoolId}`] : []),
    ...(f.phase ? [`phase=${f.phase}`] : []),
  ];
  // The audit row is written alongside the report's reads rather than after them: one round trip less.
  const [result] = await Promise.all([
    BUILDERS[report](read, req) as Promise<T>,
    audit(deps.prisma, actor, `report.${purpose}.${report}`, 'REPORT', subjects),
  ]);
  return result;
}

export async function reportCsv(
  deps: ReportDeps & { clock: Clock; reportsPrisma?: ReportDeps['prisma'] },
  actor: Actor,
  report: ReportName,
  args: ReportArgs,
) {
  const result = await runReport(deps, actor, report, args, 'csv');
  const { csv, rows } = toCsv(report, result);
  const m = result.meta;
  return {
    report,
    filename: `${report.toLowerCase()}_${m.period.from}_${m.period.to}${m.suppressed ? '_suppressed' : ''}.csv`,
    contentType: 'text/csv; charset=utf-8',
    suppressed: m.suppressed,
    rows,
    csv,
  };
}
