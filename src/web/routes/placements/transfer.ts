import type { DocumentNode } from 'graphql';
import type { Request, Response, Router } from 'express';
import type { WebContext } from '../../webContext';
import { PageError } from '../../pageError';
import { clientKeyFrom, newClientKey } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import {
  checked,
  dateField,
  dateParts,
  datesFromBody,
  numberField,
  optional,
  text,
  type Body,
} from '../../forms/formValues';
import { optionsFor } from '../../labels';
import { recordId } from '../pupils';

type Problem = { field: string; message: string };

/** Where each field of EndPlacementInput (and its `next` placement) is on the transfer form. */
const ANCHORS: Record<string, string> = {
  // The form's own field names first: an error is shown beside the field whose name comes first here.
  endDate: 'endDate-day',
  nextStartDate: 'nextStartDate-day',
  providerId: 'providerId',
  tier: 'tier',
  plannedEndDate: 'plannedEndDate-day',
  hoursPerWeek: 'hoursPerWeek',
  registration: 'registration',
  objectives: 'objectives',
  reintegrationPlan: 'reintegrationPlan',
  readinessCriteria: 'readinessCriteria',
  registrationConfirmed: 'registrationConfirmed',
  safeguardingConfirmedOn: 'safeguardingConfirmedOn-day',
  safeguardingLead: 'safeguardingLead',
  reason: 'reason',
  // The API's names: `next.*` for the next placement; rules on it (P1, U4, V5) name its fields unprefixed.
  destination: 'providerId',
  next: 'providerId',
  'next.providerId': 'providerId',
  'next.tier': 'tier',
  'next.plannedEndDate': 'plannedEndDate-day',
  'next.hoursPerWeek': 'hoursPerWeek',
  'next.registration': 'registration',
  'next.objectives': 'objectives',
  'next.reintegrationPlan': 'reintegrationPlan',
  'next.readinessCriteria': 'readinessCriteria',
  'next.registrationConfirmed': 'registrationConfirmed',
  'next.safeguardingConfirmedOn': 'safeguardingConfirmedOn-day',
  'next.safeguardingLead': 'safeguardingLead',
  startDate: 'nextStartDate-day',
  providerUrn: 'providerId',
  providerUkprn: 'providerId',
  settingType: 'providerId',
};
const DATES = ['endDate', 'nextStartDate', 'plannedEndDate', 'safeguardingConfirmedOn'];

interface Choices {
  placement: {
    id: string;
    status: string;
    tier: string;
    startDate: string;
    plannedEndDate: string | null;
    hoursPerWeek: number;
    registration: string;
    objectives: string;
    reintegrationPlan: string;
    readinessCriteria: string | null;
    pupil: { id: string; firstName: string; lastName: string };
    provider: { id: string; name: string };
  } | null;
  providers: { id: string; name: string; kind: string }[];
}

/**
 * Transfer to another provider: the placement ends with destination ANOTHER_AP and the next one opens
 * in the same transaction (endPlacement's `next`), so the pupil is never between placements on the record.
 * The next placement's plan starts as a copy of this one's, to be edited.
 */
