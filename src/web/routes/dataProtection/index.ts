import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, type FormErrors } from '../../forms/formErrors';
import { text, type Body } from '../../forms/formValues';
import { label } from '../../labels';
import { recordId } from '../pupils';
import { subjectAccessView } from './subjectAccess';

const ops = loadOperations(import.meta.url, 'dataProtection.graphql', [
  'RetentionReviews',
  'ApproveAnonymisation',
  'SubjectAccess',
]);

interface Review {
  id: string;
  dueOn: string;
  ruleId: string;
  foundOn: string;
  status: 'AWAITING_APPROVAL' | 'APPROVED' | 'ANONYMISED';
  approvedAt: string | null;
  anonymisedAt: string | null;
  pupil: { id: string; firstName: string; lastName: string; dateOfBirth: string; upn: string };
}
interface ReviewsAnswer {
  retentionReviews: { totalCount: number; nodes: Review[] };
  thresholds: { key: string; label: string | null; value: number; status: string | null }[];
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);

const STATUS_TEXT: Record<Review['status'], string> = {
  AWAITING_APPROVAL: 'Awaiting approval',
  APPROVED: 'Approved: anonymised at the next nightly run',
  ANONYMISED: 'Anonymised',
};

/**
 * /data-protection: the retention review list with its approval form (an LA officer approves anonymising
 * pupils past the retention schedule), and a pupil's printable subject access export. Everything through
 * dataProtection.graphql, so scope and audit are the API's.
 */
export function dataProtectionRoutes(ctx: WebContext): Router {
  const router = Router();

  async function renderRetention(req: Request, res: Response, form: { errors?: FormErrors; reason?: string } = {}) {
    const data = await ctx.graphql.query<ReviewsAnswer>(req, ops.RetentionReviews);
    const nodes = data.retentionReviews.nodes;
    const waiting = nodes.filter((r) => r.status === 'AWAITING_APPROVAL');
    res.render('pages/dataProtection/retention', {
      pageTitle: 'Records past retention',
      errors: form.errors,
      reason: form.reason ?? '',
      clientKey: newClientKey(),
      done: req.query.approved ? Number(req.query.approved) || null : null,
      schedule: data.thresholds
        .filter((t) => t.key.startsWith('retention'))
        .map((t) => [
          { text: t.label ?? t.key },
          { text: `${t.value} years` },
          { text: label(t.status, 'sourceStatus') },
        ]),
      waiting: waiting.map((r) => ({
        value: r.id,
        text: `${r.pupil.firstName} ${r.pupil.lastName}`,
        hint: { text: `UPN ${r.pupil.upn}, born ${r.pupil.dateOfBirth}; due ${r.dueOn} (rule ${r.ruleId})` },
      })),
      others: nodes
        .filter((r) => r.status !== 'AWAITING_APPROVAL')
        .map((r) => [
          { text: `${r.pupil.firstName} ${r.pupil.lastName}` },
          { text: r.dueOn },
          { text: r.ruleId },
          { text: STATUS_TEXT[r.status] },
        ]),
      total: data.retentionReviews.totalCount,
    });
  }

  router.get(
    '/retention',
    wrap((req, res) => renderRetention(req, res)),
  );

  router.post(
    '/retention',
    wrap(async (req, res) => {
      const b = req.body as Body;
      const raw = b.reviewIds;
      const reviewIds = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v): v is string => typeof v === 'string');
      const reason = text(b, 'reason');
      const problems = [
        ...(reviewIds.length
          ? []
          : [{ text: 'Select the pupils whose records may be anonymised', href: '#reviewIds' }]),
        ...(reason ? [] : [{ text: 'Enter why these records may be anonymised', href: '#reason' }]),
      ];
      if (problems.length)
        return renderRetention(req, res, {
          reason,
          errors: {
            errorList: problems,
            fields: Object.fromEntries(problems.map((p) => [p.href.slice(1), { text: p.text }])),
          },
        });
      const result = await ctx.graphql.execute<{ approveAnonymisation: { id: string }[] }>(
        req,
        ops.ApproveAnonymisation,
        { input: { reviewIds, reason }, clientKey: clientKeyFrom(b) },
      );
      const codes = new Set((result.errors ?? []).map((e) => e.extensions?.code));
      if (codes.has('NOT_FOUND')) throw new PageError(404);
      if (codes.has('FORBIDDEN')) throw new PageError(403);
      if (result.errors?.length || !result.data)
        return renderRetention(req, res, {
          reason,
          errors: formErrorsFrom(result.errors ?? [], { reviewIds: 'reviewIds', reason: 'reason' }),
        });
      res.redirect(303, `/data-protection/retention?approved=${result.data.approveAnonymisation.length}`);
    }),
  );

  router.get(
    '/subject-access/:id',
    wrap(async (req, res) => {
      const id = recordId(req);
      const data = await ctx.graphql.query<{ subjectAccessExport: SubjectAccessAnswer }>(req, ops.SubjectAccess, {
        id,
      });
      res.render('pages/dataProtection/subjectAccess', subjectAccessView(data.subjectAccessExport));
    }),
  );
  return router;
}

export interface SubjectAccessAnswer {
  pupilId: string;
  generatedAt: string;
  format: string;
  sections: { name: string; records: number }[];
  document: { pupil: Record<string, unknown>; sections: Record<string, Record<string, unknown>[]> };
}
