import type { Pupil } from '../../generated/prisma/client';
import { type FlagFilter, flagById, flagRules, listFlags, readFlag, thresholdRows } from '../../queries/flags';
import { acknowledgeFlag, configureWebhook, dismissFlag, setThresholdOverride } from '../../usecases/flags/flagActions';
import type { Context } from '../context';
import { actorOf } from './guard';
import { pageCursor } from './ranges';

export const flagResolvers = {
  Query: {
    flags: (_: unknown, args: { filter?: FlagFilter; first: number; after?: string }, ctx: Context) =>
      listFlags(ctx.prisma, actorOf(ctx), args.filter ?? {}, args.first, pageCursor(args.after)),
    flag: (_: unknown, { id }: { id: string }, ctx: Context) => readFlag(ctx.prisma, actorOf(ctx), id),
    flagRules: (_: unknown, __: unknown, ctx: Context) => {
      actorOf(ctx);
      return flagRules(ctx.prisma, ctx.clock.today());
    },
    thresholds: (_: unknown, __: unknown, ctx: Context) =>
      thresholdRows(ctx.prisma, actorOf(ctx).laId, ctx.clock.today()),
  },
  Mutation: {
    acknowledgeFlag: async (_: unknown, a: { flagId: string; clientKey?: string }, ctx: Context) =>
      flagById(
        ctx.prisma,
        actorOf(ctx),
        (await acknowledgeFlag(ctx, actorOf(ctx), { flagId: a.flagId }, a.clientKey)).id,
      ),
    dismissFlag: async (_: unknown, a: { flagId: string; reason: string; clientKey?: string }, ctx: Context) =>
      flagById(
        ctx.prisma,
        actorOf(ctx),
        (await dismissFlag(ctx, actorOf(ctx), { flagId: a.flagId, reason: a.reason }, a.clientKey)).id,
      ),
    configureWebhook: (_: unknown, a: { url: string; secret: string }, ctx: Context) =>
      configureWebhook(ctx, actorOf(ctx), a),
    setThresholdOverride: async (_: unknown, a: { key: string; value: number; reason: string }, ctx: Context) => {
      const actor = actorOf(ctx);
      const r = await setThresholdOverride(ctx, actor, a);
      return (await thresholdRows(ctx.prisma, actor.laId, ctx.clock.today())).find((t) => t.key === r.key);
    },
  },
  Pupil: {
    // Batched for the page (one statement and one audit row), in the same order and scope as a single read.
    flags: (p: Pupil, { status }: { status?: string[] }, ctx: Context) => {
      actorOf(ctx);
      return ctx.loaders.flagsOfPupil.load({ pupilId: p.id, status });
    },
  },
};
