import { Router, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { newClientKey, clientKeyFrom } from '../../forms/clientKey';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { checked, dateField, datesFromBody, optional, text, type Body } from '../../forms/formValues';
import { optionsFor } from '../../labels';
import { canRegisterPupils } from '../../capabilities';
import type { Role } from '../../../generated/prisma/enums';
import { timelineItems } from './timeline';
import { recordView } from './record';
import { correctionRoutes } from './correct';
import { historyPackRoutes } from './historyPack';

const ops = loadOperations(import.meta.url, 'pupils.graphql', [
  'FindPupils',
  'SearchSchools',
  'PupilRecord',
  'PupilWhereabouts',
  'RegisterPupil',
  'EventForCorrection',
  'CorrectEvent',
]);

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id from the path; anything that is not one is a missing page, like a record out of scope. */
export function recordId(req: Request, name = 'id'): string {
  const id = String(req.params[name] ?? '');
  if (!UUID_PATTERN.test(id)) throw new PageError(404);
  return id;
}

interface SearchData {
  me: { role: string; school: { id: string } | null };
  schools: { nodes: { id: string; name: string; phase: string }[] };
}

/** Find a pupil (/pupils), add one (/pupils/new) and the pupil record (/pupils/:id). */
export function pupilRoutes(ctx: WebContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const q = req.query as Record<string, string>;
    const problems: { field: string; message: string }[] = [];
    const dateOfBirth = dateField(q, 'dob', problems, 'Date of birth');
    const filter = {
      ...(text(q, 'upn') ? { upn: text(q, 'upn') } : {}),
      ...(text(q, 'name') ? { name: text(q, 'name') } : {}),
      ...(dateOfBirth ? { dateOfBirth } : {}),
      ...(text(q, 'school') && /^[0-9a-f-]{36}$/.test(text(q, 'school')) ? { schoolId: text(q, 'school') } : {}),
    };
    const searched = Object.keys(filter).length > 0;
    const [lists, found] = await Promise.all([
      ctx.graphql.query<SearchData>(req, ops.SearchSchools),
      searched && !problems.length
        ? ctx.graphql.query<{
            pupils: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              nodes: PupilRow[];
            };
          }>(req, ops.FindPupils, { filter, after: q.after && /^[0-9a-f-]{36}$/.test(q.after) ? q.after : null })
        : null,
    ]);
    const errors = localErrors(problems, { dob: 'dob-day' });
    const more = new URLSearchParams({ ...q, after: found?.pupils.pageInfo.endCursor ?? '' }).toString();
    res.render('pages/pupils/find', {
      q: { upn: text(q, 'upn'), name: text(q, 'name'), school: text(q, 'school') },
      dob: datesFromBody(q, ['dob']).dob,
      schoolItems: [
        { value: '', text: 'Any school' },
        ...lists.schools.nodes
          .filter((s) => s.phase !== 'ALTERNATIVE_PROVISION')
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((s) => ({ value: s.id, text: s.name, selected: s.id === text(q, 'school') })),
      ],
      searched,
      errors,
      results: found?.pupils.nodes.map((p) => ({
        ...p,
        school: p.enrolments.find((e) => !e.endDate)?.school.name ?? '',
      })),
      totalCount: found?.pupils.totalCount ?? 0,
      nextPage: found?.pupils.pageInfo.hasNextPage ? `?${more}` : null,
      canRegister: canRegisterPupils(lists.me.role as Role),
    });
  });

  router.get('/new', (req, res) => renderRegister(req, res, { clientKey: newClientKey(), values: {} }));

  router.post('/new', async (req, res) => {
    const b = req.body as Body;
    const problems: { field: string; message: string }[] = [];
    const dateOfBirth = dateField(b, 'dateOfBirth', problems, 'Date of birth');
    const onRollFrom = dateField(b, 'onRollFrom', problems, 'The date they joined your roll');
    const clientKey = clientKeyFrom(b);
    const local = localErrors(problems, REGISTER_ANCHORS);
    if (local) return renderRegister(req, res, { clientKey, values: b, errors: local });
    const input = {
      upn: text(b, 'upn'),
      firstName: text(b, 'firstName'),
      lastName: text(b, 'lastName'),
      dateOfBirth: dateOfBirth ?? '',
      sex: optional(b, 'sex') ?? '',
      senStatus: optional(b, 'senStatus'),
      lookedAfter: checked(b, 'lookedAfter'),
      fsmEligible: checked(b, 'fsmEligible'),
      socialCareStatus: optional(b, 'socialCareStatus'),
      ethnicityCode: optional(b, 'ethnicityCode'),
      onRollFrom,
      reason: text(b, 'reason'),
    };
    const local2 = localErrors(
      [
        ...(!input.dateOfBirth ? [{ field: 'dateOfBirth', message: 'Enter the pupil’s date of birth.' }] : []),
        ...(!input.sex ? [{ field: 'sex', message: 'Select the pupil’s sex as recorded by the school.' }] : []),
      ],
      REGISTER_ANCHORS,
    );
    if (local2) return renderRegister(req, res, { clientKey, values: b, errors: local2 });
    const result = await ctx.graphql.execute<{ registerPupil: { id: string } }>(req, ops.RegisterPupil, {
      input,
      clientKey,
    });
    if (result.errors?.length || !result.data) {
      return renderRegister(req, res, {
        clientKey,
        values: b,
        errors: formErrorsFrom(result.errors ?? [], REGISTER_ANCHORS),
      });
    }
    res.redirect(303, `/pupils/${result.data.registerPupil.id}?recorded=pupil`);
  });

  router.get('/:id', async (req, res) => {
    const id = recordId(req);
    const q = req.query as Record<string, string>;
    const problems: { field: string; message: string }[] = [];
    const on = dateField(q, 'on', problems, 'The date');
    const [data, where] = await Promise.all([
      ctx.graphql.query<RecordData>(req, ops.PupilRecord, { id }),
      on ? ctx.graphql.query<{ pupilWhereabouts: unknown }>(req, ops.PupilWhereabouts, { id, on }) : null,
    ]);
    res.render('pages/pupils/record', {
      ...recordView(data, ctx.today(), typeof q.exclusion === 'string' ? q.exclusion : null),
      timeline: timelineItems(data.pupilTimeline),
      whereabouts: where?.pupilWhereabouts ?? null,
      onDate: datesFromBody(q, ['on']).on,
      whereErrors: localErrors(problems, { on: 'on-day' }),
      recorded: typeof q.recorded === 'string' ? q.recorded : null,
    });
  });

  correctionRoutes(ctx, router, ops);
  historyPackRoutes(ctx, router);

  return router;
}

