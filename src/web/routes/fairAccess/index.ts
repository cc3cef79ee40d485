import { Router, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { checked, dateField, dateParts, datesFromBody, numberField, text, type Body } from '../../forms/formValues';
import { LABELS, optionsFor } from '../../labels';
import { recordId } from '../pupils';
import { canRequestDirections } from '../../capabilities';

const ops = loadOperations(import.meta.url, 'fairAccess.graphql', [
  'FairAccessHome',
  'SchedulePanelMeeting',
  'MeetingAgenda',
  'DecisionForm',
  'WhoseTurn',
  'RecordPanelDecision',
  'Minutes',
  'Referral',
  'RequestDirection',
  'RecordDirectionOutcome',
  'ReferralFormPupil',
  'ReferForFairAccess',
]);

type Problem = { field: string; message: string };
const lines = (s: string) =>
  s
    .split(/\r?\n|,/)
    .map((x) => x.trim())
    .filter(Boolean);
const many = (b: Body, name: string) => ([] as unknown[]).concat(b[name] ?? []).map(String);

const CATEGORY_HINTS: Record<string, string> = {
  CIN_OR_CP_PLAN: 'Para 3.17(a): a plan in place at referral or within the 12 months before',
  AP_REINTEGRATION_OR_PEX:
    'Para 3.17(d): ready to return to mainstream, or permanently excluded and judged suitable for it',
  SEN_NO_EHCP_DISABILITY_MEDICAL:
    'Para 3.17(e): children with an EHC plan are placed through the EHC plan process instead',
  REFUSED_CHALLENGING_BEHAVIOUR: 'Para 3.17(j): only after a refusal under para 3.10',
  OUT_OF_EDUCATION_4_WEEKS: 'Para 3.17(l): not where a suitable place was offered and declined',
  PREVIOUSLY_LOOKED_AFTER: 'Para 3.17(m): a currently looked-after child is placed by LA direction, not the panel',
};

/** The fair access panel workspace: meetings, the agenda with clocks and whose turn, decisions, minutes, referrals, directions. */
export function fairAccessRoutes(ctx: WebContext): Router {
  const router = Router();

  // Meetings, open referrals with their 20-school-day clocks, and the new-meeting form.
  const renderHome = async (
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) => {
    const data = await ctx.graphql.query<any>(req, ops.FairAccessHome);
    res.render('pages/fairAccess/home', {
      meetings: [...data.panelMeetings].sort((a: any, b: any) => b.meetingDate.localeCompare(a.meetingDate)),
      referrals: data.fairAccessReferrals.nodes,
      totalOpen: data.fairAccessReferrals.totalCount,
      clientKey: o.clientKey,
      errors: o.errors ?? undefined,
      values: { attendingOrganisations: text(o.values, 'attendingOrganisations'), notes: text(o.values, 'notes') },
      dates: datesFromBody(o.values, ['meetingDate']),
    });
  };
  const MEETING_ANCHORS = {
    meetingDate: 'meetingDate-day',
    attendingOrganisations: 'attendingOrganisations',
    notes: 'notes',
  };
  router.get('/', (req, res) => renderHome(req, res, { clientKey: newClientKey(), values: {} }));
  router.post('/meetings', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const problems: Problem[] = [];
    const meetingDate = dateField(b, 'meetingDate', problems, 'The meeting date');
    if (!meetingDate && !problems.length)
      problems.push({ field: 'meetingDate', message: 'Enter the date of the meeting.' });
    const local = localErrors(problems, MEETING_ANCHORS);
    if (local) return renderHome(req, res, { clientKey, values: b, errors: local });
    const r = await ctx.graphql.execute<{ schedulePanelMeeting: { id: string } }>(req, ops.SchedulePanelMeeting, {
      input: {
        meetingDate,
        attendingOrganisations: lines(text(b, 'attendingOrganisations')),
        notes: text(b, 'notes') || undefined,
      },
      clientKey,
    });
    if (r.errors?.length || !r.data)
      return renderHome(req, res, { clientKey, values: b, errors: formErrorsFrom(r.errors ?? [], MEETING_ANCHORS) });
    res.redirect(303, `/fair-access/meetings/${r.data.schedulePanelMeeting.id}`);
  });

  // The agenda: referrals to consider, each with its clock, categories and evidence.
  router.get('/meetings/:id', async (req, res) => {
    const data = await ctx.graphql.query<any>(req, ops.MeetingAgenda, { id: recordId(req) });
    if (!data.panelMeeting) throw new PageError(404);
    res.render('pages/fairAccess/agenda', { meeting: data.panelMeeting, referrals: data.fairAccessReferrals.nodes });
  });

  router.get('/meetings/:id/minutes', async (req, res) => {
    const data = await ctx.graphql.query<any>(req, ops.Minutes, { id: recordId(req) });
    if (!data.panelMeeting) throw new PageError(404);
    res.render('pages/fairAccess/minutes', { meeting: data.panelMeeting });
  });

  // The decision form, prefilled with the whose-turn school.
  const DECISION_ANCHORS = {
    outcome: 'outcome',
    allocatedSchoolId: 'allocatedSchoolId',
    admissionDeadline: 'admissionDeadline-day',
    overrideReason: 'overrideReason',
    rationale: 'rationale',
    decidedBy: 'decidedBy',
    deferredToMeetingId: 'deferredToMeetingId',
    // The AP placement's own fields first, so an error is shown beside the field it names.
    placementProviderId: 'placementProviderId',
    placementTier: 'placementTier',
    placementStartDate: 'placementStartDate-day',
    placementPlannedEndDate: 'placementPlannedEndDate-day',
    placementHours: 'placementHours',
    placementRegistration: 'placementRegistration',
    placementObjectives: 'placementObjectives',
    placementReintegrationPlan: 'placementReintegrationPlan',
    placementRegistrationConfirmed: 'placementRegistrationConfirmed',
    supersedesDecisionId: 'outcome',
    placement: 'placementProviderId',
    'placement.providerId': 'placementProviderId',
    'placement.tier': 'placementTier',
    'placement.startDate': 'placementStartDate-day',
    'placement.plannedEndDate': 'placementPlannedEndDate-day',
    'placement.hoursPerWeek': 'placementHours',
    'placement.registration': 'placementRegistration',
    'placement.objectives': 'placementObjectives',
    'placement.reintegrationPlan': 'placementReintegrationPlan',
    'placement.readinessCriteria': 'placementReintegrationPlan',
    'placement.registrationConfirmed': 'placementRegistrationConfirmed',
    'placement.safeguardingConfirmedOn': 'placementProviderId',
    // Rules on the placement it opens (P1, U4, V5) name its fields under `placement.` too.
    'placement.reason': 'outcome',
    'placement.maximumPeriodSchoolDays': 'placementPlannedEndDate-day',
    'placement.providerUrn': 'placementProviderId',
    'placement.providerUkprn': 'placementProviderId',
    'placement.settingType': 'placementProviderId',
    referralId: 'outcome',
    meetingId: 'outcome',
  };
  const renderDecision = async (
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) => {
    const meetingId = recordId(req);
    const referralId = recordId(req, 'referralId');
    const data = await ctx.graphql.query<any>(req, ops.DecisionForm, { meetingId, referralId });
    if (!data.panelMeeting || !data.fairAccessReferral) throw new PageError(404);
    const referral = data.fairAccessReferral;
    const turn = await ctx.graphql.query<any>(req, ops.WhoseTurn, {
      yearGroup: referral.yearGroupSought,
      asOf: data.panelMeeting.meetingDate,
    });
    const first = turn.whoseTurn.entries[0]?.school ?? null;
    const v = o.values;
    const chosenSchool = text(v, 'allocatedSchoolId') || first?.id || '';
    res.render('pages/fairAccess/decide', {
      meeting: data.panelMeeting,
      referral,
      whoseTurn: turn.whoseTurn,
      whoseTurnSchool: first,
      clientKey: o.clientKey,
      errors: o.errors ?? undefined,
      values: {
        rationale: text(v, 'rationale'),
        decidedBy: text(v, 'decidedBy') || 'Fair access panel',
        overrideReason: text(v, 'overrideReason'),
      },
      dates: datesFromBody(v, ['admissionDeadline', 'placementStartDate', 'placementPlannedEndDate']),
      outcomeItems: optionsFor('fapOutcome', text(v, 'outcome') || 'ALLOCATE_SCHOOL', [
        'ALLOCATE_SCHOOL',
        'AP_PLACEMENT',
        'DEFER',
        'NOT_ELIGIBLE',
      ]),
      placement: {
        hours: text(v, 'placementHours'),
        objectives: text(v, 'placementObjectives'),
        reintegrationPlan: text(v, 'placementReintegrationPlan'),
        registrationConfirmed: checked(v, 'placementRegistrationConfirmed'),
      },
      providerItems: [
        { value: '', text: 'Select a provider' },
        ...[...data.providers]
          .sort((a: any, b: any) => a.name.localeCompare(b.name))
          .map((p: any) => ({
            value: p.id,
            text: `${p.name}${p.kind === 'UNREGISTERED' ? ' (unregistered)' : ''}`,
            selected: p.id === text(v, 'placementProviderId'),
          })),
      ],
      placementTierItems: optionsFor('tier', text(v, 'placementTier')),
      placementRegistrationItems: optionsFor('registration', text(v, 'placementRegistration'), [
        'DUAL_REGISTERED',
        'SINGLE_REGISTERED_AT_AP',
        'HOME_SCHOOL_ONLY',
      ]),
      schoolItems: turn.whoseTurn.entries.map((e: any) => ({
        value: e.school.id,
        text: `${e.rank}. ${e.school.name}`,
        selected: e.school.id === chosenSchool,
      })),
      meetingItems: [
        { value: '', text: 'Select a later meeting' },
        ...data.panelMeetings
          .filter((m: any) => m.meetingDate > data.panelMeeting.meetingDate)
          .map((m: any) => ({ value: m.id, text: m.meetingDate, selected: m.id === text(v, 'deferredToMeetingId') })),
      ],
    });
  };
  router.get('/meetings/:id/referrals/:referralId/decide', (req, res) =>
    renderDecision(req, res, { clientKey: newClientKey(), values: {} }),
  );
  router.post('/meetings/:id/referrals/:referralId/decide', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const meetingId = recordId(req);
    const referralId = recordId(req, 'referralId');
    const problems: Problem[] = [];
    const admissionDeadline = dateField(b, 'admissionDeadline', problems, 'The admission deadline');
    const outcome = text(b, 'outcome');
    if (!outcome) problems.push({ field: 'outcome', message: 'Select the panel’s decision.' });
    const placement = outcome === 'AP_PLACEMENT' ? apPlacementInput(b, problems) : undefined;
    const local = localErrors(problems, DECISION_ANCHORS);
    if (local) return renderDecision(req, res, { clientKey, values: b, errors: local });
    const allocating = outcome === 'ALLOCATE_SCHOOL';
    const input = {
      referralId,
      meetingId,
      outcome,
      rationale: text(b, 'rationale'),
      decidedBy: text(b, 'decidedBy'),
      allocatedSchoolId: allocating ? text(b, 'allocatedSchoolId') || undefined : undefined,
      admissionDeadline: allocating ? admissionDeadline : undefined,
      overrideReason: allocating ? text(b, 'overrideReason') || undefined : undefined,
      deferredToMeetingId: outcome === 'DEFER' ? text(b, 'deferredToMeetingId') || undefined : undefined,
      supersedesDecisionId: text(b, 'supersedesDecisionId') || undefined,
      placement,
    };
    const r = await ctx.graphql.execute<unknown>(req, ops.RecordPanelDecision, { input, clientKey });
    if (r.errors?.length || !r.data)
      return renderDecision(req, res, {
        clientKey,
        values: b,
        errors: formErrorsFrom(r.errors ?? [], DECISION_ANCHORS),
      });
    res.redirect(303, `/fair-access/meetings/${meetingId}?recorded=decision`);
  });

  // A referral: its decisions, the school's response, and directions (LA officers).
  const renderReferral = async (
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null; form?: string },
  ) => {
    const data = await ctx.graphql.query<any>(req, ops.Referral, { id: recordId(req) });
    if (!data.fairAccessReferral) throw new PageError(404);
    const r = data.fairAccessReferral;
    const d = r.currentDecision;
    res.render('pages/fairAccess/referral', {
      referral: r,
      role: data.me.role,
      clientKey: o.clientKey,
      errors: o.errors ?? undefined,
      form: o.form,
      canRequestDirection:
        canRequestDirections(data.me.role) &&
        d?.outcome === 'ALLOCATE_SCHOOL' &&
        !d.direction &&
        r.status === 'ALLOCATED',
      canRecordDirectionOutcome: canRequestDirections(data.me.role) && d?.direction && !d.direction.outcome,
      values: { note: text(o.values, 'note'), laIsAdmissionAuthority: checked(o.values, 'laIsAdmissionAuthority') },
      dates: Object.keys(o.values).length
        ? datesFromBody(o.values, ['requestedOn', 'outcomeOn'])
        : { requestedOn: dateParts(ctx.today()), outcomeOn: dateParts(ctx.today()) },
      directionOutcomeItems: optionsFor('fapDirectionOutcome', text(o.values, 'outcome')),
      recorded: typeof req.query.recorded === 'string' ? req.query.recorded : null,
    });
  };
  router.get('/referrals/new', async (req, res) =>
    renderReferralForm(req, res, { clientKey: newClientKey(), values: {} }),
  );
  router.get('/referrals/:id', (req, res) => renderReferral(req, res, { clientKey: newClientKey(), values: {} }));
  const DIRECTION_ANCHORS = {
    requestedOn: 'requestedOn-day',
    note: 'note',
    decisionId: 'requestedOn-day',
    laIsAdmissionAuthority: 'laIsAdmissionAuthority',
  };
  router.post('/referrals/:id/direction', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const problems: Problem[] = [];
    const requestedOn = dateField(b, 'requestedOn', problems, 'The date of the request');
    const local = localErrors(problems, DIRECTION_ANCHORS);
    if (local) return renderReferral(req, res, { clientKey, values: b, errors: local, form: 'direction' });
    const input = {
      decisionId: text(b, 'decisionId'),
      requestedOn,
      note: text(b, 'note'),
      laIsAdmissionAuthority: checked(b, 'laIsAdmissionAuthority'),
    };
    const r = await ctx.graphql.execute<unknown>(req, ops.RequestDirection, { input, clientKey });
    if (r.errors?.length || !r.data)
      return renderReferral(req, res, {
        clientKey,
        values: b,
        errors: formErrorsFrom(r.errors ?? [], DIRECTION_ANCHORS),
        form: 'direction',
      });
    res.redirect(303, `/fair-access/referrals/${recordId(req)}?recorded=direction`);
  });
  const OUTCOME_ANCHORS = { outcome: 'outcome', outcomeOn: 'outcomeOn-day', note: 'note', directionId: 'outcome' };
  router.post('/referrals/:id/direction-outcome', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const problems: Problem[] = [];
    const outcomeOn = dateField(b, 'outcomeOn', problems, 'The date of the outcome');
    if (!text(b, 'outcome')) problems.push({ field: 'outcome', message: 'Select the outcome of the direction.' });
    const local = localErrors(problems, OUTCOME_ANCHORS);
    if (local) return renderReferral(req, res, { clientKey, values: b, errors: local, form: 'outcome' });
    const input = {
      directionId: text(b, 'directionId'),
      outcome: text(b, 'outcome'),
      outcomeOn,
      note: text(b, 'note'),
    };
    const r = await ctx.graphql.execute<unknown>(req, ops.RecordDirectionOutcome, { input, clientKey });
    if (r.errors?.length || !r.data)
      return renderReferral(req, res, {
        clientKey,
        values: b,
        errors: formErrorsFrom(r.errors ?? [], OUTCOME_ANCHORS),
        form: 'outcome',
      });
    res.redirect(303, `/fair-access/referrals/${recordId(req)}?recorded=direction-outcome`);
  });

  // The referral form: para 3.17 categories with hints, evidence of in-year attempts, agreed-to-consider date.
  const REFERRAL_ANCHORS = {
    referringParty: 'referringParty',
    referringSchoolId: 'referringSchoolId',
    referrerName: 'referrerName',
    referredOn: 'referredOn-day',
    categories: 'categories',
    yearGroupSought: 'yearGroupSought',
    context: 'context',
    inYearAttempts: 'inYearAttempts',
    agreedToConsiderOn: 'agreedToConsiderOn-day',
    pupilId: 'referrerName',
  };
  async function renderReferralForm(
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body; errors?: FormErrors | null },
  ) {
    const pupilId = String(req.query.pupil ?? (req.body as Body | undefined)?.pupilId ?? '');
    if (!/^[0-9a-f-]{36}$/.test(pupilId)) throw new PageError(404);
    const data = await ctx.graphql.query<any>(req, ops.ReferralFormPupil, { id: pupilId });
    if (!data.pupil) throw new PageError(404);
    const v = o.values;
    const chosen = new Set(many(v, 'categories'));
    res.render('pages/fairAccess/refer', {
      pupil: data.pupil,
      clientKey: o.clientKey,
      errors: o.errors ?? undefined,
      values: {
        referrerName: text(v, 'referrerName'),
        context: text(v, 'context'),
        inYearAttempts: text(v, 'inYearAttempts'),
        yearGroupSought: text(v, 'yearGroupSought') || String(data.pupil.yearGroup ?? ''),
      },
      dates: Object.keys(v).length
        ? datesFromBody(v, ['referredOn', 'agreedToConsiderOn'])
        : { referredOn: dateParts(ctx.today()) },
      partyItems: optionsFor('referringParty', text(v, 'referringParty')),
      schoolItems: [
        { value: '', text: 'Select a school' },
        ...data.schools.nodes
          .filter((s: any) => s.phase !== 'ALTERNATIVE_PROVISION')
          .sort((a: any, b: any) => a.name.localeCompare(b.name))
          .map((s: any) => ({ value: s.id, text: s.name, selected: s.id === text(v, 'referringSchoolId') })),
      ],
      categoryItems: Object.entries(LABELS.fapCategory!).map(([value, t]) => ({
        value,
        text: t,
        checked: chosen.has(value),
        hint: CATEGORY_HINTS[value] ? { text: CATEGORY_HINTS[value] } : undefined,
      })),
    });
  }
  router.post('/referrals/new', async (req, res) => {
    const b = req.body as Body;
    const clientKey = clientKeyFrom(b);
    const problems: Problem[] = [];
    const referredOn = dateField(b, 'referredOn', problems, 'The referral date');
    const agreedToConsiderOn = dateField(b, 'agreedToConsiderOn', problems, 'The date the panel agreed to consider');
    const year = Number(text(b, 'yearGroupSought'));
    if (!text(b, 'referringParty')) problems.push({ field: 'referringParty', message: 'Select who is referring.' });
    const local = localErrors(problems, REFERRAL_ANCHORS);
    if (local) return renderReferralForm(req, res, { clientKey, values: b, errors: local });
    const input = {
      pupilId: text(b, 'pupilId'),
      referringParty: text(b, 'referringParty'),
      referringSchoolId: text(b, 'referringParty') === 'SCHOOL' ? text(b, 'referringSchoolId') || undefined : undefined,
      referrerName: text(b, 'referrerName'),
      referredOn,
      categories: many(b, 'categories'),
      yearGroupSought: Number.isInteger(year) ? year : -1,
      context: text(b, 'context'),
      inYearAttempts: text(b, 'inYearAttempts') || undefined,
      agreedToConsiderOn,
    };
    const r = await ctx.graphql.execute<{ referForFairAccess: { id: string } }>(req, ops.ReferForFairAccess, {
      input,
      clientKey,
    });
    if (r.errors?.length || !r.data)
      return renderReferralForm(req, res, {
        clientKey,
        values: b,
        errors: formErrorsFrom(r.errors ?? [], REFERRAL_ANCHORS),
      });
    res.redirect(303, `/fair-access/referrals/${r.data.referForFairAccess.id}?recorded=referral`);
  });

  return router;
}

