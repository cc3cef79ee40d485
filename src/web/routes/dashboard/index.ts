import { Router, type Request } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { renderChart } from '../../charts';
import { navigationFor } from '../../navigation';
import { academicYearOptions, readPeriod } from './period';
import type { Cell, FlagsAnswer, SchoolsAnswer, StaysAnswer, SummaryAnswer } from './answers';
import * as charts from './charts';

const ops = loadOperations(import.meta.url, 'dashboard.graphql', [
  'DashboardSummary',
  'DashboardStays',
  'DashboardSchools',
  'DashboardFlags',
] as const);

const TERM_ITEMS = [
  { value: '', text: 'Whole year' },
  { value: 'AUTUMN', text: 'Autumn term' },
  { value: 'SPRING', text: 'Spring term' },
  { value: 'SUMMER', text: 'Summer term' },
];

/** The LA oversight dashboard: headline cards and charts for a period (academic year, term or custom dates). */
export function dashboardRoutes(ctx: WebContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const today = ctx.today();
    const choice = readPeriod(req.query, today);
    const period = choice.input;
    // Who may see what is the schema's decision: the summary's reports answer FORBIDDEN (→ 403 page)
    // to roles without LA-wide statistics, and figures come back suppressed for analysts.
    const [summary, stays, schools, flags] = await Promise.all([
      ctx.graphql.query<SummaryAnswer>(req, ops.DashboardSummary, { period, on: today }),
      ctx.graphql.query<StaysAnswer>(req, ops.DashboardStays, { period }),
      ctx.graphql.query<SchoolsAnswer>(req, ops.DashboardSchools, { period }),
      showsFlags(req) ? ctx.graphql.query<FlagsAnswer>(req, ops.DashboardFlags) : Promise.resolve(null),
    ]);
    const months = summary.movementTrend.months;
    const ranked = charts.rankSchools(schools.schoolMovementProfile.schools);
    const specs = [
      charts.entriesAndExitsChart(months),
      charts.entriesByReasonChart(months),
      charts.populationChart(months),
      charts.stayLengthChart(stays, summary.thresholds),
      charts.reintegrationChart(summary),
      charts.schoolsRankedChart(ranked),
      charts.disproportionalityChart(ranked),
    ];
    const rendered = await Promise.all(specs.map((s) => renderChart(s)));
    const chartById = Object.fromEntries(specs.map((s, i) => [s.id, rendered[i]]));

    const fa = summary.fairAccessReport;
    res.render('pages/dashboard/index', {
      pageTitle: 'Dashboard',
      meta: summary.movementSummary.meta,
      form: choice.form,
      errors: choice.errors,
      fieldErrors: Object.fromEntries(choice.errors.map((e) => [e.href.slice(1), e.text])),
      academicYearItems: academicYearOptions(today).map((y) => ({
        value: y,
        text: y,
        selected: y === choice.form.academicYear,
      })),
      termItems: TERM_ITEMS.map((t) => ({ ...t, selected: t.value === choice.form.term })),
      cards: {
        population: summary.apPopulation,
        entries: summary.movementSummary.entries,
        exits: summary.movementSummary.exits,
        medianStay: stays.stayLengthReport.rows.find((r) => r.group === 'ALL')?.open.median ?? null,
        flags,
        faPlaced: fa.placed,
        faLate: difference(fa.placed, fa.placedWithinTarget),
        faTarget: fa.targetSchoolDays,
      },
      charts: chartById,
      monthsShown: months.length,
    });
  });
  return router;
}

/** The flags card goes to roles that have the flags inbox (the navigation table); others see no individual flags. */
function showsFlags(req: Request): boolean {
  return navigationFor(req.user!.role, '/').some((i) => i.href === '/flags');
}

/** a − b, suppressed if either is (a difference would reveal a suppressed count). */
function difference(a: Cell, b: Cell): Cell {
  if (a.suppressed || b.suppressed) return { value: null, suppressed: true };
  if (a.value === null || b.value === null) return { value: null, suppressed: false };
  return { value: a.value - b.value, suppressed: false };
}
