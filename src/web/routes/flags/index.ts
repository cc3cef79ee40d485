import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations, type GraphqlErrorShape } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { canDismissFlags } from '../../capabilities';
import { allSchools } from '../../directory';
import {
  ageText,
  evidenceRows,
  filterQuery,
  paginationLinks,
  parseCursor,
  parseInboxFilters,
  ruleExplanation,
  SEVERITIES,
  STATUSES,
  type FlagRule,
  type InboxFlag,
  type Threshold,
} from './inbox';

const ops = loadOperations(import.meta.url, './flags.graphql', [
  'FlagsInbox',
  'FlagToDismiss',
  'AcknowledgeFlag',
  'DismissFlag',
] as const);

export const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface InboxAnswer {
  flags: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: InboxFlag[] };
  flagRules: FlagRule[];
  thresholds: Threshold[];
  providers: { id: string; name: string }[];
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);
const DONE: Record<string, string> = { acknowledged: 'Flag acknowledged', dismissed: 'Flag dismissed' };

/** Where to go back to after an action: the inbox page the form was on, never another site. */
function backTo(value: unknown): string {
  return typeof value === 'string' && /^\/flags(\?[^\s]*)?$/.test(value) ? value : '/flags';
}

function withDone(url: string, done: string): string {
  const [path, q = ''] = url.split('?');
  const p = new URLSearchParams(q);
  p.set('done', done);
  return `${path}?${p.toString()}`;
}

