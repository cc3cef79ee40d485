import { Router, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { dateField, datesFromBody, numberField, optional, text, type Body } from '../../forms/formValues';
import { label, optionsFor } from '../../labels';
import { UUID_PATTERN, recordId } from '../pupils';
import { transferRoutes } from './transfer';
import { COMMISSION_ANCHORS, COMMISSION_DATES, commissionInput, keepFields } from './commission';

const ops = loadOperations(import.meta.url, 'placements.graphql', [
  'CommissionChoices',
  'PlacementPreview',
  'CommissionPlacement',
  'PlacementForForm',
  'RecordPlacementReview',
  'ChangePlacementHours',
  'EndPlacement',
  'TransferChoices',
]);

type Problem = { field: string; message: string };

interface Choices {
  me: { role: string; school: { id: string; name: string } | null };
  pupil: { id: string; firstName: string; lastName: string; upn: string };
  providers: { id: string; name: string; kind: string }[];
  schools: { nodes: { id: string; name: string; phase: string }[] };
}

interface PlacementForForm {
  placement: {
    id: string;
    status: string;
    tier: string;
    startDate: string;
    plannedEndDate: string | null;
    hoursPerWeek: number;
    nextReviewDue: string;
    pupil: { id: string; firstName: string; lastName: string };
    provider: { name: string };
  };
  schools: { nodes: { id: string; name: string; phase: string }[] };
}

const mainstream = (schools: Choices['schools']) =>
  schools.nodes.filter((s) => s.phase !== 'ALTERNATIVE_PROVISION').sort((a, b) => a.name.localeCompare(b.name));

/** Commission a placement (form → check your answers → confirm), review it, change its hours, end it, transfer it. */
export function placementRoutes(ctx: WebContext): Router {
  const router = Router();

  const pupilIdFrom = (req: Request) => {
    const id = String(req.query.pupil ?? (req.body as Body | undefined)?.pupilId ?? '');
    if (!UUID_PATTERN.test(id)) throw new PageError(404);
    return id;
  };

  async function renderCommission(
    req: Request,
    res: Response,
    pupilId: string,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) {
    const c = await ctx.graphql.query<Choices>(req, ops.CommissionChoices, { pupilId });
    const v = keepFields(o.values);
    res.render('pages/placements/commission', {
      pupil: c.pupil,
      clientKey: o.clientKey,
      values: v,
      dates: datesFromBody(o.values, COMMISSION_DATES),
      errors: o.errors ?? undefined,
      schoolStaff: c.me.school,
      providerItems: [
        { value: '', text: 'Select a provider' },
        ...c.providers.map((p) => ({
          value: p.id,
          text: `${p.name}${p.kind === 'UNREGISTERED' ? ' (unregistered)' : ''}`,
          selected: p.id === v.providerId,
        })),
      ],
      schoolItems: [
        { value: '', text: 'Select a school' },
        ...mainstream(c.schools).map((s) => ({
          value: s.id,
          text: s.name,
          selected: s.id === v.commissioningSchoolId,
        })),
      ],
      commissionerItems: optionsFor('commissioner', v.commissionerKind),
      reasonItems: [{ value: '', text: 'Select a reason' }, ...optionsFor('reason', v.reason)],
      tierItems: optionsFor('tier', v.tier).map((i) => ({ ...i, hint: { text: TIER_HINTS[i.value] } })),
      registrationItems: optionsFor('registration', v.registration, [
        'DUAL_REGISTERED',
        'SINGLE_REGISTERED_AT_AP',
        'HOME_SCHOOL_ONLY',
      ]),
    });
  }

  router.get('/new', async (req, res) => {
    await renderCommission(req, res, pupilIdFrom(req), { clientKey: newClientKey(), values: {} });
  });

  // Step 2: check your answers, with what the record will say (legal basis, first review date).
  router.post('/new', async (req, res) => {
    const b = req.body as Body;
    const pupilId = pupilIdFrom(req);
    const clientKey = clientKeyFrom(b);
    if (b.change === 'yes') return renderCommission(req, res, pupilId, { clientKey, values: b });
    // School staff commission for their own school; the API refuses anything else.
    const { input, problems } = commissionInput(b, pupilId, req.user?.actor.schoolId ?? null);
    const local = localErrors(problems, COMMISSION_ANCHORS);
    if (local) return renderCommission(req, res, pupilId, { clientKey, values: b, errors: local });
    const preview = await ctx.graphql.execute<{
      placementPreview: { legalBasis: string | null; legalBasisProblem: string | null; firstReviewDue: string };
    }>(req, ops.PlacementPreview, {
      input: {
        pupilId,
        commissionerKind: input.commissionerKind,
        reason: input.placement.reason,
        startDate: input.placement.startDate,
      },
    });
    if (preview.errors?.length || !preview.data) {
      return renderCommission(req, res, pupilId, {
        clientKey,
        values: b,
        errors: formErrorsFrom(preview.errors ?? [], COMMISSION_ANCHORS),
      });
    }
    const p = preview.data.placementPreview;
    if (p.legalBasisProblem) {
      return renderCommission(req, res, pupilId, {
        clientKey,
        values: b,
        errors: localErrors([{ field: 'reason', message: p.legalBasisProblem }], COMMISSION_ANCHORS),
      });
    }
    const c = await ctx.graphql.query<Choices>(req, ops.CommissionChoices, { pupilId });
    const provider = c.providers.find((x) => x.id === input.placement.providerId);
    const school = c.schools.nodes.find((s) => s.id === input.commissioningSchoolId);
    res.render('pages/placements/check', {
      pupil: c.pupil,
      clientKey,
      form: JSON.stringify(keepFields(b)),
      formFields: keepFields(b),
      legalBasis: label(p.legalBasis, 'legalBasis'),
      firstReviewDue: p.firstReviewDue,
      answers: {
        ...input,
        ...input.placement,
        provider: provider?.name ?? '',
        commissioningSchool: school?.name ?? null,
      },
    });
  });

  // Step 3: confirmed. The form's answers come back from the check page, with the key made at step 1.
  router.post('/new/confirm', async (req, res) => {
    const b = req.body as Body;
    const pupilId = pupilIdFrom(req);
    const clientKey = clientKeyFrom(b);
    let values: Body;
    try {
      values = JSON.parse(text(b, 'form') || '{}') as Body;
    } catch {
      throw new PageError(404);
    }
    const { input, problems } = commissionInput(values, pupilId, req.user?.actor.schoolId ?? null);
    const local = localErrors(problems, COMMISSION_ANCHORS);
    if (local) return renderCommission(req, res, pupilId, { clientKey, values, errors: local });
    const result = await ctx.graphql.execute<{ commissionPlacement: { id: string } }>(req, ops.CommissionPlacement, {
      input,
      clientKey,
    });
    if (result.errors?.length || !result.data) {
      return renderCommission(req, res, pupilId, {
        clientKey,
        values,
        errors: formErrorsFrom(result.errors ?? [], COMMISSION_ANCHORS),
      });
    }
    res.redirect(303, `/pupils/${pupilId}?recorded=placement`);
  });

  // Review, change hours, end: one question page each, posting back to itself.
  const simple = (
    path: string,
    view: string,
    anchors: Record<string, string>,
    dates: string[],
    build: (b: Body, id: string, problems: Problem[]) => Record<string, unknown>,
    mutation: keyof typeof ops,
  ) => {
    const render = async (
      req: Request,
      res: Response,
      o: { clientKey: string; values: Body; errors?: FormErrors | null },
    ) => {
      const data = await ctx.graphql.query<PlacementForForm>(req, ops.PlacementForForm, { id: recordId(req) });
      const v = o.values;
      res.render(`pages/placements/${view}`, {
        placement: data.placement,
        clientKey: o.clientKey,
        values: Object.fromEntries(Object.keys(v).map((k) => [k, text(v, k)])),
        dates: datesFromBody(v, dates),
        errors: o.errors ?? undefined,
        schoolItems: [
          { value: '', text: 'Select a school' },
          ...mainstream(data.schools).map((s) => ({
            value: s.id,
            text: s.name,
            selected: s.id === text(v, 'destinationSchoolId'),
          })),
        ],
        destinationItems: optionsFor('destination', text(v, 'destination')),
        reviewOutcomeItems: optionsFor('reviewOutcome', text(v, 'outcome')),
      });
    };
    router.get(`/:id/${path}`, (req, res) => render(req, res, { clientKey: newClientKey(), values: {} }));
    router.post(`/:id/${path}`, async (req, res) => {
      const b = req.body as Body;
      const id = recordId(req);
      const clientKey = clientKeyFrom(b);
      const problems: Problem[] = [];
      const input = build(b, id, problems);
      const local = localErrors(problems, anchors);
      if (local) return render(req, res, { clientKey, values: b, errors: local });
      const result = await ctx.graphql.execute<Record<string, { id?: string; ended?: { id: string } }>>(
        req,
        ops[mutation],
        { input, clientKey },
      );
      if (result.errors?.length || !result.data)
        return render(req, res, { clientKey, values: b, errors: formErrorsFrom(result.errors ?? [], anchors) });
      const data = await ctx.graphql.query<PlacementForForm>(req, ops.PlacementForForm, { id });
      res.redirect(303, `/pupils/${data.placement.pupil.id}?recorded=${path}`);
    });
  };

  simple(
    'review',
    'review',
    {
      reviewDate: 'reviewDate-day',
      outcome: 'outcome',
      newPlannedEndDate: 'newPlannedEndDate-day',
      notes: 'notes',
      destination: 'destination',
      destinationSchoolId: 'destinationSchoolId',
    },
    ['reviewDate', 'newPlannedEndDate'],
    (b, placementId, problems) => {
      const reviewDate = dateField(b, 'reviewDate', problems, 'The review date');
      if (!reviewDate && !problems.length)
        problems.push({ field: 'reviewDate', message: 'Enter the date of the review.' });
      if (!text(b, 'outcome')) problems.push({ field: 'outcome', message: 'Select the outcome of the review.' });
      return {
        placementId,
        reviewDate,
        outcome: text(b, 'outcome'),
        newPlannedEndDate: dateField(b, 'newPlannedEndDate', problems, 'The new planned end date'),
        notes: text(b, 'notes'),
        destination: text(b, 'outcome') === 'END' ? optional(b, 'destination') : undefined,
        destinationSchoolId: text(b, 'outcome') === 'END' ? optional(b, 'destinationSchoolId') : undefined,
      };
    },
    'RecordPlacementReview',
  );

  simple(
    'hours',
    'hours',
    { effectiveOn: 'effectiveOn-day', hoursPerWeek: 'hoursPerWeek', reason: 'reason' },
    ['effectiveOn'],
    (b, placementId, problems) => {
      const effectiveOn = dateField(b, 'effectiveOn', problems, 'The date the change takes effect');
      if (!effectiveOn && !problems.length)
        problems.push({ field: 'effectiveOn', message: 'Enter the date the change takes effect.' });
      const hoursPerWeek = numberField(b, 'hoursPerWeek', problems, 'Hours per week');
      if (hoursPerWeek === undefined && !problems.some((p) => p.field === 'hoursPerWeek'))
        problems.push({ field: 'hoursPerWeek', message: 'Enter the new hours per week.' });
      return { placementId, effectiveOn, hoursPerWeek, reason: text(b, 'reason') };
    },
    'ChangePlacementHours',
  );

  simple(
    'end',
    'end',
    {
      endDate: 'endDate-day',
      destination: 'destination',
      destinationSchoolId: 'destinationSchoolId',
      destinationDetail: 'destinationDetail',
      reason: 'reason',
      next: 'destination',
    },
    ['endDate'],
    (b, placementId, problems) => {
      const endDate = dateField(b, 'endDate', problems, 'The last day of the placement');
      if (!endDate && !problems.length)
        problems.push({ field: 'endDate', message: 'Enter the last day of the placement.' });
      if (!text(b, 'destination'))
        problems.push({ field: 'destination', message: 'Select where the pupil goes next.' });
      const toSchool = ['MAINSTREAM_SCHOOL', 'SPECIAL_SCHOOL'].includes(text(b, 'destination'));
      return {
        placementId,
        endDate,
        destination: text(b, 'destination'),
        destinationSchoolId: toSchool ? optional(b, 'destinationSchoolId') : undefined,
        destinationDetail: optional(b, 'destinationDetail'),
        reason: text(b, 'reason'),
      };
    },
    'EndPlacement',
  );

  transferRoutes(ctx, router, ops);

  return router;
}

const TIER_HINTS: Record<string, string> = {
  TIER_1_TARGETED_SUPPORT: 'Support in the pupil’s own school, or short-term off site',
  TIER_2_TIME_LIMITED: 'Time-limited placement off site with a planned return',
  TIER_3_TRANSITIONAL: 'Longer placement to a transition point, such as post-16',
};
