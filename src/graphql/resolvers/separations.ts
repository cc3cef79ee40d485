import type { Context } from '../context';
import type { Pupil, SafeguardingSeparation } from '../../generated/prisma/client';
import { written } from '../../queries/written';
import {
  endSafeguardingSeparation,
  recordSafeguardingSeparation,
} from '../../usecases/separations/safeguardingSeparation';
import { ruleApplies } from '../../domain/law/applicability';
import { thresholdOn } from '../../domain/flags/thresholds';
import { fromDb } from '../../db/dates';
import { actorOf } from './guard';

const byId = (ctx: Context, id: string) => written.separation(ctx.prisma, id);

export const separationResolvers = {
  Mutation: {
    recordSafeguardingSeparation: async (
      _: unknown,
      { input, clientKey }: { input: unknown; clientKey?: string },
      ctx: Context,
    ) => byId(ctx, (await recordSafeguardingSeparation(ctx, actorOf(ctx), input, clientKey)).id),
    endSafeguardingSeparation: async (
      _: unknown,
      { input, clientKey }: { input: unknown; clientKey?: string },
      ctx: Context,
    ) => byId(ctx, (await endSafeguardingSeparation(ctx, actorOf(ctx), input, clientKey)).id),
  },
  Pupil: {
    // Safeguarding facts: only the LA and the separating school read them (permission table), whoever else sees the pupil.
    safeguardingSeparations: (p: Pupil, _: unknown, ctx: Context) => {
      actorOf(ctx);
      return ctx.loaders.separationsOfPupil.load(p.id);
    },
  },
  SafeguardingSeparation: {
    pupil: (s: SafeguardingSeparation, _: unknown, ctx: Context) => ctx.loaders.pupil.load(s.pupilId),
    school: (s: SafeguardingSeparation, _: unknown, ctx: Context) => ctx.loaders.school.load(s.schoolId),
    educationDueBy: async (s: SafeguardingSeparation, _: unknown, ctx: Context) => {
      const start = fromDb(s.startDate);
      const school = await ctx.loaders.school.load(s.schoolId);
      if (!school) return null;
      const rules = await ctx.loaders.ruleConfig.load(school.laId);
      const day = thresholdOn(rules, 'separationProvisionSchoolDay', start);
      if (day === null || !ruleApplies('SEP1', start, {}, rules.commencements).applies) return null;
      return (await ctx.calendars.calendarFor(school.laId)).nthSchoolDayFrom(start, day);
    },
  },
};
