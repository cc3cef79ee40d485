import type { Context } from '../context';
import type { Pupil } from '../../generated/prisma/client';
import { notFound } from '../../errors';
import { readPupil } from '../../queries/pupils';
import { listRetentionReviews, type RetentionReviewStatus } from '../../queries/retention';
import { written } from '../../queries/written';
import { correctPupilDetails } from '../../usecases/dataProtection/correctPupilDetails';
import { liftPupilRestriction, restrictPupilRecord } from '../../usecases/dataProtection/restriction';
import { approveAnonymisation } from '../../usecases/dataProtection/approveAnonymisation';
import { actorOf } from './guard';

type Args = { input: unknown; clientKey?: string | null };

/** Mutations answer with the record as the caller is allowed to see it. */
async function pupilById(ctx: Context, id: string) {
  const p = await readPupil(ctx.prisma, actorOf(ctx), { id });
  if (!p) throw notFound('pupil');
  return p;
}

export const dataProtectionResolvers = {
  Query: {
    retentionReviews: (
      _: unknown,
      a: { status?: RetentionReviewStatus[] | null; first?: number | null },
      ctx: Context,
    ) => listRetentionReviews(ctx.prisma, actorOf(ctx), a.status, a.first ?? 100),
  },
  Mutation: {
    correctPupilDetails: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      pupilById(ctx, (await correctPupilDetails(ctx, actorOf(ctx), input, clientKey)).id),
    restrictPupilRecord: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      pupilById(ctx, (await restrictPupilRecord(ctx, actorOf(ctx), input, clientKey)).id),
    liftPupilRestriction: async (_: unknown, { input, clientKey }: Args, ctx: Context) =>
      pupilById(ctx, (await liftPupilRestriction(ctx, actorOf(ctx), input, clientKey)).id),
    approveAnonymisation: async (_: unknown, { input, clientKey }: Args, ctx: Context) => {
      const { ids } = await approveAnonymisation(ctx, actorOf(ctx), input, clientKey);
      return written.retentionReviews(ctx.prisma, actorOf(ctx).laId, ids);
    },
  },
  Pupil: {
    restricted: (p: Pupil) => p.restrictedAt !== null,
    anonymised: (p: Pupil) => p.anonymisedAt !== null,
  },
};
