import type { WindowDays } from '../domain/fairAccess/escalation';
import type { Commencements } from '../domain/law/commencement';
import type { Prisma } from '../generated/prisma/client';
import { ruleConfigFor } from './ruleConfig';

export interface FapSettings {
  windows: WindowDays;
  /** This installation's commencements (CWSA s62 changes an academy's escalation route). */
  commencements: Commencements;
  allocationSchoolDays: number;
  startSchoolDays: number;
}

/** The LA's fair access thresholds: the defaults, tightened by its overrides. */
export async function fapSettings(
  db: Pick<Prisma.TransactionClient, 'laRuleOverride' | 'provisionCommencement'>,
  laId: string,
): Promise<FapSettings> {
  const t = await ruleConfigFor(db, laId);
  const v = t.values;
  return {
    windows: {
      maintainedResponseCalendarDays: v.maintainedResponseCalendarDays,
      academyResponseCalendarDays: v.academyResponseCalendarDays,
      adjudicatorReferralCalendarDays: v.adjudicatorReferralCalendarDays,
    },
    commencements: t.commencements,
    allocationSchoolDays: v.fairAccessAllocationSchoolDays,
    startSchoolDays: v.fairAccessStartSchoolDays,
  };
}
