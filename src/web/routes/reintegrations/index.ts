import { Router, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { dateField, datesFromBody, dateParts, text, type Body } from '../../forms/formValues';
import { optionsFor } from '../../labels';
import { recordId } from '../pupils';

const ops = loadOperations(import.meta.url, 'reintegrations.graphql', ['ReintegrationForForm', 'ReportCheckpoint']);

const ANCHORS: Record<string, string> = {
  label: 'outcome',
  outcome: 'outcome',
  reportedOn: 'reportedOn-day',
  reason: 'reason',
  reintegrationId: 'outcome',
};

interface ForForm {
  reintegration: {
    id: string;
    startDate: string;
    status: string;
    school: { name: string };
    placement: { provider: { name: string }; pupil: { id: string; firstName: string; lastName: string } };
    checkpoints: {
      id: string;
      label: string;
      dueDate: string;
      isFinal: boolean;
      outcome: string | null;
      reportedOn: string | null;
    }[];
  } | null;
}

/** Report a reintegration checkpoint: how the pupil's return to school is going. */
export function reintegrationRoutes(ctx: WebContext): Router {
  const router = Router();

  async function render(
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) {
    const data = await ctx.graphql.query<ForForm>(req, ops.ReintegrationForForm, { id: recordId(req) });
    if (!data.reintegration) throw new PageError(404);
    const label = text(o.values, 'label') || String(req.query.label ?? '');
    const checkpoint = data.reintegration.checkpoints.find((c) => c.label === label);
    if (!checkpoint) throw new PageError(404);
    res.render('pages/reintegrations/checkpoint', {
      r: data.reintegration,
      checkpoint,
      clientKey: o.clientKey,
      values: { reason: text(o.values, 'reason') },
      dates: Object.keys(o.values).length
        ? datesFromBody(o.values, ['reportedOn'])
        : { reportedOn: dateParts(ctx.today()) },
      outcomeItems: optionsFor('checkpoint', text(o.values, 'outcome')),
      errors: o.errors ?? undefined,
    });
  }

  router.get('/:id/checkpoint', (req, res) => render(req, res, { clientKey: newClientKey(), values: {} }));

  router.post('/:id/checkpoint', async (req, res) => {
    const b = req.body as Body;
    const reintegrationId = recordId(req);
    const clientKey = clientKeyFrom(b);
    const problems: { field: string; message: string }[] = [];
    const reportedOn = dateField(b, 'reportedOn', problems, 'The date of the follow-up');
    if (!reportedOn && !problems.length)
      problems.push({ field: 'reportedOn', message: 'Enter the date of the follow-up.' });
    if (!text(b, 'outcome')) problems.push({ field: 'outcome', message: 'Select how the return is going.' });
    const local = localErrors(problems, ANCHORS);
    if (local) return render(req, res, { clientKey, values: b, errors: local });
    const input = {
      reintegrationId,
      label: text(b, 'label'),
      outcome: text(b, 'outcome'),
      reportedOn,
      reason: text(b, 'reason'),
    };
    const result = await ctx.graphql.execute<{ reportReintegrationCheckpoint: { id: string } }>(
      req,
      ops.ReportCheckpoint,
      { input, clientKey },
    );
    if (result.errors?.length || !result.data)
      return render(req, res, { clientKey, values: b, errors: formErrorsFrom(result.errors ?? [], ANCHORS) });
    res.redirect(303, '/home?recorded=checkpoint#checkpoints');
  });

  return router;
}
