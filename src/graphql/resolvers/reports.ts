import type { Context } from '../context';
import { reportCsv, runReport } from '../../reports/run';
import type { ReportArgs, ReportName } from '../../reports/request';
import { actorOf } from './guard';

type Args = ReportArgs;
const run = (name: ReportName) => (_: unknown, args: Args, ctx: Context) => runReport(ctx, actorOf(ctx), name, args);

export const reportResolvers = {
  Query: {
    movementSummary: run('MOVEMENT_SUMMARY'),
    apPopulation: run('AP_POPULATION'),
    stayLengthReport: run('STAY_LENGTHS'),
    reintegrationReport: run('REINTEGRATION'),
    schoolMovementProfile: run('SCHOOL_MOVEMENT_PROFILE'),
    providerScorecard: run('PROVIDER_SCORECARD'),
    fairAccessReport: run('FAIR_ACCESS'),
    movementTrend: run('MOVEMENT_TREND'),
    reportCsv: (_: unknown, args: Args & { report: ReportName }, ctx: Context) =>
      reportCsv(ctx, actorOf(ctx), args.report, args),
  },
};
