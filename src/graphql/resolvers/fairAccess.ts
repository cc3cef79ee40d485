import type { Context } from '../context';
import type {
  FairAccessDecision,
  FairAccessDirection,
  FairAccessPanelMeeting,
  FairAccessReferral,
  FairAccessSchoolResponse,
} from '../../generated/prisma/client';
import type { FapReferralStatus, SchoolPhase } from '../../generated/prisma/enums';
import { notFound } from '../../errors';
import { fromDb } from '../../db/dates';
import * as q from '../../queries/fairAccess';
import { currentDecision, orderChain } from '../../domain/fairAccess/supersede';
import {
  escalationRouteFor,
  ruleF6AdjudicatorDeadline,
  ruleF6F7RespondBy,
  ruleF7AcademyAnswerBy,
} from '../../domain/fairAccess/escalation';
import { ruleF5ForbiddenRefusalGround } from '../../domain/fairAccess/refusal';
import { referForFairAccess } from '../../usecases/fairAccess/refer';
import { agreeToConsiderReferral } from '../../usecases/fairAccess/agreeToConsider';
import { schedulePanelMeeting } from '../../usecases/fairAccess/meetings';
import { recordPanelDecision } from '../../usecases/fairAccess/decide';
import { recordSchoolResponse } from '../../usecases/fairAccess/respond';
import { recordDirectionOutcome, requestDirection } from '../../usecases/fairAccess/direction';
import { recordFairAccessAdmission } from '../../usecases/fairAccess/admit';
import { pageCursor } from './ranges';
import { actorOf, today } from './guard';

type Args = { input: unknown; clientKey?: string | null };

/** Mutations answer with the record as the caller is allowed to see it. */
async function referralFor(ctx: Context, id: string) {
  const r = await q.readReferral(ctx.prisma, actorOf(ctx), id);
  if (!r) throw notFound('fair access referral');
  return r;
}
async function decisionFor(ctx: Context, id: string) {
  const d = await q.readDecision(ctx.prisma, actorOf(ctx), id);
  if (!d) throw notFound('panel decision');
  return d;
}
async function directionFor(ctx: Context, id: string) {
  const d = await q.readDirection(ctx.prisma, actorOf(ctx), id);
  if (!d) throw notFound('direction');
  return d;
}
const school = (ctx: Context, id: string | null) => (id ? ctx.loaders.school.load(id) : null);
const decisionsOf = (ctx: Context, referralId: string) => ctx.loaders.decisionsOfReferral.load(referralId);
/** The LA's fair access windows, read once per request whatever the number of decisions on the page. */
const windowsOf = async (ctx: Context, laId: string) => (await ctx.loaders.fapSettings.load(laId)).windows;

