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
import { notFound } from '../../errors';
import { written } from '../../queries/written';
import { actorOf } from './guard';

type Args = { input: unknown; clientKey?: string };

export const law2026Resolvers = {
  // Each mutation answers with the row its use case wrote (authorised and scoped there).
  Mutation: {
    recordDirectionReviewRequest: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.directionReviewRequest(
        ctx.prisma,
        (await recordDirectionReviewRequest(ctx, actorOf(ctx), input, clientKey)).id,
      ),
    recordDirectionReviewMeeting: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.directionReviewMeeting(
        ctx.prisma,
        (await recordDirectionReviewMeeting(ctx, actorOf(ctx), input, clientKey)).id,
      ),
    recordManagedMove: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.managedMove(ctx.prisma, (await recordManagedMove(ctx, actorOf(ctx), input, clientKey)).id),
    registerInclusionBase: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.inclusionBase(ctx.prisma, (await registerInclusionBase(ctx, actorOf(ctx), input, clientKey)).id),
    recordInclusionBaseSpell: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.inclusionBaseSpell(ctx.prisma, (await recordInclusionBaseSpell(ctx, actorOf(ctx), input, clientKey)).id),
    endInclusionBaseSpell: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      written.inclusionBaseSpell(ctx.prisma, (await endInclusionBaseSpell(ctx, actorOf(ctx), input, clientKey)).id),
  },
  // The parent record is already scoped; these read only what hangs off it, batched for the page.
  Placement: {
    directionReviewRequests: (p: Placement, _: unknown, ctx: Context) =>
      ctx.loaders.directionReviewRequestsOfPlacement.load(p.id),
    directionReviewMeetings: (p: Placement, _: unknown, ctx: Context) =>
      ctx.loaders.directionReviewMeetingsOfPlacement.load(p.id),
  },
  Pupil: {
    // Movement history: the permission table says who reads it (not the panel, not providers).
    managedMoves: (p: Pupil, _: unknown, ctx: Context) =>
      may(actorOf(ctx), 'managedMove.read') ? ctx.loaders.managedMovesOfPupil.load(p.id) : [],
    inclusionBaseSpells: (p: Pupil, _: unknown, ctx: Context) =>
      may(actorOf(ctx), 'inclusionBase.read') ? ctx.loaders.inclusionBaseSpellsOfPupil.load(p.id) : [],
  },
  School: {
    inclusionBases: (s: School, _: unknown, ctx: Context) => ctx.loaders.inclusionBasesOfSchool.load(s.id),
  },
  DirectionReviewMeeting: {
    problems: async (m: DirectionReviewMeeting, _: unknown, ctx: Context) => {
      const placement = await ctx.loaders.placement.load(m.placementId);
      const pupil = placement && (await ctx.loaders.pupil.load(placement.pupilId));
      if (!pupil) throw notFound('pupil');
      return reviewMeetingProblems({ ...m, laInvitedOn: fromDbOrNull(m.laInvitedOn) }, pupil.senStatus === 'EHCP');
    },
  },
  ManagedMove: {
    fromSchool: (m: ManagedMove, _: unknown, ctx: Context) => ctx.loaders.school.load(m.fromSchoolId),
    toSchool: (m: ManagedMove, _: unknown, ctx: Context) => ctx.loaders.school.load(m.toSchoolId),
    trialProblems: (m: ManagedMove) => managedMoveTrialProblems({ ...m, trialEndsOn: fromDbOrNull(m.trialEndsOn) }),
  },
  InclusionBase: {
    school: (b: InclusionBase, _: unknown, ctx: Context) => ctx.loaders.school.load(b.schoolId),
  },
  InclusionBaseSpell: {
    base: (s: InclusionBaseSpell, _: unknown, ctx: Context) => ctx.loaders.inclusionBase.load(s.baseId),
    hoursPerWeek: (s: InclusionBaseSpell) => (s.hoursPerWeek === null ? null : Number(s.hoursPerWeek)),
  },
};
