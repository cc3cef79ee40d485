import type { Context } from '../context';
import { subjectAccessRequest } from '../../usecases/pupils/subjectAccessRequest';
import { actorOf } from './guard';

export const subjectAccessResolvers = {
  Query: {
    subjectAccessExport: (_: unknown, { pupilId }: { pupilId: string }, ctx: Context) =>
      subjectAccessRequest(ctx.prisma, actorOf(ctx), pupilId),
  },
};
