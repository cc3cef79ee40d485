import type { PrismaClient } from '../generated/prisma/client';
import type { SchoolPhase } from '../generated/prisma/enums';
import type { Actor } from '../auth/actor';
import type { CalendarService } from '../calendar/calendarService';
import type { SchoolCalendar } from '../domain/calendar';
import { forbidden, invalid } from '../errors';
import { authorise } from '../access/permissions';
import { Presenter, suppressionThreshold } from './suppression';
import { LIVE, type FactsSource } from './rollups/facts';
import { resolvePeriod, type Period, type PeriodInput } from './period';

export type ReportName =
  | 'MOVEMENT_SUMMARY'
  | 'AP_POPULATION'
  | 'STAY_LENGTHS'
  | 'REINTEGRATION'
  | 'SCHOOL_MOVEMENT_PROFILE'
  | 'PROVIDER_SCORECARD'
  | 'FAIR_ACCESS'
  | 'MOVEMENT_TREND';

export interface ReportFilter {
  providerId?: string | null;
  schoolId?: string | null;
  phase?: SchoolPhase | null;
}

export interface ReportArgs {
  period?: PeriodInput | null;
  /** AP population only: the date (default today). */
  on?: string | null;
  filter?: ReportFilter | null;
  /** An export to be shared outside the LA: suppressed whatever the caller's role. */
  forSharing?: boolean | null;
}

export interface ReportDeps {
  prisma: PrismaClient;
  calendars: CalendarService;
}

/** Everything a report needs, decided once: whose LA, which period, which filters, how to publish. */
export interface ReportRequest {
  report: ReportName;
  laId: string;
  period: Period;
  filter: { providerId: string | null; schoolId: string | null; phase: SchoolPhase | null };
  /** The last date whose facts are known (asOfFor). */
  asOf: string;
  cal: SchoolCalendar;
  calendarSource: string;
  presenter: Presenter;
}

export interface ReportMeta {
  report: ReportName;
  period: Period;
  filter: ReportRequest['filter'];
  suppressed: boolean;
  suppressionThreshold: number;
  calendarSource: string;
  generatedAt: Date;
  /** LIVE: read from the record now; ROLLUP: from an up-to-date rollup cell (src/reports/rollups). */
  source: FactsSource['kind'];
  rollupRefreshedAt: Date | null;
  /** Set on reports whose figures are local measures (reintegration, provider scorecard): domain.md §10.1. */
  localMeasure: string | null;
}

/** domain.md §10.1: no DfE AP performance framework yet, so these outcome figures are the tracker's own. */
export const LOCAL_MEASURE_LABEL = 'local measure — the DfE AP performance framework is not yet published';
const LOCAL_MEASURE_REPORTS: readonly ReportName[] = ['REINTEGRATION', 'PROVIDER_SCORECARD'];

/**
 * Who may run which report: the permission table's `report.run` (src/access/permissions.ts), whose
 * condition says how. LA-wide exact figures unless the output is for sharing; LA-wide suppressed
 * figures (analysts); one's own provider scorecard or one's own school movement profile, which are
 * about pupils already seen individually, so exact unless for sharing. Roles without it: FORBIDDEN.
 */
export function authoriseReport(
  actor: Actor,
  report: ReportName,
  filter: ReportFilter,
): { filter: ReportRequest['filter']; suppress: boolean } {
  const f = { providerId: filter.providerId ?? null, schoolId: filter.schoolId ?? null, phase: filter.phase ?? null };
  const condition = authorise(actor, 'report.run');
  switch (condition) {
    case 'EXACT_AGGREGATES':
      return { filter: f, suppress: false };
    case 'SUPPRESSED_AGGREGATES':
      return { filter: f, suppress: true };
    case 'OWN_PROVIDER_SCORECARD':
      if (report !== 'PROVIDER_SCORECARD') throw forbidden('Provider staff can run their own provider scorecard only.');
      if (f.providerId && f.providerId !== actor.providerId)
        throw forbidden('Provider staff can see their own provider only.');
      return { filter: { ...f, providerId: actor.providerId ?? null }, suppress: false };
    case 'OWN_SCHOOL_PROFILE':
      if (report !== 'SCHOOL_MOVEMENT_PROFILE')
        throw forbidden('School staff can run their own school movement profile only.');
      if (f.schoolId && f.schoolId !== actor.schoolId) throw forbidden('School staff can see their own school only.');
      return { filter: { ...f, schoolId: actor.schoolId ?? null }, suppress: false };
    default:
      throw new Error(`permissions: report.run has no meaning for condition ${condition}`);
  }
}

export async function prepareReport(
  deps: ReportDeps,
  actor: Actor,
  report: ReportName,
  args: ReportArgs,
  today: string,
): Promise<ReportRequest> {
  const access = authoriseReport(actor, report, args.filter ?? {});
  const cal = await deps.calendars.calendarFor(actor.laId);
  let period: Period;
  if (report === 'AP_POPULATION') {
    const on = args.on ?? today;
    period = { from: on, to: on, label: `on ${on}` };
  } else {
    if (!args.period) throw invalid([{ field: 'period', message: 'This report needs a period.' }]);
    period = resolvePeriod(args.period, cal);
  }
  return {
    report,
    laId: actor.laId,
    period,
    filter: access.filter,
    asOf: asOfFor(period, today),
    cal,
    calendarSource: await deps.calendars.sourceFor(actor.laId),
    presenter: new Presenter(access.suppress || Boolean(args.forSharing), suppressionThreshold()),
  };
}

/**
 * The last date whose facts are known: the period end, or today if that is sooner; a period that has not
 * begun is measured at its first day (nothing can be open or due before it starts).
 */
export function asOfFor(period: Pick<Period, 'from' | 'to'>, today: string): string {
  if (period.to < today) return period.to;
  return today < period.from ? period.from : today;
}

export function metaOf(req: ReportRequest, source: FactsSource = LIVE): ReportMeta {
  return {
    report: req.report,
    period: req.period,
    filter: req.filter,
    suppressed: req.presenter.suppress,
    suppressionThreshold: req.presenter.threshold,
    calendarSource: req.calendarSource,
    generatedAt: new Date(),
    source: source.kind,
    rollupRefreshedAt: source.kind === 'ROLLUP' ? source.refreshedAt : null,
    localMeasure: LOCAL_MEASURE_REPORTS.includes(req.report) ? LOCAL_MEASURE_LABEL : null,
  };
}
