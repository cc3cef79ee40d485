import type { Context } from '../context';
import { censusApPlacements } from '../../queries/censusExport';
import { childrenNotInSchoolRegister } from '../../queries/cnisRegister';
import { actorOf } from './guard';

export const exportResolvers = {
  Query: {
    censusApPlacementsCsv: (_: unknown, { censusDate }: { censusDate: string }, ctx: Context) =>
      censusApPlacements(ctx.prisma, actorOf(ctx), censusDate),
    childrenNotInSchoolCsv: (_: unknown, { registerDate }: { registerDate: string }, ctx: Context) =>
      childrenNotInSchoolRegister(ctx.prisma, actorOf(ctx), registerDate),
  },
};
