import { fromDb } from '../../db/dates';
import { suspensionDaysByAcademicYear } from '../../domain/movements/exclusions';
import type { Context } from '../context';
import type { Placement, Exclusion, Reintegration, PupilEvent } from '../../generated/prisma/client';
import { notFound } from '../../errors';
import { stayLength } from '../../domain/movements/schedule';
import * as q from '../../queries/movements';
import { written } from '../../queries/written';
import { commissionPlacement } from '../../usecases/placements/commissionPlacement';
import { reviewPlacement } from '../../usecases/placements/reviewPlacement';
import { changePlacementHours } from '../../usecases/placements/changeHours';
import { endPlacement } from '../../usecases/placements/endPlacement';
import { reportReintegrationCheckpoint } from '../../usecases/reintegration/reportCheckpoint';
import { recordPermanentExclusion, recordSuspension } from '../../usecases/exclusions/recordExclusion';
import { recordGovernorDecision } from '../../usecases/exclusions/governorDecision';
import { correctEvent } from '../../usecases/timeline/correctEvent';
import { actorOf, today } from './guard';

type Args = { input: unknown; clientKey?: string | null };
const iso = (d: Date) => d.toISOString().slice(0, 10);

async function placementFor(ctx: Context, id: string) {
  const p = await q.readPlacement(ctx.prisma, actorOf(ctx), id);
  if (!p) throw notFound('placement');
  return p;
}

