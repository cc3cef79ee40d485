import { Router, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { dateField, datesFromBody, numberField, text, type Body } from '../../forms/formValues';
import { optionsFor } from '../../labels';
import { UUID_PATTERN, recordId } from '../pupils';

const ops = loadOperations(import.meta.url, 'exclusions.graphql', [
  'ExclusionChoices',
  'RecordSuspension',
  'RecordPermanentExclusion',
  'ExclusionForGovernors',
  'RecordGovernorDecision',
]);

type Problem = { field: string; message: string };
type Kind = 'SUSPENSION' | 'PERMANENT';

const EXCLUSION_ANCHORS: Record<string, string> = {
  schoolId: 'schoolId',
  startDate: 'startDate-day',
  schoolDays: 'schoolDays',
  reasonCategory: 'reasonCategory',
  note: 'note',
  pupilId: 'schoolId',
};

const GOVERNOR_ANCHORS: Record<string, string> = {
  outcome: 'outcome',
  decisionDate: 'decisionDate-day',
  note: 'note',
  exclusionId: 'outcome',
};

interface Choices {
  me: { role: string; school: { id: string; name: string } | null };
  pupil: {
    id: string;
    firstName: string;
    lastName: string;
    upn: string;
    enrolments: { endDate: string | null; school: { id: string } }[];
  };
  schools: { nodes: { id: string; name: string }[] };
}

const kindFrom = (v: unknown): Kind => {
  if (v === 'SUSPENSION' || v === 'PERMANENT') return v;
  throw new PageError(404);
};

/** Record a suspension or a permanent exclusion, and the governing board's decision on one. */
export function exclusionRoutes(ctx: WebContext): Router {
  const router = Router();

  async function renderRecord(
    req: Request,
    res: Response,
    o: { kind: Kind; pupilId: string; clientKey: string; values: Body; errors?: FormErrors | null },
  ) {
    const c = await ctx.graphql.query<Choices>(req, ops.ExclusionChoices, { pupilId: o.pupilId });
    const onRoll = c.pupil.enrolments.find((e) => !e.endDate)?.school.id ?? '';
    const chosen = text(o.values, 'schoolId') || onRoll;
    res.render('pages/exclusions/record', {
      kind: o.kind,
      pupil: c.pupil,
      clientKey: o.clientKey,
      values: { schoolDays: text(o.values, 'schoolDays'), note: text(o.values, 'note') },
      dates: datesFromBody(o.values, ['startDate']),
      errors: o.errors ?? undefined,
      // School staff exclude from their own school only (permission table); the LA chooses.
      ownSchool: c.me.school,
      schoolItems: [
        { value: '', text: 'Select a school' },
        ...[...c.schools.nodes]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen })),
      ],
      reasonItems: [
        { value: '', text: 'Select a reason' },
        ...optionsFor('exclusionReason', text(o.values, 'reasonCategory')),
      ],
    });
  }

  const pupilIdFrom = (req: Request) => {
    const id = String(req.query.pupil ?? (req.body as Body | undefined)?.pupilId ?? '');
    if (!UUID_PATTERN.test(id)) throw new PageError(404);
    return id;
  };

  router.get('/new', (req, res) =>
    renderRecord(req, res, {
      kind: kindFrom(req.query.kind),
      pupilId: pupilIdFrom(req),
      clientKey: newClientKey(),
      values: {},
    }),
  );

  router.post('/new', async (req, res) => {
    const b = req.body as Body;
    const kind = kindFrom(b.kind);
    const pupilId = pupilIdFrom(req);
    const clientKey = clientKeyFrom(b);
    const problems: Problem[] = [];
    const startDate = dateField(b, 'startDate', problems, 'The first day');
    if (!startDate && !problems.length) problems.push({ field: 'startDate', message: 'Enter the first day.' });
    const schoolDays = kind === 'SUSPENSION' ? numberField(b, 'schoolDays', problems, 'The length') : undefined;
    if (kind === 'SUSPENSION' && schoolDays === undefined && !problems.some((p) => p.field === 'schoolDays'))
      problems.push({ field: 'schoolDays', message: 'Enter the length of the suspension in school days.' });
    const schoolId = req.user?.actor.schoolId ?? text(b, 'schoolId');
    if (!schoolId) problems.push({ field: 'schoolId', message: 'Select the school that excluded the pupil.' });
    if (!text(b, 'reasonCategory')) problems.push({ field: 'reasonCategory', message: 'Select the reason.' });
    const local = localErrors(problems, EXCLUSION_ANCHORS);
    if (local) return renderRecord(req, res, { kind, pupilId, clientKey, values: b, errors: local });
    const input = {
      pupilId,
      schoolId,
      startDate,
      reasonCategory: text(b, 'reasonCategory'),
      note: text(b, 'note'),
      ...(kind === 'SUSPENSION' ? { schoolDays } : {}),
    };
    const result = await ctx.graphql.execute<Record<string, { id: string }>>(
      req,
      kind === 'SUSPENSION' ? ops.RecordSuspension : ops.RecordPermanentExclusion,
      { input, clientKey },
    );
    const written = result.data && Object.values(result.data)[0];
    if (result.errors?.length || !written)
      return renderRecord(req, res, {
        kind,
        pupilId,
        clientKey,
        values: b,
        errors: formErrorsFrom(result.errors ?? [], EXCLUSION_ANCHORS),
      });
    // The record says what was written, with its day-6 date, in its banner.
    res.redirect(303, `/pupils/${pupilId}?recorded=exclusion&exclusion=${written.id}#exclusions`);
  });

  async function renderGovernors(
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) {
    const data = await ctx.graphql.query<{ exclusion: any }>(req, ops.ExclusionForGovernors, { id: recordId(req) });
    if (!data.exclusion) throw new PageError(404);
    res.render('pages/exclusions/governors', {
      x: data.exclusion,
      clientKey: o.clientKey,
      values: { note: text(o.values, 'note') },
      dates: datesFromBody(o.values, ['decisionDate']),
      errors: o.errors ?? undefined,
      outcomeItems: optionsFor('governor', text(o.values, 'outcome'), ['UPHELD', 'REINSTATED']),
    });
  }

  router.get('/:id/governors', (req, res) => renderGovernors(req, res, { clientKey: newClientKey(), values: {} }));

  router.post('/:id/governors', async (req, res) => {
    const b = req.body as Body;
    const exclusionId = recordId(req);
    const clientKey = clientKeyFrom(b);
    const problems: Problem[] = [];
    if (!text(b, 'outcome')) problems.push({ field: 'outcome', message: 'Select the governing board’s decision.' });
    const decisionDate = dateField(b, 'decisionDate', problems, 'The date of the decision');
    if (!decisionDate && !problems.some((p) => p.field === 'decisionDate'))
      problems.push({ field: 'decisionDate', message: 'Enter the date of the decision.' });
    const local = localErrors(problems, GOVERNOR_ANCHORS);
    if (local) return renderGovernors(req, res, { clientKey, values: b, errors: local });
    const result = await ctx.graphql.execute<{ recordGovernorDecision: { id: string } }>(
      req,
      ops.RecordGovernorDecision,
      { input: { exclusionId, outcome: text(b, 'outcome'), decisionDate, note: text(b, 'note') }, clientKey },
    );
    if (result.errors?.length || !result.data)
      return renderGovernors(req, res, {
        clientKey,
        values: b,
        errors: formErrorsFrom(result.errors ?? [], GOVERNOR_ANCHORS),
      });
    const data = await ctx.graphql.query<{ exclusion: any }>(req, ops.ExclusionForGovernors, { id: exclusionId });
    res.redirect(303, `/pupils/${data.exclusion.pupil.id}?recorded=governors#exclusions`);
  });

  return router;
}