/**
 * An AP placement decision opens the placement in the same transaction (the LA commissions it); the
 * panel gives the provider and the plan. Only what the page can tell is checked here.
 */
function apPlacementInput(b: Body, problems: Problem[]) {
  const startDate = dateField(b, 'placementStartDate', problems, 'The placement start date');
  const plannedEndDate = dateField(b, 'placementPlannedEndDate', problems, 'The planned end date');
  const hoursPerWeek = numberField(b, 'placementHours', problems, 'Hours per week');
  if (!text(b, 'placementProviderId'))
    problems.push({ field: 'placement.providerId', message: 'Select the AP provider.' });
  if (!text(b, 'placementTier')) problems.push({ field: 'placement.tier', message: 'Select the tier.' });
  if (!startDate && !problems.some((p) => p.field === 'placementStartDate'))
    problems.push({ field: 'placement.startDate', message: 'Enter the placement start date.' });
  if (hoursPerWeek === undefined && !problems.some((p) => p.field === 'placementHours'))
    problems.push({ field: 'placement.hoursPerWeek', message: 'Enter the hours per week.' });
  if (!text(b, 'placementRegistration'))
    problems.push({ field: 'placement.registration', message: 'Select how the pupil is registered.' });
  return {
    providerId: text(b, 'placementProviderId'),
    // The page places a child without a school place; other reasons are the API's to offer (PlacementInput).
    reason: 'AWAITING_SCHOOL_PLACE',
    tier: text(b, 'placementTier'),
    startDate,
    plannedEndDate,
    hoursPerWeek,
    registration: text(b, 'placementRegistration'),
    objectives: text(b, 'placementObjectives'),
    reintegrationPlan: text(b, 'placementReintegrationPlan'),
    registrationConfirmed: checked(b, 'placementRegistrationConfirmed'),
  };
}
