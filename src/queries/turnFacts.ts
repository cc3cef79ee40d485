import type { PrismaClient } from '../generated/prisma/client';
import type { Tx } from '../record/idempotency';
import { currentDecision } from '../domain/fairAccess/supersede';
import {
  rankWhoseTurn,
  WHOSE_TURN_WINDOW_DAYS,
  type FapPlacementFact,
  type TurnSchool,
} from '../domain/fairAccess/whoseTurn';
import { addDays } from '../domain/dates';
import { fromDb, toDb } from '../db/dates';

type Db = Pick<Tx, 'school' | 'fairAccessReferral'> | Pick<PrismaClient, 'school' | 'fairAccessReferral'>;

/** The LA's schools and its recent fair access placements: admissions, and allocations not yet started. */
export async function loadTurnInputs(
  db: Db,
  laId: string,
  asOf: string,
  ignoreReferralId?: string,
): Promise<{ schools: TurnSchool[]; facts: FapPlacementFact[] }> {
  const from = toDb(addDays(asOf, -WHOSE_TURN_WINDOW_DAYS));
  // One after the other: `db` may be a transaction, whose single connection must not run two queries at once.
  const schools = await (db as PrismaClient).school.findMany({
    where: { laId },
    select: { id: true, urn: true, name: true, phase: true, type: true, numberOnRoll: true, isOpen: true },
  });
  const referrals = await (db as PrismaClient).fairAccessReferral.findMany({
    where: {
      laId,
      ...(ignoreReferralId ? { id: { not: ignoreReferralId } } : {}),
      OR: [{ status: 'ADMITTED', admittedOn: { gt: from } }, { status: 'ALLOCATED' }],
    },
    select: {
      status: true,
      yearGroupSought: true,
      admittedOn: true,
      admittedSchoolId: true,
      decisions: {
        select: { id: true, supersedesId: true, allocatedSchoolId: true, meeting: { select: { meetingDate: true } } },
      },
    },
  });
  const facts: FapPlacementFact[] = [];
  for (const r of referrals) {
    if (r.status === 'ADMITTED' && r.admittedSchoolId && r.admittedOn) {
      facts.push({ schoolId: r.admittedSchoolId, yearGroup: r.yearGroupSought, on: fromDb(r.admittedOn) });
      continue;
    }
    const d = currentDecision(r.decisions);
    if (d?.allocatedSchoolId)
      facts.push({ schoolId: d.allocatedSchoolId, yearGroup: r.yearGroupSought, on: fromDb(d.meeting.meetingDate) });
  }
  return { schools, facts };
}

/**
 * The whose-turn order for a year group as of a date (see domain/fairAccess/whoseTurn.ts). A referral
 * being decided again is left out, so its own earlier allocation does not count against that school.
 */
export async function whoseTurnFor(
  db: Db,
  laId: string,
  yearGroup: number,
  asOf: string,
  opts: { excludeSchoolIds?: readonly string[]; ignoreReferralId?: string } = {},
) {
  const { schools, facts } = await loadTurnInputs(db, laId, asOf, opts.ignoreReferralId);
  return {
    schools,
    ranking: rankWhoseTurn(schools, facts, { yearGroup, asOf, excludeSchoolIds: opts.excludeSchoolIds ?? [] }),
  };
}
