import { Router, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { checked, dateField, dateParts, datesFromBody, text, type Body } from '../../forms/formValues';
import { FORBIDDEN_REASON_TEXT } from '../../../domain/fairAccess/refusal';
import { recordId } from '../pupils';

const ops = loadOperations(import.meta.url, 'allocations.graphql', [
  'AllocationForForm',
  'RecordSchoolResponse',
  'RecordFairAccessAdmission',
]);

const GROUNDS: { value: string; text: string; forbidden?: string }[] = [
  {
    value: 'CHALLENGING_BEHAVIOUR',
    text: 'Challenging behaviour',
    forbidden: FORBIDDEN_REASON_TEXT.CHALLENGING_BEHAVIOUR_WITHOUT_HIGH_PROPORTION,
  },
  {
    value: 'PREVIOUS_ATTENDANCE',
    text: 'Attendance at a previous school',
    forbidden: FORBIDDEN_REASON_TEXT.PREVIOUS_ATTENDANCE,
  },
  { value: 'SUSPENSION_COUNT', text: 'Number of suspensions', forbidden: FORBIDDEN_REASON_TEXT.SUSPENSION_COUNT },
  {
    value: 'SEN_OR_DISABILITY',
    text: 'Special educational needs or disability',
    forbidden: FORBIDDEN_REASON_TEXT.SEN_OR_DISABILITY,
  },
  { value: 'SCHOOL_FULL', text: 'The school is full', forbidden: FORBIDDEN_REASON_TEXT.SCHOOL_FULL },
  { value: 'OTHER', text: 'Another ground (explain below)' },
];

interface ForForm {
  panelDecision: {
    id: string;
    outcome: string;
    admissionDeadline: string | null;
    rationale: string;
    current: boolean;
    meeting: { meetingDate: string };
    allocatedSchool: { id: string; name: string; type: string } | null;
    referral: { id: string; yearGroupSought: number; pupil: { id: string; firstName: string; lastName: string } };
    response: { outcome: string; respondedOn: string; respondBy: string } | null;
    direction: { route: string; outcome: string | null } | null;
  } | null;
}

/** A school answers a fair access allocation (admit, or refuse with grounds) and records the admission. */
export function allocationRoutes(ctx: WebContext): Router {
  const router = Router();
  const load = async (req: Request) => {
    const data = await ctx.graphql.query<ForForm>(req, ops.AllocationForForm, { id: recordId(req) });
    if (!data.panelDecision || data.panelDecision.outcome !== 'ALLOCATE_SCHOOL') throw new PageError(404);
    return data.panelDecision;
  };

  const renderRespond = async (
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) => {
    const d = await load(req);
    const chosen = new Set(([] as unknown[]).concat(o.values.refusalGrounds ?? []).map(String));
    res.render('pages/allocations/respond', {
      d,
      clientKey: o.clientKey,
      errors: o.errors ?? undefined,
      values: {
        outcome: text(o.values, 'outcome'),
        reason: text(o.values, 'reason'),
        high: checked(o.values, 'schoolHasHighProportionChallenging'),
      },
      dates: Object.keys(o.values).length
        ? datesFromBody(o.values, ['respondedOn'])
        : { respondedOn: dateParts(ctx.today()) },
      grounds: GROUNDS.map((g) => ({
        value: g.value,
        text: g.text,
        checked: chosen.has(g.value),
        hint: g.forbidden ? { text: `Not allowed: ${g.forbidden}.` } : undefined,
      })),
    });
  };
  const RESPOND_ANCHORS = {
    outcome: 'outcome',
    respondedOn: 'respondedOn-day',
    refusalGrounds: 'refusalGrounds',
    reason: 'reason',
    decisionId: 'outcome',
  };

  router.get('/:id/respond', (req, res) => renderRespond(req, res, { clientKey: newClientKey(), values: {} }));
  router.post('/:id/respond', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const problems: { field: string; message: string }[] = [];
    const respondedOn = dateField(b, 'respondedOn', problems, 'The date of the response');
    if (!text(b, 'outcome'))
      problems.push({ field: 'outcome', message: 'Select whether the school will admit the pupil.' });
    const local = localErrors(problems, RESPOND_ANCHORS);
    if (local) return renderRespond(req, res, { clientKey, values: b, errors: local });
    const refused = text(b, 'outcome') === 'REFUSED';
    const input = {
      decisionId: recordId(req),
      outcome: text(b, 'outcome'),
      respondedOn,
      reason: text(b, 'reason'),
      refusalGrounds: refused ? ([] as unknown[]).concat(b.refusalGrounds ?? []).map(String) : [],
      schoolHasHighProportionChallenging: refused ? checked(b, 'schoolHasHighProportionChallenging') : undefined,
    };
    const r = await ctx.graphql.execute<unknown>(req, ops.RecordSchoolResponse, { input, clientKey });
    if (r.errors?.length || !r.data)
      return renderRespond(req, res, { clientKey, values: b, errors: formErrorsFrom(r.errors ?? [], RESPOND_ANCHORS) });
    res.redirect(303, '/home?recorded=response');
  });

  const renderAdmit = async (
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) => {
    const d = await load(req);
    res.render('pages/allocations/admit', {
      d,
      clientKey: o.clientKey,
      errors: o.errors ?? undefined,
      values: { note: text(o.values, 'note') },
      dates: Object.keys(o.values).length
        ? datesFromBody(o.values, ['admittedOn'])
        : { admittedOn: dateParts(ctx.today()) },
    });
  };
  const ADMIT_ANCHORS = {
    admittedOn: 'admittedOn-day',
    note: 'note',
    referralId: 'admittedOn-day',
    schoolId: 'admittedOn-day',
  };
  router.get('/:id/admit', (req, res) => renderAdmit(req, res, { clientKey: newClientKey(), values: {} }));
  router.post('/:id/admit', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const d = await load(req);
    const problems: { field: string; message: string }[] = [];
    const admittedOn = dateField(b, 'admittedOn', problems, 'The date the pupil started');
    if (!admittedOn && !problems.length)
      problems.push({ field: 'admittedOn', message: 'Enter the date the pupil started.' });
    const local = localErrors(problems, ADMIT_ANCHORS);
    if (local) return renderAdmit(req, res, { clientKey, values: b, errors: local });
    const input = { referralId: d.referral.id, schoolId: d.allocatedSchool!.id, admittedOn, note: text(b, 'note') };
    const r = await ctx.graphql.execute<unknown>(req, ops.RecordFairAccessAdmission, { input, clientKey });
    if (r.errors?.length || !r.data)
      return renderAdmit(req, res, { clientKey, values: b, errors: formErrorsFrom(r.errors ?? [], ADMIT_ANCHORS) });
    res.redirect(303, '/home?recorded=admission');
  });
  return router;
}
