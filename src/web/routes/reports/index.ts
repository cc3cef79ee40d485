import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import type { GraphqlErrorShape } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { schoolChoices, providerChoices } from '../../directory';
import { operations, REPORT_PAGES, type ReportPage } from './catalogue';
import { academicYearOptions, parseFilters, PHASES, TERMS, type FormError, type ParsedFilters } from './filters';

interface Meta {
  report: string;
  period: { from: string; to: string; label: string };
  suppressed: boolean;
  suppressionThreshold: number;
  calendarSource: string;
  generatedAt: string;
  source: 'LIVE' | 'ROLLUP';
  rollupRefreshedAt: string | null;
}

const LONDON = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });
/** "5 December 2026 at 08:12", in the LA's time zone. */
export const dateTime = (iso: string) => LONDON.format(new Date(iso));

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);

/** GraphQL refusals become error pages; bad input becomes messages on the filter form. */
function refusalOrInput(errors: readonly GraphqlErrorShape[]): FormError[] {
  const codes = new Set(errors.map((e) => e.extensions?.code));
  if (codes.has('UNAUTHENTICATED')) throw new PageError(401);
  if (codes.has('FORBIDDEN')) throw new PageError(403);
  if (codes.has('NOT_FOUND')) throw new PageError(404);
  const input = errors.filter(
    (e) => e.extensions?.code === 'VALIDATION_FAILED' || e.extensions?.code === 'BAD_USER_INPUT',
  );
  if (input.length !== errors.length)
    throw new Error(errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  return input.flatMap(
    (e) =>
      e.extensions?.fields?.map((f) => ({ field: fieldFor(f.field), text: f.message })) ?? [
        { field: 'period', text: e.message },
      ],
  );
}

/** A GraphQL input path (period.from, filter.schoolId) → the form field showing it. */
function fieldFor(path: string): string {
  const last = path.split('.').at(-1) ?? path;
  return ['from', 'to', 'on', 'academicYear', 'term', 'schoolId', 'providerId', 'phase'].includes(last)
    ? last
    : 'academicYear';
}

function variablesOf(page: ReportPage, filters: ParsedFilters) {
  const v = filters.variables;
  return page.onDate
    ? { on: v.on, filter: v.filter, forSharing: v.forSharing }
    : { period: v.period, filter: v.filter, forSharing: v.forSharing };
}

/**
 * /reports: one page per oversight report, each with a GET filter form, its tables and charts, where
 * its figures came from, and a CSV download that is exactly `reportCsv` for the same filters.
 */
export function reportRoutes(ctx: WebContext): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.render('pages/reports/index', { pageTitle: 'Reports', reports: REPORT_PAGES });
  });

  for (const page of REPORT_PAGES) {
    router.get(
      `/${page.slug}`,
      wrap(async (req, res) => {
        const today = ctx.today();
        const filters = parseFilters(req.query, today, { onDate: page.onDate, fields: page.filters });
        let errors = filters.errors;
        let data: Record<string, unknown> | null = null;
        if (!errors.length) {
          const answer = await ctx.graphql.execute<Record<string, unknown>>(
            req,
            page.operation,
            variablesOf(page, filters),
          );
          if (answer.errors?.length) errors = refusalOrInput(answer.errors);
          else data = answer.data ?? null;
        }
        const [schools, providers] = await Promise.all([
          page.filters.includes('school') ? schoolChoices(ctx.graphql, req, filters.form.schoolId) : [],
          page.filters.includes('provider') ? providerChoices(ctx.graphql, req, filters.form.providerId) : [],
        ]);
        const meta = data ? (data[page.field] as { meta: Meta }).meta : null;
        res.status(errors.length ? 400 : 200).render('pages/reports/report', {
          pageTitle: page.title,
          page,
          form: filters.form,
          errors,
          errorList: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
          fieldError: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
          meta,
          sourceAt: meta
            ? dateTime(meta.source === 'ROLLUP' && meta.rollupRefreshedAt ? meta.rollupRefreshedAt : meta.generatedAt)
            : null,
          sections: data ? await page.sections(data as never) : [],
          csvHref: `/reports/${page.slug}/download?${filters.query}`,
          choices: {
            years: academicYearOptions(today).map((y) => ({
              value: y,
              text: y,
              selected: y === filters.form.academicYear,
            })),
            terms: TERMS.map((t) => ({ ...t, selected: t.value === filters.form.term })),
            phases: PHASES.map((p) => ({ ...p, selected: p.value === filters.form.phase })),
            schools,
            providers,
          },
        });
      }),
    );

    router.get(
      `/${page.slug}/download`,
      wrap(async (req, res) => {
        const filters = parseFilters(req.query, ctx.today(), { onDate: page.onDate, fields: page.filters });
        if (filters.errors.length) {
          // The download link is built from a valid form; a hand-edited one goes back to the page to show why.
          res.redirect(
            303,
            `/reports/${page.slug}?${new URLSearchParams(req.query as Record<string, string>).toString()}`,
          );
          return;
        }
        const data = await ctx.graphql.query<{ reportCsv: { filename: string; contentType: string; csv: string } }>(
          req,
          operations.ReportCsvDownload,
          {
            report: page.report,
            ...variablesOf(page, filters),
          },
        );
        res.type(data.reportCsv.contentType).attachment(data.reportCsv.filename).send(data.reportCsv.csv);
      }),
    );
  }
  return router;
}