export const fairAccessResolvers = {
  Query: {
    fairAccessReferral: (_: unknown, { id }: { id: string }, ctx: Context) =>
      q.readReferral(ctx.prisma, actorOf(ctx), id),
    fairAccessReferrals: (
      _: unknown,
      a: { filter?: q.ReferralFilter & { status?: FapReferralStatus[] }; first: number; after?: string },
      ctx: Context,
    ) => q.listReferrals(ctx.prisma, actorOf(ctx), a.filter ?? {}, a.first, pageCursor(a.after)),
    panelMeetings: (_: unknown, a: { from?: string; to?: string }, ctx: Context) =>
      q.listMeetings(ctx.prisma, actorOf(ctx), a.from, a.to),
    panelMeeting: (_: unknown, { id }: { id: string }, ctx: Context) => q.readMeeting(ctx.prisma, actorOf(ctx), id),
    panelDecision: (_: unknown, { id }: { id: string }, ctx: Context) => q.readDecision(ctx.prisma, actorOf(ctx), id),
    fairShare: (_: unknown, a: { academicYear: string; phase?: SchoolPhase }, ctx: Context) =>
      q.fairShare(ctx.prisma, actorOf(ctx), a.academicYear, a.phase),
    whoseTurn: (_: unknown, a: { yearGroup: number; asOf?: string; excludeSchoolIds?: string[] }, ctx: Context) =>
      q.whoseTurn(ctx.prisma, actorOf(ctx), a.yearGroup, a.asOf ?? today(ctx), a.excludeSchoolIds ?? []),
    adjudicatorReturn: (_: unknown, a: { academicYear: string }, ctx: Context) =>
      q.adjudicatorReturn(ctx.prisma, actorOf(ctx), a.academicYear),
  },
  Mutation: {
    referForFairAccess: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      referralFor(ctx, (await referForFairAccess(ctx, actorOf(ctx), input, clientKey)).id),
    agreeToConsiderReferral: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      referralFor(ctx, (await agreeToConsiderReferral(ctx, actorOf(ctx), input, clientKey)).id),
    schedulePanelMeeting: async (_: unknown, { input, clientKey }: Args, ctx: Context) => {
      const m = await q.readMeeting(
        ctx.prisma,
        actorOf(ctx),
        (await schedulePanelMeeting(ctx, actorOf(ctx), input, clientKey)).id,
      );
      if (!m) throw notFound('panel meeting');
      return m;
    },
    recordPanelDecision: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      decisionFor(ctx, (await recordPanelDecision(ctx, actorOf(ctx), input, clientKey)).id),
    recordSchoolResponse: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      decisionFor(ctx, (await recordSchoolResponse(ctx, actorOf(ctx), input, clientKey)).id),
    requestDirection: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      directionFor(ctx, (await requestDirection(ctx, actorOf(ctx), input, clientKey)).id),
    recordDirectionOutcome: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      directionFor(ctx, (await recordDirectionOutcome(ctx, actorOf(ctx), input, clientKey)).id),
    recordFairAccessAdmission: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      referralFor(ctx, (await recordFairAccessAdmission(ctx, actorOf(ctx), input, clientKey)).id),
  },
  FairAccessReferral: {
    // Seeing the referral is seeing whom it is about; the read is audited like any pupil read (in the loader).
    pupil: (r: FairAccessReferral, _: unknown, ctx: Context) => {
      actorOf(ctx);
      return ctx.loaders.pupilOfReferral.load(r.pupilId);
    },
    referringSchool: (r: FairAccessReferral, _: unknown, ctx: Context) => school(ctx, r.referringSchoolId),
    admittedSchool: (r: FairAccessReferral, _: unknown, ctx: Context) => school(ctx, r.admittedSchoolId),
    previousSchools: (r: FairAccessReferral, _: unknown, ctx: Context) =>
      ctx.loaders.previousSchoolsOfReferral.load({ referralId: r.id, schoolIds: r.previousSchoolIds }),
    currentDecision: async (r: FairAccessReferral, _: unknown, ctx: Context) =>
      currentDecision(await decisionsOf(ctx, r.id)),
    decisions: async (r: FairAccessReferral, _: unknown, ctx: Context) => {
      const all = await decisionsOf(ctx, r.id);
      return orderChain(all) ?? all;
    },
    // From the referral, its decisions and their meetings (all batched for the page) and the LA's windows.
    timeliness: async (r: FairAccessReferral, { asOf }: { asOf?: string }, ctx: Context) => {
      const decisions = await decisionsOf(ctx, r.id);
      const meetings = await ctx.loaders.meeting.loadMany(decisions.map((d) => d.meetingId));
      return q.timelinessOf(
        await ctx.calendars.calendarFor(r.laId),
        r,
        decisions.map((d, i) => {
          const m = meetings[i];
          if (!m || m instanceof Error) throw notFound('panel meeting');
          return { ...d, meetingDate: m.meetingDate };
        }),
        asOf ?? today(ctx),
        await ctx.loaders.fapSettings.load(r.laId),
      );
    },
  },
  PanelMeeting: {
    decisions: (m: FairAccessPanelMeeting, _: unknown, ctx: Context) => {
      actorOf(ctx);
      return ctx.loaders.decisionsOfMeeting.load(m.id);
    },
  },
  PanelDecision: {
    referral: (d: FairAccessDecision, _: unknown, ctx: Context) => ctx.loaders.referral.load(d.referralId),
    meeting: (d: FairAccessDecision, _: unknown, ctx: Context) => ctx.loaders.meeting.load(d.meetingId),
    deferredToMeeting: (d: FairAccessDecision, _: unknown, ctx: Context) =>
      d.deferredToMeetingId ? ctx.loaders.meeting.load(d.deferredToMeetingId) : null,
    allocatedSchool: (d: FairAccessDecision, _: unknown, ctx: Context) => school(ctx, d.allocatedSchoolId),
    whoseTurnSchool: (d: FairAccessDecision, _: unknown, ctx: Context) => school(ctx, d.whoseTurnSchoolId),
    // Through the placement scope: a panel member, who sees no placements, gets placementId only.
    placement: (d: FairAccessDecision, _: unknown, ctx: Context) => {
      actorOf(ctx);
      return d.placementId ? ctx.loaders.placementInScope.load(d.placementId) : null;
    },
    supersedes: (d: FairAccessDecision, _: unknown, ctx: Context) =>
      d.supersedesId ? ctx.loaders.decision.load(d.supersedesId) : null,
    supersededBy: (d: FairAccessDecision, _: unknown, ctx: Context) => ctx.loaders.decisionSuperseding.load(d.id),
    current: async (d: FairAccessDecision, _: unknown, ctx: Context) =>
      (await ctx.loaders.decisionSuperseding.load(d.id)) === null,
    response: (d: FairAccessDecision, _: unknown, ctx: Context) => ctx.loaders.responseToDecision.load(d.id),
    direction: (d: FairAccessDecision, _: unknown, ctx: Context) => ctx.loaders.directionOfDecision.load(d.id),
    recordedAt: (d: FairAccessDecision) => d.createdAt,
  },
  SchoolResponse: {
    school: (x: FairAccessSchoolResponse, _: unknown, ctx: Context) => ctx.loaders.school.load(x.schoolId),
    respondBy: async (x: FairAccessSchoolResponse, _: unknown, ctx: Context) => {
      const s = await ctx.loaders.school.load(x.schoolId);
      if (!s) throw notFound('school');
      const route = escalationRouteFor(s.type)?.route ?? 'LA_DIRECTION';
      return ruleF6F7RespondBy(route, fromDb(x.requestedOn), await windowsOf(ctx, s.laId));
    },
    forbiddenGrounds: (x: FairAccessSchoolResponse) =>
      x.outcome === 'REFUSED'
        ? ruleF5ForbiddenRefusalGround(x.refusalGrounds, x.schoolHasHighProportionChallenging)
        : [],
  },
  DirectionRequest: {
    decision: (x: FairAccessDirection, _: unknown, ctx: Context) => ctx.loaders.decision.load(x.decisionId),
    school: (x: FairAccessDirection, _: unknown, ctx: Context) => ctx.loaders.school.load(x.schoolId),
    adjudicatorReferralDeadline: async (x: FairAccessDirection, _: unknown, ctx: Context) => {
      const open = x.route === 'LA_DIRECTION' && !x.laIsAdmissionAuthority;
      return ruleF6AdjudicatorDeadline(
        { adjudicatorWindow: open },
        fromDb(x.requestedOn),
        await windowsOf(ctx, actorOf(ctx).laId),
      );
    },
    academyAnswerBy: async (x: FairAccessDirection, _: unknown, ctx: Context) =>
      x.route === 'SECRETARY_OF_STATE_DIRECTION'
        ? ruleF7AcademyAnswerBy(fromDb(x.requestedOn), await windowsOf(ctx, actorOf(ctx).laId))
        : null,
  },
};
