import type { Context } from '../context';
import { actorOf } from './guard';
import { subjectAccessRequest } from '../../usecases/pupils/subjectAccessRequest';

export const subjectAccessResolvers = {
  Query: {
    subjectAccessExport: (_: unknown, { pupilId }: { pupilId: string }, ctx: Context) =>
      subjectAccessRequest(ctx.prisma, actorOf(ctx), pupilId),
  },
};