export const movementResolvers = {
  Query: {
    placement: (_: unknown, { id }: { id: string }, ctx: Context) => q.readPlacement(ctx.prisma, actorOf(ctx), id),
    pupilTimeline: async (_: unknown, { pupilId }: { pupilId: string }, ctx: Context) => {
      const events = await q.pupilTimeline(ctx.prisma, actorOf(ctx), pupilId);
      if (!events) throw notFound('pupil');
      return events;
    },
    pupilWhereabouts: async (_: unknown, { pupilId, on }: { pupilId: string; on: string }, ctx: Context) => {
      const w = await q.pupilWhereabouts(ctx.prisma, actorOf(ctx), pupilId, on);
      if (!w) throw notFound('pupil');
      return w;
    },
    providerRoll: (_: unknown, { providerId, on }: { providerId: string; on?: string }, ctx: Context) =>
      q.providerRoll(ctx.prisma, actorOf(ctx), providerId, on ?? today(ctx)),
    schoolPupilsInAp: (_: unknown, { schoolId, on }: { schoolId: string; on?: string }, ctx: Context) =>
      q.schoolPupilsInAp(ctx.prisma, actorOf(ctx), schoolId, on ?? today(ctx)),
    exclusion: (_: unknown, { id }: { id: string }, ctx: Context) => q.readExclusion(ctx.prisma, actorOf(ctx), id),
    suspensionTotal: async (_: unknown, a: { pupilId: string; academicYear: string }, ctx: Context) => {
      const t = await q.suspensionTotal(ctx.prisma, ctx.calendars, actorOf(ctx), a.pupilId, a.academicYear);
      if (!t) throw notFound('pupil');
      return t;
    },
    placements: (_: unknown, { filter, first }: { filter: q.PlacementFilter; first: number }, ctx: Context) =>
      q.listPlacements(ctx.prisma, actorOf(ctx), filter, first),
    reintegrations: (_: unknown, { filter, first }: { filter: q.ReintegrationFilter; first: number }, ctx: Context) =>
      q.listReintegrations(ctx.prisma, actorOf(ctx), filter, first),
    reintegration: (_: unknown, { id }: { id: string }, ctx: Context) =>
      q.readReintegration(ctx.prisma, actorOf(ctx), id),
    placementPreview: async (
      _: unknown,
      { input }: { input: Parameters<typeof q.placementPreview>[3] },
      ctx: Context,
    ) => {
      const preview = await q.placementPreview(ctx.prisma, ctx.calendars, actorOf(ctx), input);
      if (!preview) throw notFound('pupil');
      return preview;
    },
  },
  Mutation: {
    commissionPlacement: async (_: unknown, { input, clientKey }: Args, ctx: Context) => {
      // The written row when the caller may read it (its read is audited with the write), else read back.
      const r = await commissionPlacement(ctx, actorOf(ctx), input, clientKey);
      return r.row ?? placementFor(ctx, r.id);
    },
    recordPlacementReview: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      placementFor(ctx, (await reviewPlacement(ctx, actorOf(ctx), input, clientKey)).id),
    changePlacementHours: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      placementFor(ctx, (await changePlacementHours(ctx, actorOf(ctx), input, clientKey)).id),
    endPlacement: async (_: unknown, { input, clientKey }: Args, ctx: Context) => {
      const r = await endPlacement(ctx, actorOf(ctx), input, clientKey);
      return {
        ended: await placementFor(ctx, r.id),
        next: r.nextId ? await placementFor(ctx, r.nextId) : null,
        reintegration: r.reintegrationId ? await written.reintegration(ctx.prisma, r.reintegrationId) : null,
      };
    },
    reportReintegrationCheckpoint: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.reintegration(ctx.prisma, (await reportReintegrationCheckpoint(ctx, actorOf(ctx), input, clientKey)).id),
    recordSuspension: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.exclusion(ctx.prisma, (await recordSuspension(ctx, actorOf(ctx), input, clientKey)).id),
    recordPermanentExclusion: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.exclusion(ctx.prisma, (await recordPermanentExclusion(ctx, actorOf(ctx), input, clientKey)).id),
    recordGovernorDecision: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.exclusion(ctx.prisma, (await recordGovernorDecision(ctx, actorOf(ctx), input, clientKey)).id),
    correctEvent: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.event(ctx.prisma, (await correctEvent(ctx, actorOf(ctx), input, clientKey)).id),
  },
  Pupil: {
    // Batched for the page: one statement for all the pupils' placements (exclusions), in each pupil's scope.
    placements: (p: { id: string }, _: unknown, ctx: Context) => {
      actorOf(ctx);
      return ctx.loaders.placementsOfPupil.load(p.id);
    },
    exclusions: (p: { id: string }, _: unknown, ctx: Context) => {
      actorOf(ctx);
      return ctx.loaders.exclusionsOfPupil.load(p.id);
    },
  },
  Placement: {
    pupil: (p: Placement, _: unknown, ctx: Context) => ctx.loaders.pupil.load(p.pupilId),
    provider: (p: Placement, _: unknown, ctx: Context) => ctx.loaders.provider.load(p.providerId),
    commissioningSchool: (p: Placement, _: unknown, ctx: Context) =>
      p.commissioningSchoolId ? ctx.loaders.school.load(p.commissioningSchoolId) : null,
    destinationSchool: (p: Placement, _: unknown, ctx: Context) =>
      p.destinationSchoolId ? ctx.loaders.school.load(p.destinationSchoolId) : null,
    hoursPerWeek: (p: Placement) => Number(p.hoursPerWeek),
    // Through the placement scope and audited, batched for the page (a provider sees only its own placements).
    previousPlacement: (p: Placement, _: unknown, ctx: Context) => {
      actorOf(ctx);
      return p.previousPlacementId ? ctx.loaders.placementInScope.load(p.previousPlacementId) : null;
    },
    nextPlacement: async (p: Placement, _: unknown, ctx: Context) => {
      actorOf(ctx);
      const next = await ctx.loaders.placementAfter.load(p.id);
      return next ? ctx.loaders.placementInScope.load(next.id) : null;
    },
    reviews: (p: Placement, _: unknown, ctx: Context) => ctx.loaders.reviewsOfPlacement.load(p.id),
    reintegration: (p: Placement, _: unknown, ctx: Context) => ctx.loaders.reintegrationOfPlacement.load(p.id),
    stayLength: async (p: Placement, { asOf }: { asOf?: string }, ctx: Context) => {
      const cal = await ctx.calendars.calendarFor(p.laId);
      const end = p.endDate ? iso(p.endDate) : (asOf ?? today(ctx));
      return { ...stayLength(cal, iso(p.startDate), end), open: !p.endDate };
    },
  },
  Reintegration: {
    placement: (r: Reintegration, _: unknown, ctx: Context) => ctx.loaders.placement.load(r.placementId),
    school: (r: Reintegration, _: unknown, ctx: Context) => ctx.loaders.school.load(r.schoolId),
    checkpoints: (r: Reintegration, _: unknown, ctx: Context) => ctx.loaders.checkpointsOfReintegration.load(r.id),
  },
  Exclusion: {
    pupil: (e: Exclusion, _: unknown, ctx: Context) => ctx.loaders.pupil.load(e.pupilId),
    school: (e: Exclusion, _: unknown, ctx: Context) => ctx.loaders.school.load(e.schoolId),
    schoolDays: (e: Exclusion) => (e.schoolDays === null ? null : Number(e.schoolDays)),
    daysByAcademicYear: async (e: Exclusion, _: unknown, ctx: Context) => {
      if (e.kind !== 'SUSPENSION' || e.schoolDays === null) return [];
      const school = await ctx.loaders.school.load(e.schoolId);
      if (!school) throw notFound('school');
      return suspensionDaysByAcademicYear(
        await ctx.calendars.calendarFor(school.laId),
        fromDb(e.startDate),
        Number(e.schoolDays),
      );
    },
  },
  TimelineEvent: {
    correctedBy: (e: PupilEvent & { correctedBy?: { id: string }[] }) => (e.correctedBy ?? []).map((c) => c.id),
  },
};