export function transferRoutes(
  ctx: WebContext,
  router: Router,
  ops: { TransferChoices: DocumentNode; EndPlacement: DocumentNode },
) {
  async function render(
    req: Request,
    res: Response,
    o: { clientKey: string; values: Body | null; errors?: FormErrors },
  ) {
    const c = await ctx.graphql.query<Choices>(req, ops.TransferChoices, { id: recordId(req) });
    const pl = c.placement;
    if (!pl) throw new PageError(404);
    const v: Body = o.values ?? {
      tier: pl.tier,
      hoursPerWeek: String(pl.hoursPerWeek),
      registration: pl.registration,
      objectives: pl.objectives,
      reintegrationPlan: pl.reintegrationPlan,
      readinessCriteria: pl.readinessCriteria ?? '',
      ...Object.fromEntries(Object.entries(dateParts(pl.plannedEndDate)).map(([k, x]) => [`plannedEndDate-${k}`, x])),
    };
    res.render('pages/placements/transfer', {
      placement: pl,
      clientKey: o.clientKey,
      values: Object.fromEntries(Object.keys(v).map((k) => [k, text(v, k)])),
      registrationConfirmed: checked(v, 'registrationConfirmed'),
      dates: datesFromBody(v, DATES),
      errors: o.errors,
      providerItems: [
        { value: '', text: 'Select a provider' },
        ...c.providers
          .filter((p) => p.id !== pl.provider.id)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((p) => ({
            value: p.id,
            text: `${p.name}${p.kind === 'UNREGISTERED' ? ' (unregistered)' : ''}`,
            selected: p.id === text(v, 'providerId'),
          })),
      ],
      tierItems: optionsFor('tier', text(v, 'tier')),
      registrationItems: optionsFor('registration', text(v, 'registration'), [
        'DUAL_REGISTERED',
        'SINGLE_REGISTERED_AT_AP',
        'HOME_SCHOOL_ONLY',
      ]),
    });
  }

  router.get('/:id/transfer', (req, res) => render(req, res, { clientKey: newClientKey(), values: null }));

  router.post('/:id/transfer', async (req, res) => {
    const b = req.body as Body;
    const placementId = recordId(req);
    const clientKey = clientKeyFrom(b);
    const problems: Problem[] = [];
    const endDate = dateField(b, 'endDate', problems, 'The last day at this provider');
    if (!endDate && !problems.some((p) => p.field === 'endDate'))
      problems.push({ field: 'endDate', message: 'Enter the last day at this provider.' });
    const nextStartDate = dateField(b, 'nextStartDate', problems, 'The first day at the next provider');
    const plannedEndDate = dateField(b, 'plannedEndDate', problems, 'The planned end date');
    const safeguardingConfirmedOn = dateField(
      b,
      'safeguardingConfirmedOn',
      problems,
      'The date safeguarding checks were confirmed',
    );
    const hoursPerWeek = numberField(b, 'hoursPerWeek', problems, 'Hours per week');
    if (hoursPerWeek === undefined && !problems.some((p) => p.field === 'hoursPerWeek'))
      problems.push({ field: 'hoursPerWeek', message: 'Enter the hours per week at the next provider.' });
    if (!text(b, 'providerId'))
      problems.push({ field: 'providerId', message: 'Select the provider the pupil moves to.' });
    if (!text(b, 'tier')) problems.push({ field: 'tier', message: 'Select the tier of the next placement.' });
    if (!text(b, 'registration'))
      problems.push({ field: 'registration', message: 'Select how the pupil is registered at the next provider.' });
    const local = localErrors(problems, ANCHORS);
    if (local) return render(req, res, { clientKey, values: b, errors: local });
    const input = {
      placementId,
      endDate,
      destination: 'ANOTHER_AP',
      nextStartDate,
      reason: text(b, 'reason'),
      next: {
        providerId: text(b, 'providerId'),
        tier: text(b, 'tier'),
        plannedEndDate,
        hoursPerWeek,
        registration: text(b, 'registration'),
        objectives: text(b, 'objectives'),
        reintegrationPlan: text(b, 'reintegrationPlan'),
        readinessCriteria: optional(b, 'readinessCriteria'),
        registrationConfirmed: checked(b, 'registrationConfirmed'),
        safeguardingConfirmedOn,
        safeguardingLead: optional(b, 'safeguardingLead'),
      },
    };
    const result = await ctx.graphql.execute<{ endPlacement: { ended: { id: string } } }>(req, ops.EndPlacement, {
      input,
      clientKey,
    });
    if (result.errors?.length || !result.data)
      return render(req, res, { clientKey, values: b, errors: formErrorsFrom(result.errors ?? [], ANCHORS) });
    const c = await ctx.graphql.query<Choices>(req, ops.TransferChoices, { id: placementId });
    res.redirect(303, `/pupils/${c.placement!.pupil.id}?recorded=transfer`);
  });
}
