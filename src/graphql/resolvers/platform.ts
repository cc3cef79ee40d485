import type { Context } from '../context';
import type { Pupil, Provider } from '../../generated/prisma/client';
import { listProviders, listSchools, readProvider, readSchool } from '../../queries/directory';
import { written } from '../../queries/written';
import { notFound } from '../../errors';
import { readPupil, listPupils, type PupilFilter } from '../../queries/pupils';
import { academicYearOf, yearGroupFor } from '../../domain/academicYear';
import { registerPupil } from '../../usecases/pupils/registerPupil';
import { changePupilCharacteristics } from '../../usecases/pupils/changeCharacteristics';
import { recordNhsNumber } from '../../usecases/pupils/recordNhsNumber';
import { enrolPupil, recordLeavingRoll } from '../../usecases/pupils/roll';
import { registerProvider, registerSchool, recordProviderChecks } from '../../usecases/organisations/organisations';
import { loadTermDates } from '../../usecases/organisations/loadTermDates';
import { stayLength } from '../../domain/movements/schedule';
import { actorOf, today } from './guard';
import { pageCursor, parseLocalDateRange } from './ranges';

type Args<T> = { input: T; clientKey?: string | null };
const iso = (d: Date) => d.toISOString().slice(0, 10);

export const platformResolvers = {
  Query: {
    me: async (_: unknown, __: unknown, ctx: Context) => {
      const a = actorOf(ctx);
      return { userId: a.userId, role: a.role, laId: a.laId, schoolId: a.schoolId, providerId: a.providerId };
    },
    schools: (_: unknown, args: { phase?: string; type?: string; first: number; after?: string }, ctx: Context) =>
      listSchools(ctx.prisma, actorOf(ctx), args, args.first, pageCursor(args.after)),
    school: (_: unknown, { id }: { id: string }, ctx: Context) => readSchool(ctx.prisma, actorOf(ctx), id),
    providers: (_: unknown, { kind }: { kind?: string }, ctx: Context) => listProviders(ctx.prisma, actorOf(ctx), kind),
    provider: (_: unknown, { id }: { id: string }, ctx: Context) => readProvider(ctx.prisma, actorOf(ctx), id),
    pupil: (_: unknown, { id }: { id: string }, ctx: Context) => readPupil(ctx.prisma, actorOf(ctx), { id }),
    pupilByUpn: (_: unknown, { upn }: { upn: string }, ctx: Context) => readPupil(ctx.prisma, actorOf(ctx), { upn }),
    pupils: (_: unknown, args: { filter?: PupilFilter; first: number; after?: string }, ctx: Context) =>
      listPupils(ctx.prisma, actorOf(ctx), args.filter ?? {}, args.first, pageCursor(args.after), today(ctx)),
    schoolDays: async (_: unknown, args: { from: string; to: string }, ctx: Context) => {
      const a = actorOf(ctx);
      const { from, to } = parseLocalDateRange(args.from, args.to);
      const cal = await ctx.calendars.calendarFor(a.laId);
      const len = stayLength(cal, from, to);
      return { from, to, ...len, calendarSource: await ctx.calendars.sourceFor(a.laId) };
    },
  },
  Mutation: {
    registerPupil: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) => {
      // The written row when the caller may read it (its read is audited with the write), else read back.
      const r = await registerPupil(ctx, actorOf(ctx), input, clientKey);
      return r.row ?? pupilById(ctx, r.id);
    },
    changePupilCharacteristics: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      pupilById(ctx, (await changePupilCharacteristics(ctx, actorOf(ctx), input, clientKey)).id),
    recordNhsNumber: async (
      _: unknown,
      a: { pupilId: string; nhsNumber: string; reason: string; clientKey?: string },
      ctx: Context,
    ) =>
      pupilById(
        ctx,
        (
          await recordNhsNumber(
            ctx,
            actorOf(ctx),
            { pupilId: a.pupilId, nhsNumber: a.nhsNumber, reason: a.reason },
            a.clientKey,
          )
        ).id,
      ),
    enrolPupil: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      written.enrolment(ctx.prisma, (await enrolPupil(ctx, actorOf(ctx), input, clientKey)).id),
    recordLeavingRoll: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      written.enrolment(ctx.prisma, (await recordLeavingRoll(ctx, actorOf(ctx), input, clientKey)).id),
    registerSchool: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      written.school(ctx.prisma, (await registerSchool(ctx, actorOf(ctx), input, clientKey)).id),
    registerProvider: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      written.provider(ctx.prisma, (await registerProvider(ctx, actorOf(ctx), input, clientKey)).id),
    recordProviderChecks: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      written.provider(ctx.prisma, (await recordProviderChecks(ctx, actorOf(ctx), input, clientKey)).id),
    loadTermDates: (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      loadTermDates(ctx, actorOf(ctx), input, clientKey),
  },
  Me: {
    localAuthority: (me: { laId: string }, _: unknown, ctx: Context) => ctx.loaders.localAuthority.load(me.laId),
    school: (me: { schoolId?: string }, _: unknown, ctx: Context) =>
      me.schoolId ? ctx.loaders.school.load(me.schoolId) : null,
    provider: (me: { providerId?: string }, _: unknown, ctx: Context) =>
      me.providerId ? ctx.loaders.provider.load(me.providerId) : null,
  },
  Provider: {
    school: (p: Provider, _: unknown, ctx: Context) => (p.schoolId ? ctx.loaders.school.load(p.schoolId) : null),
  },
  Pupil: {
    yearGroup: (p: Pupil, { academicYear }: { academicYear?: string }, ctx: Context) =>
      yearGroupFor(iso(p.dateOfBirth), academicYear ?? academicYearOf(today(ctx))),
    homeLocalAuthority: (p: Pupil, _: unknown, ctx: Context) => ctx.loaders.localAuthority.load(p.homeLaId),
    enrolments: (p: Pupil, _: unknown, ctx: Context) => ctx.loaders.enrolmentsOfPupil.load(p.id),
  },
  Enrolment: {
    school: (e: { schoolId: string }, _: unknown, ctx: Context) => ctx.loaders.school.load(e.schoolId),
  },
};

/** Mutations answer with the record as the caller is allowed to see it. */
async function pupilById(ctx: Context, id: string) {
  const p = await readPupil(ctx.prisma, actorOf(ctx), { id });
  if (!p) throw notFound('pupil');
  return p;
}
