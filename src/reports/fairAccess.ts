import { FapReferralStatus } from '../generated/prisma/enums';
import { distribution } from '../domain/reports/percentiles';
import { share } from '../domain/reports/rates';
import { ruleConfigFor } from '../rules/ruleConfig';
import type { Published } from './suppression';
import { metaOf, type ReportDeps, type ReportMeta, type ReportRequest } from './request';
import { iso, organisationNames } from './sql';
import { labelFor } from './labels';
import { statsOf, type StayStats } from './stayLengths';

export interface FairAccessSchoolRow {
  schoolId: string;
  name: string;
  phase: string;
  numberOnRoll: number;
  admissions: Published;
  /** The school's share of its phase's fair access admissions … */
  admissionShare: Published;
  /** … against its share of the phase's pupils (published numbers on roll). */
  fairShare: Published;
  ratioToFairShare: Published;
  refusals: Published;
  directionsRequested: Published;
  directed: Published;
}

export interface FairAccessReport {
  meta: ReportMeta;
  referrals: Published;
  outcomes: { key: string; label: string; count: Published }[];
  agreedToConsider: Published;
  /** Allocations decided in the period: school days from agreeing to consider to the deciding meeting. */
  placed: Published;
  placedWithinTarget: Published;
  withinTargetRate: Published;
  timeToPlace: StayStats;
  targetSchoolDays: number;
  /** Admissions in the period: school days from referral to the first day at the school. */
  timeToAdmit: StayStats;
  refusals: Published;
  refusalsOnForbiddenGrounds: Published;
  directionsRequested: Published;
  directed: Published;
  schools: FairAccessSchoolRow[];
}

const MAINSTREAM_PHASES = ['PRIMARY', 'SECONDARY', 'ALL_THROUGH'];

/**
 * Fair access for the period (domain.md §4, rules F1, F8, F9): referrals made in it by their status
 * today; time to place = school days elapsed from "agreed to consider" to the meeting that allocated a
 * school or AP (the decision in force, not a superseded one), for allocations made in the period, with
 * the share within the LA's allocation target (20 school days nationally); time to admit = referral to admission, for admissions in the period;
 * per mainstream school its admissions against its fair share of its phase (number on roll), refusals
 * and direction requests. School and phase filters choose the school rows; totals are LA-wide.
 */
