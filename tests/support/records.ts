import type { Prisma, PrismaClient } from '../../src/generated/prisma/client';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { IDS } from './fixtures';

/**
 * Rows written straight into the tables (no use case, no outbox) for tests of what reads them: the flag
 * evaluation, the scan, the change targets. Each row is valid as the database checks it, with the overrides laid
 * over the defaults.
 */
const day = (d: string) => new Date(`${d}T00:00:00Z`);

/** An open LA-commissioned placement that started 100 days ago, 10 hours a week, at a setting with no URN. */
export function placementRow(
  prisma: PrismaClient,
  at: { pupilId: string; providerId: string; laId?: string },
  overrides: Partial<Prisma.PlacementUncheckedCreateInput> = {},
) {
  const today = systemClock.today();
  return prisma.placement.create({
    data: {
      pupilId: at.pupilId,
      providerId: at.providerId,
      laId: at.laId ?? IDS.laA,
      commissionerKind: 'LA',
      reason: 'PERMANENT_EXCLUSION',
      legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
      tier: 'TIER_3_TRANSITIONAL',
      startDate: day(addDays(today, -100)),
      hoursPerWeek: 10,
      registration: 'SINGLE_REGISTERED_AT_AP',
      objectives: 'x',
      reintegrationPlan: 'y',
      registrationConfirmed: true,
      nextReviewDue: day(addDays(today, 30)),
      settingType: 'OTH',
      ...overrides,
    },
  });
}

/** A fair access referral of a pupil in LA A (year 9, panel route), referred on `referredOn`. */
export function referralRow(
  prisma: PrismaClient,
  pupilId: string,
  referredOn: string,
  overrides: Partial<Prisma.FairAccessReferralUncheckedCreateInput> = {},
) {
  return prisma.fairAccessReferral.create({
    data: {
      laId: IDS.laA,
      pupilId,
      referringParty: 'LA_SERVICE',
      referrerName: 'Officer',
      referredOn: day(referredOn),
      categories: ['AP_REINTEGRATION_OR_PEX'],
      route: 'PANEL',
      yearGroupSought: 9,
      senStatus: 'NONE',
      currentlyLookedAfter: false,
      context: 'x',
      previousSchoolIds: [],
      createdBy: 'test',
      ...overrides,
    },
  });
}
