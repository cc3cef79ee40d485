import type { Context } from '../context';
import { notFound } from '../../errors';
import { readPupil } from '../../queries/pupils';
import { closedPlacements, receivedHistoriesOf, receivedHistory, transferKeys } from '../../queries/transfer';
import { HISTORY_PACK_SCHEMA_PATH } from '../../queries/historyPack';
import { readHistoryPack } from '../../usecases/pupils/readHistoryPack';
import { createTransferSigningKey, trustLaKeys } from '../../usecases/transfer/signingKeys';
import { exportTransferPack } from '../../usecases/transfer/exportTransferPack';
import { importTransferPack } from '../../usecases/transfer/importTransferPack';
import { actorOf } from './guard';

type Args<T> = { input: T; clientKey?: string | null };

export const transferResolvers = {
  Query: {
    pupilHistoryPack: async (_: unknown, { pupilId }: { pupilId: string }, ctx: Context) => ({
      ...(await readHistoryPack(ctx, actorOf(ctx), pupilId)),
      schemaUrl: `${ctx.publicUrl.replace(/\/$/, '')}${HISTORY_PACK_SCHEMA_PATH}`,
    }),
    transferKeys: (_: unknown, __: unknown, ctx: Context) => transferKeys(ctx.prisma, actorOf(ctx)),
  },
  Mutation: {
    createTransferSigningKey: async (_: unknown, { clientKey }: { clientKey?: string | null }, ctx: Context) => {
      const { kid } = await createTransferSigningKey(ctx, actorOf(ctx), clientKey);
      const keys = await transferKeys(ctx.prisma, actorOf(ctx));
      return keys.own.find((k) => k.kid === kid);
    },
    trustLaKeys: (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) =>
      trustLaKeys(ctx, actorOf(ctx), input, clientKey),
    exportTransferPack: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) => {
      const r = await exportTransferPack(ctx, actorOf(ctx), input, clientKey);
      return { ...r, closedPlacements: await closedPlacements(ctx.prisma, r.closedPlacementIds) };
    },
    importTransferPack: async (_: unknown, { input, clientKey }: Args<unknown>, ctx: Context) => {
      const r = await importTransferPack(ctx, actorOf(ctx), input, clientKey);
      const pupil = await readPupil(ctx.prisma, actorOf(ctx), { id: r.pupilId });
      if (!pupil) throw notFound('pupil');
      return { pupil, receivedHistory: await receivedHistory(ctx.prisma, r.id) };
    },
  },
  Pupil: {
    receivedHistories: (p: { id: string }, _: unknown, ctx: Context) => receivedHistoriesOf(ctx.prisma, p.id),
  },
};