export async function fairAccess(deps: ReportDeps, req: ReportRequest): Promise<FairAccessReport> {
  const { from, to } = req.period;
  const la = req.laId;
  const db = deps.prisma;
  const [statuses, placedRows, admittedRows, responses, directions, orgs] = await Promise.all([
    db.$queryRaw<{ status: string; n: number; agreed: number }[]>`
      SELECT r.status::text AS status, count(*)::int AS n, 0 AS agreed FROM "FairAccessReferral" r
       WHERE r."laId" = ${la}::uuid AND r."referredOn" BETWEEN ${from}::date AND ${to}::date GROUP BY 1
      UNION ALL
      SELECT '_AGREED', count(*)::int, 0 FROM "FairAccessReferral" r
       WHERE r."laId" = ${la}::uuid AND r."agreedToConsiderOn" BETWEEN ${from}::date AND ${to}::date`,
    db.$queryRaw<{ agreedOn: Date; decidedOn: Date }[]>`
      SELECT r."agreedToConsiderOn" AS "agreedOn", min(m."meetingDate") AS "decidedOn"
        FROM "FairAccessReferral" r
        JOIN "FairAccessDecision" d ON d."referralId" = r."id"
        JOIN "FairAccessPanelMeeting" m ON m."id" = d."meetingId"
       WHERE r."laId" = ${la}::uuid AND r."agreedToConsiderOn" IS NOT NULL
         AND d.outcome IN ('ALLOCATE_SCHOOL', 'MANAGED_MOVE', 'AP_PLACEMENT')
         AND NOT EXISTS (SELECT 1 FROM "FairAccessDecision" s WHERE s."supersedesId" = d."id")
       GROUP BY r."id", r."agreedToConsiderOn"
      HAVING min(m."meetingDate") BETWEEN ${from}::date AND ${to}::date`,
    db.$queryRaw<{ schoolId: string; referredOn: Date; admittedOn: Date }[]>`
      SELECT r."admittedSchoolId"::text AS "schoolId", r."referredOn", r."admittedOn" FROM "FairAccessReferral" r
       WHERE r."laId" = ${la}::uuid AND r.status = 'ADMITTED' AND r."admittedOn" BETWEEN ${from}::date AND ${to}::date`,
    db.$queryRaw<{ schoolId: string; n: number; forbidden: number }[]>`
      SELECT x."schoolId"::text AS "schoolId", count(*)::int AS n, count(*) FILTER (WHERE x."onForbiddenGround")::int AS forbidden
        FROM "FairAccessSchoolResponse" x JOIN "FairAccessReferral" r ON r."id" = x."referralId"
       WHERE r."laId" = ${la}::uuid AND x.outcome = 'REFUSED' AND x."respondedOn" BETWEEN ${from}::date AND ${to}::date GROUP BY 1`,
    db.$queryRaw<{ schoolId: string; n: number; directed: number }[]>`
      SELECT x."schoolId"::text AS "schoolId", count(*)::int AS n, count(*) FILTER (WHERE x.outcome = 'DIRECTED')::int AS directed
        FROM "FairAccessDirection" x JOIN "FairAccessReferral" r ON r."id" = x."referralId"
       WHERE r."laId" = ${la}::uuid AND x."requestedOn" BETWEEN ${from}::date AND ${to}::date GROUP BY 1`,
    organisationNames(db, la),
  ]);

  const pr = req.presenter;
  const cal = req.cal;
  const count = (rows: { n: number }[]) => rows.reduce((a, r) => a + r.n, 0);
  const referralRows = statuses.filter((s) => s.status !== '_AGREED');
  const referrals = pr.count(count(referralRows));
  const outcomes = Object.values(FapReferralStatus).map((key) => ({
    key,
    label: labelFor(key),
    count: pr.count(referralRows.find((s) => s.status === key)?.n ?? 0),
  }));
  pr.sums(
    referrals,
    outcomes.map((o) => o.count),
  );

  // Code para 3.21 (rule F1): the LA's allocation target from the threshold table, with its override.
  const target = (await ruleConfigFor(db, la)).values.fairAccessAllocationSchoolDays;
  const toPlace = placedRows.map((r) => cal.schoolDaysElapsedSince(iso(r.agreedOn)!, iso(r.decidedOn)!));
  const within = toPlace.filter((d) => d <= target).length;
  const timeToPlace = statsOf(pr, distribution(toPlace));
  const placedWithinTarget = pr.count(within);
  const lateC = pr.count(toPlace.length - within);
  pr.sums(timeToPlace.stays, [placedWithinTarget, lateC]);
  const timeToAdmit = statsOf(
    pr,
    distribution(admittedRows.map((r) => cal.schoolDaysElapsedSince(iso(r.referredOn)!, iso(r.admittedOn)!))),
  );

  const mainstream = orgs.schools.filter((s) => MAINSTREAM_PHASES.includes(s.phase));
  const shown = mainstream
    .filter(
      (s) =>
        (!req.filter.schoolId || s.id === req.filter.schoolId) && (!req.filter.phase || s.phase === req.filter.phase),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  const admissionsAt = (id: string) => admittedRows.filter((r) => r.schoolId === id).length;
  const schools = shown.map((s): FairAccessSchoolRow => {
    const peers = mainstream.filter((p) => p.phase === s.phase);
    const phaseAdmissions = peers.reduce((a, p) => a + admissionsAt(p.id), 0);
    const phaseRoll = peers.reduce((a, p) => a + p.numberOnRoll, 0);
    const mine = admissionsAt(s.id);
    const admissions = pr.count(mine);
    const fair = share(s.numberOnRoll, phaseRoll);
    const own = share(mine, phaseAdmissions);
    const rf = responses.find((r) => r.schoolId === s.id);
    const dr = directions.find((r) => r.schoolId === s.id);
    return {
      schoolId: s.id,
      name: s.name,
      phase: s.phase,
      numberOnRoll: s.numberOnRoll,
      admissions,
      admissionShare: pr.derived(own, admissions),
      fairShare: { value: fair, suppressed: false },
      ratioToFairShare: pr.derived(own === null || !fair ? null : own / fair, admissions),
      refusals: pr.count(rf?.n ?? 0),
      directionsRequested: pr.count(dr?.n ?? 0),
      directed: pr.count(dr?.directed ?? 0),
    };
  });

  const refusals = pr.count(count(responses));
  const directionsRequested = pr.count(count(directions));
  const directed = pr.count(directions.reduce((a, r) => a + r.directed, 0));
  // School rows add up to the LA totals (exactly when unfiltered; hiding more than needed otherwise is safe).
  pr.sums(
    timeToAdmit.stays,
    schools.map((s) => s.admissions),
  );
  pr.sums(
    refusals,
    schools.map((s) => s.refusals),
  );
  pr.sums(
    directionsRequested,
    schools.map((s) => s.directionsRequested),
  );
  pr.sums(
    directed,
    schools.map((s) => s.directed),
  );

  const report: FairAccessReport = {
    meta: metaOf(req),
    referrals,
    outcomes,
    agreedToConsider: pr.count(statuses.find((s) => s.status === '_AGREED')?.n ?? 0),
    placed: timeToPlace.stays,
    placedWithinTarget,
    withinTargetRate: pr.derived(share(within, toPlace.length), placedWithinTarget, timeToPlace.stays),
    timeToPlace,
    targetSchoolDays: target,
    timeToAdmit,
    refusals,
    refusalsOnForbiddenGrounds: pr.count(responses.reduce((a, r) => a + r.forbidden, 0)),
    directionsRequested,
    directed,
    schools,
  };
  pr.finish();
  return report;
}
