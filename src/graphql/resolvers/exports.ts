import type { Context } from '../context';
import { actorOf } from './guard';
import { censusApPlacements } from '../../queries/censusExport';

export const exportResolvers = {
  Query: {
    censusApPlacementsCsv: (_: unknown, { censusDate }: { censusDate: string }, ctx: Context) =>
      censusApPlacements(ctx.prisma, actorOf(ctx), censusDate),
  },
};
