import type { Context } from '../context';
import type {
  DirectionReviewMeeting,
  InclusionBase,
  InclusionBaseSpell,
  ManagedMove,
  Placement,
  Pupil,
  School,
} from '../../generated/prisma/client';
import { may } from '../../access/permissions';
import { recordDirectionReviewMeeting, recordDirectionReviewRequest } from '../../usecases/law/directionReview';
import { recordManagedMove } from '../../usecases/law/managedMove';
import {
  endInclusionBaseSpell,
  recordInclusionBaseSpell,
  registerInclusionBase,
} from '../../usecases/law/inclusionBase';
import { reviewMeetingProblems } from '../../domain/flags/offSiteRules';
import { managedMoveTrialProblems } from '../../domain/flags/managedMoveRules';
import { fromDbOrNull } from '../../usecases/dates';
import { actorOf } from './guard';

type Args = { input: unknown; clientKey?: string };

export const law2026Resolvers = {
  Mutation: {
    recordDirectionReviewRequest: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      ctx.prisma.directionReviewRequest.findUniqueOrThrow({
        where: { id: (await recordDirectionReviewRequest(ctx, actorOf(ctx), input, clientKey)).id },
      }),
    recordDirectionReviewMeeting: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      ctx.prisma.directionReviewMeeting.findUniqueOrThrow({
        where: { id: (await recordDirectionReviewMeeting(ctx, actorOf(ctx), input, clientKey)).id },
      }),
    recordManagedMove: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      ctx.prisma.managedMove.findUniqueOrThrow({
        where: { id: (await recordManagedMove(ctx, actorOf(ctx), input, clientKey)).id },
      }),
    registerInclusionBase: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      ctx.prisma.inclusionBase.findUniqueOrThrow({
        where: { id: (await registerInclusionBase(ctx, actorOf(ctx), input, clientKey)).id },
      }),
    recordInclusionBaseSpell: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      ctx.prisma.inclusionBaseSpell.findUniqueOrThrow({
        where: { id: (await recordInclusionBaseSpell(ctx, actorOf(ctx), input, clientKey)).id },
      }),
    endInclusionBaseSpell: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      ctx.prisma.inclusionBaseSpell.findUniqueOrThrow({
        where: { id: (await endInclusionBaseSpell(ctx, actorOf(ctx), input, clientKey)).id },
      }),
  },
  // The parent record is already scoped; these read only what hangs off it.
  Placement: {
    directionReviewRequests: (p: Placement, _: unknown, ctx: Context) =>
      ctx.prisma.directionReviewRequest.findMany({
        where: { placementId: p.id },
        orderBy: [{ requestedOn: 'asc' }, { id: 'asc' }],
      }),
    directionReviewMeetings: (p: Placement, _: unknown, ctx: Context) =>
      ctx.prisma.directionReviewMeeting.findMany({
        where: { placementId: p.id },
        orderBy: [{ meetingDate: 'asc' }, { id: 'asc' }],
      }),
  },
  Pupil: {
    // Movement history: the permission table says who reads it (not the panel, not providers).
    managedMoves: (p: Pupil, _: unknown, ctx: Context) =>
      may(actorOf(ctx), 'managedMove.read')
        ? ctx.prisma.managedMove.findMany({
            where: { pupilId: p.id },
            orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
          })
        : [],
    inclusionBaseSpells: (p: Pupil, _: unknown, ctx: Context) =>
      may(actorOf(ctx), 'inclusionBase.read')
        ? ctx.prisma.inclusionBaseSpell.findMany({
            where: { pupilId: p.id },
            orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
          })
        : [],
  },
  School: {
    inclusionBases: (s: School, _: unknown, ctx: Context) =>
      ctx.prisma.inclusionBase.findMany({ where: { schoolId: s.id }, orderBy: [{ name: 'asc' }] }),
  },
  DirectionReviewMeeting: {
    problems: async (m: DirectionReviewMeeting, _: unknown, ctx: Context) => {
      const p = await ctx.prisma.placement.findUniqueOrThrow({
        where: { id: m.placementId },
        select: { pupil: { select: { senStatus: true } } },
      });
      return reviewMeetingProblems({ ...m, laInvitedOn: fromDbOrNull(m.laInvitedOn) }, p.pupil.senStatus === 'EHCP');
    },
  },
  ManagedMove: {
    fromSchool: (m: ManagedMove, _: unknown, ctx: Context) =>
      ctx.prisma.school.findUniqueOrThrow({ where: { id: m.fromSchoolId } }),
    toSchool: (m: ManagedMove, _: unknown, ctx: Context) =>
      ctx.prisma.school.findUniqueOrThrow({ where: { id: m.toSchoolId } }),
    trialProblems: (m: ManagedMove) => managedMoveTrialProblems({ ...m, trialEndsOn: fromDbOrNull(m.trialEndsOn) }),
  },
  InclusionBase: {
    school: (b: InclusionBase, _: unknown, ctx: Context) =>
      ctx.prisma.school.findUniqueOrThrow({ where: { id: b.schoolId } }),
  },
  InclusionBaseSpell: {
    base: (s: InclusionBaseSpell, _: unknown, ctx: Context) =>
      ctx.prisma.inclusionBase.findUniqueOrThrow({ where: { id: s.baseId } }),
    hoursPerWeek: (s: InclusionBaseSpell) => (s.hoursPerWeek === null ? null : Number(s.hoursPerWeek)),
  },
};
