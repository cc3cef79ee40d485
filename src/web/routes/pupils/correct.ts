import type { DocumentNode } from 'graphql';
import type { Request, Response, Router } from 'express';
import type { WebContext } from '../../webContext';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { dateField, datesFromBody, numberField, text, type Body } from '../../forms/formValues';
import { optionsFor } from '../../labels';
import { timelineItems } from './timeline';
import type { TimelineEventData } from './index';

type Problem = { field: string; message: string };
export interface CorrectionField {
  name: string;
  kind: 'date' | 'number' | 'tier' | 'text';
  label: string;
  hint?: string;
}

/**
 * What a correction may change, per event type: the API's list (src/usecases/timeline/correctEvent.ts).
 * Any other event takes a corrected note only. Only the fields filled in are sent.
 */
const CORRECTABLE: Record<string, CorrectionField[]> = {
  PLACEMENT_STARTED: [
    { name: 'startDate', kind: 'date', label: 'Start date' },
    { name: 'plannedEndDate', kind: 'date', label: 'Planned end date' },
    { name: 'tier', kind: 'tier', label: 'Tier' },
    { name: 'hoursPerWeek', kind: 'number', label: 'Hours per week' },
  ],
  PLACEMENT_ENDED: [
    { name: 'endDate', kind: 'date', label: 'Last day of the placement' },
    { name: 'destinationDetail', kind: 'text', label: 'Details of the destination' },
  ],
  SUSPENSION_RECORDED: [
    { name: 'startDate', kind: 'date', label: 'First day of the suspension' },
    { name: 'schoolDays', kind: 'number', label: 'Length in school days', hint: 'In half days: 0.5 for a lunchtime' },
  ],
  PERMANENT_EXCLUSION_RECORDED: [{ name: 'startDate', kind: 'date', label: 'First day of the exclusion' }],
};
const NOTE_ONLY: CorrectionField[] = [{ name: 'note', kind: 'text', label: 'What the record should have said' }];

export const correctionFieldsFor = (type: string): CorrectionField[] => CORRECTABLE[type] ?? NOTE_ONLY;

function anchorsFor(fields: CorrectionField[]): Record<string, string> {
  const anchor = (f: CorrectionField) => (f.kind === 'date' ? `${f.name}-day` : f.kind === 'tier' ? 'tier' : f.name);
  // The form's field names first: an error is shown beside the field whose name comes first here.
  return {
    ...Object.fromEntries(fields.map((f) => [f.name, anchor(f)])),
    reason: 'reason',
    eventId: 'reason',
    correction: anchor(fields[0]!),
    ...Object.fromEntries(fields.map((f) => [`correction.${f.name}`, anchor(f)])),
  };
}

/** Correct an event from the pupil's timeline: a new event pointing at it, with a reason; the original stays. */
export function correctionRoutes(
  ctx: WebContext,
  router: Router,
  ops: { EventForCorrection: DocumentNode; CorrectEvent: DocumentNode },
) {
  const ids = (req: Request) => {
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const { id, eventId } = req.params as Record<string, string>;
    if (!re.test(id ?? '') || !re.test(eventId ?? '')) throw new PageError(404);
    return { pupilId: id!, eventId: eventId! };
  };

  async function load(req: Request) {
    const { pupilId, eventId } = ids(req);
    const data = await ctx.graphql.query<{
      pupil: { id: string; firstName: string; lastName: string };
      pupilTimeline: TimelineEventData[];
    }>(req, ops.EventForCorrection, { id: pupilId });
    const event = data.pupilTimeline.find((e) => e.id === eventId);
    if (!event) throw new PageError(404);
    const item = timelineItems(data.pupilTimeline).find((i) => i.id === eventId)!;
    return { pupil: data.pupil, event, item, fields: correctionFieldsFor(event.type) };
  }

  async function render(
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) {
    const { pupil, item, fields } = await load(req);
    res.render('pages/pupils/correct', {
      pupil,
      item,
      fields,
      clientKey: o.clientKey,
      values: Object.fromEntries(
        fields.map((f) => [f.name, text(o.values, f.name)]).concat([['reason', text(o.values, 'reason')]]),
      ),
      dates: datesFromBody(
        o.values,
        fields.filter((f) => f.kind === 'date').map((f) => f.name),
      ),
      tierItems: optionsFor('tier', text(o.values, 'tier')),
      errors: o.errors ?? undefined,
    });
  }

  router.get('/:id/events/:eventId/correct', (req, res) => render(req, res, { clientKey: newClientKey(), values: {} }));

  router.post('/:id/events/:eventId/correct', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const { pupil, event, fields } = await load(req);
    const anchors = anchorsFor(fields);
    const problems: Problem[] = [];
    const correction: Record<string, unknown> = {};
    for (const f of fields) {
      const value =
        f.kind === 'date'
          ? dateField(b, f.name, problems, f.label)
          : f.kind === 'number'
            ? numberField(b, f.name, problems, f.label)
            : text(b, f.name) || undefined;
      if (value !== undefined) correction[f.name] = value;
    }
    if (!problems.length && !Object.keys(correction).length)
      problems.push({ field: 'correction', message: 'Enter what the record should have said.' });
    const local = localErrors(problems, anchors);
    if (local) return render(req, res, { clientKey, values: b, errors: local });
    const result = await ctx.graphql.execute<{ correctEvent: { id: string } }>(req, ops.CorrectEvent, {
      input: { eventId: event.id, correction, reason: text(b, 'reason') },
      clientKey,
    });
    if (result.errors?.length || !result.data)
      return render(req, res, { clientKey, values: b, errors: formErrorsFrom(result.errors ?? [], anchors) });
    res.redirect(303, `/pupils/${pupil.id}?recorded=correction#event-${result.data.correctEvent.id}`);
  });
}