const REGISTER_ANCHORS: Record<string, string> = {
  upn: 'upn',
  firstName: 'firstName',
  lastName: 'lastName',
  dateOfBirth: 'dateOfBirth-day',
  sex: 'sex',
  senStatus: 'senStatus',
  socialCareStatus: 'socialCareStatus',
  ethnicityCode: 'ethnicityCode',
  onRollFrom: 'onRollFrom-day',
  reason: 'reason',
};

function renderRegister(req: Request, res: Response, o: { clientKey: string; values: Body; errors?: FormErrors }) {
  const v = o.values;
  res.render('pages/pupils/register', {
    clientKey: o.clientKey,
    values: {
      upn: text(v, 'upn'),
      firstName: text(v, 'firstName'),
      lastName: text(v, 'lastName'),
      ethnicityCode: text(v, 'ethnicityCode'),
      reason: text(v, 'reason'),
      lookedAfter: checked(v, 'lookedAfter'),
      fsmEligible: checked(v, 'fsmEligible'),
    },
    dates: datesFromBody(v, ['dateOfBirth', 'onRollFrom']),
    sexItems: optionsFor('sex', text(v, 'sex')),
    senItems: optionsFor('sen', text(v, 'senStatus') || 'NONE'),
    socialCareItems: optionsFor('socialCare', text(v, 'socialCareStatus') || 'NONE'),
    isSchool: Boolean(req.user?.actor.schoolId),
    errors: o.errors,
  });
}

interface PupilRow {
  id: string;
  upn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  yearGroup: number | null;
  enrolments: { endDate: string | null; school: { name: string } }[];
}

export interface RecordData {
  me: { role: string };
  pupil: Record<string, any> & { placements: any[]; exclusions: any[]; flags: any[]; enrolments: any[] };
  pupilTimeline: TimelineEventData[];
}

export interface TimelineEventData {
  id: string;
  type: string;
  occurredOn: string;
  recordedAt: string;
  actorRole: string;
  reason: string;
  data: Record<string, unknown>;
  correctsEventId: string | null;
  correctedBy: string[];
}