/** A refused action: not in scope → 404, not allowed → 403; anything else is shown to the user. */
function actionProblem(errors: readonly GraphqlErrorShape[]): string {
  const codes = new Set(errors.map((e) => e.extensions?.code));
  if (codes.has('UNAUTHENTICATED')) throw new PageError(401);
  if (codes.has('NOT_FOUND')) throw new PageError(404);
  if (codes.has('FORBIDDEN')) throw new PageError(403);
  const known = errors.filter((e) =>
    ['VALIDATION_FAILED', 'CONFLICT', 'BAD_USER_INPUT'].includes(e.extensions?.code ?? ''),
  );
  if (known.length !== errors.length)
    throw new Error(errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  return known.map((e) => e.extensions?.fields?.map((f) => f.message).join(' ') || e.message).join(' ');
}

/**
 * /flags: the inbox. Filters are a GET form, acknowledge and dismiss are POST forms with the session's
 * CSRF token; dismissing asks for a reason on its own question page. Everything through flags.graphql.
 */
export function flagRoutes(ctx: WebContext): Router {
  const router = Router();

  router.get(
    '/',
    wrap(async (req, res) => {
      const filters = parseInboxFilters(req.query);
      const cursor = parseCursor(req.query);
      const data = await ctx.graphql.query<InboxAnswer>(req, ops.FlagsInbox, {
        filter: {
          ...(filters.ruleId ? { ruleId: filters.ruleId } : {}),
          ...(filters.severity.length ? { severity: filters.severity } : {}),
          status: filters.status,
          ...(filters.providerId ? { providerId: filters.providerId } : {}),
          ...(filters.schoolId ? { schoolId: filters.schoolId } : {}),
        },
        first: PAGE_SIZE,
        ...(cursor.after ? { after: cursor.after } : {}),
      });
      const schools = await allSchools(ctx.graphql, req);
      const now = new Date();
      const providerNames = new Map(data.providers.map((p) => [p.id, p.name]));
      const schoolNames = new Map(schools.map((s) => [s.id, s.name]));
      const rules = new Map(data.flagRules.map((r) => [r.ruleId, r]));
      const organisationNames = new Map([...providerNames, ...schoolNames]);
      const base = filterQuery(filters);
      const here = `/flags${
        req.url.includes('?')
          ? req.url
              .slice(req.url.indexOf('?'))
              .replace(/([?&])done=[^&]*&?/, '$1')
              .replace(/[?&]$/, '')
          : ''
      }`;
      const links = paginationLinks(base, cursor, data.flags.pageInfo.endCursor, data.flags.pageInfo.hasNextPage);
      const first = (links.page - 1) * PAGE_SIZE + 1;
      res.render('pages/flags/inbox', {
        pageTitle: 'Flags',
        done: DONE[String(req.query.done ?? '')],
        here,
        canDismiss: req.user ? canDismissFlags(req.user.actor.role) : false,
        total: data.flags.totalCount,
        shown: { first: data.flags.nodes.length ? first : 0, last: first + data.flags.nodes.length - 1 },
        pagination: { previous: links.previous, next: links.next },
        flags: data.flags.nodes.map((f) => ({
          ...f,
          severityLabel: SEVERITIES.find((s) => s.value === f.severity)!,
          statusLabel: STATUSES.find((s) => s.value === f.status)!,
          age: ageText(f.firstSeenAt, now),
          evidence: evidenceRows(f.evidence, organisationNames),
          providerName: f.providerId ? providerNames.get(f.providerId) : undefined,
          schoolName: f.schoolId ? schoolNames.get(f.schoolId) : undefined,
          rule: ruleExplanation(rules.get(f.ruleId), data.thresholds),
        })),
        filters,
        choices: {
          rules: [
            { value: '', text: 'All rules' },
            ...data.flagRules.map((r) => ({
              value: r.ruleId,
              text: `${r.ruleId}: ${r.title}`,
              selected: r.ruleId === filters.ruleId,
            })),
          ],
          severities: SEVERITIES.map((s) => ({
            value: s.value,
            text: s.text,
            checked: filters.severity.includes(s.value),
          })),
          statuses: STATUSES.map((s) => ({ value: s.value, text: s.text, checked: filters.status.includes(s.value) })),
          providers: [
            { value: '', text: 'All providers' },
            ...data.providers.map((p) => ({ value: p.id, text: p.name, selected: p.id === filters.providerId })),
          ],
          schools: [
            { value: '', text: 'All schools' },
            ...schools
              .filter((s) => s.phase !== 'ALTERNATIVE_PROVISION')
              .map((s) => ({ value: s.id, text: s.name, selected: s.id === filters.schoolId })),
          ],
        },
      });
    }),
  );

  router.post(
    '/:id/acknowledge',
    wrap(async (req, res) => {
      const id = String(req.params.id);
      if (!UUID.test(id)) throw new PageError(404);
      const back = backTo(req.body?.back);
      const answer = await ctx.graphql.execute(req, ops.AcknowledgeFlag, { flagId: id });
      if (answer.errors?.length) {
        const problem = actionProblem(answer.errors);
        res
          .status(409)
          .render('pages/flags/problem', { pageTitle: 'The flag could not be acknowledged', problem, back });
        return;
      }
      res.redirect(303, withDone(back, 'acknowledged'));
    }),
  );

  const dismissPage = async (
    req: Request,
    res: Response,
    status: number,
    extra: { reason?: string; error?: string },
  ) => {
    const id = String(req.params.id);
    if (!UUID.test(id)) throw new PageError(404);
    const data = await ctx.graphql.query<{ flag: InboxFlag | null; flagRules: FlagRule[] }>(req, ops.FlagToDismiss, {
      id,
    });
    if (!data.flag) throw new PageError(404);
    res.status(status).render('pages/flags/dismiss', {
      pageTitle: 'Why are you dismissing this flag?',
      flag: {
        ...data.flag,
        evidence: evidenceRows(data.flag.evidence),
        age: ageText(data.flag.firstSeenAt, new Date()),
      },
      back: backTo(req.query.back ?? req.body?.back),
      reason: extra.reason ?? '',
      ...(extra.error
        ? { errorList: [{ text: extra.error, href: '#reason' }], reasonError: { text: extra.error } }
        : {}),
    });
  };

  router.get(
    '/:id/dismiss',
    wrap((req, res) => dismissPage(req, res, 200, {})),
  );

  router.post(
    '/:id/dismiss',
    wrap(async (req, res) => {
      const id = String(req.params.id);
      if (!UUID.test(id)) throw new PageError(404);
      const reason = typeof req.body?.reason === 'string' ? req.body.reason.trim() : '';
      if (!reason) return dismissPage(req, res, 400, { reason, error: 'Enter why you are dismissing this flag' });
      if (reason.length > 1000)
        return dismissPage(req, res, 400, { reason, error: 'The reason must be 1,000 characters or fewer' });
      const answer = await ctx.graphql.execute(req, ops.DismissFlag, { flagId: id, reason });
      if (answer.errors?.length) return dismissPage(req, res, 400, { reason, error: actionProblem(answer.errors) });
      res.redirect(303, withDone(backTo(req.body?.back), 'dismissed'));
    }),
  );
  return router;
}
