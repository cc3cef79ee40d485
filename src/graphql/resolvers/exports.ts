import type { Context } from '../context';
import { censusApPlacements } from '../../queries/censusExport';
import { actorOf } from './guard';

export const exportResolvers = {
  Query: {
    censusApPlacementsCsv: (_: unknown, { censusDate }: { censusDate: string }, ctx: Context) =>
      censusApPlacements(ctx.prisma, actorOf(ctx), censusDate),
  },
};
