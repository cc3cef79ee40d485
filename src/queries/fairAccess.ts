import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../auth/actor';
import type { FairAccessDecision, FairAccessReferral, Prisma, PrismaClient } from '../generated/prisma/client';
import type { FapReferralStatus, SchoolPhase } from '../generated/prisma/enums';
import { meetingScope, referralScope, suppressedAggregates } from '../access/scope';
import { authorise } from '../access/permissions';
import { Presenter, suppressionThreshold, type Published } from '../reports/suppression';
import { invalid } from '../errors';
import { audit } from '../record/audit';
import { fromDb, fromDbOrNull, toDb } from '../db/dates';
import type { SchoolCalendar } from '../domain/calendar';
import { isValidAcademicYearLabel, academicYearEnd, academicYearStart } from '../domain/academicYear';
import { phaseForYearGroup } from '../domain/fairAccess/eligibility';
import { escalationRouteFor } from '../domain/fairAccess/escalation';
import { referralDeadlines, type ChainDecision } from '../domain/fairAccess/deadlines';
import { ADJUDICATOR_CSV_COLUMNS, fairShareRows, ruleF9AdjudicatorDueBy } from '../domain/fairAccess/fairShare';
import { schoolsForPhase } from '../domain/fairAccess/whoseTurn';
import type { FapSettings } from '../rules/fapSettings';
import { whoseTurnFor } from './turnFacts';

const OPEN_STATUSES: FapReferralStatus[] = ['OPEN', 'ALLOCATED'];

export async function readReferral(prisma: PrismaClient, actor: Actor, id: string) {
  const r = await prisma.fairAccessReferral.findFirst({ where: { AND: [{ id }, referralScope(actor)] } });
  await audit(prisma, actor, 'fairAccess.referral.read', 'REFERRAL', r ? [r.id, r.pupilId] : []);
  return r;
}

export interface ReferralFilter {
  status?: FapReferralStatus[] | null;
  openOnly?: boolean | null;
  pupilId?: string | null;
}

export async function listReferrals(
  prisma: PrismaClient,
  actor: Actor,
  filter: ReferralFilter,
  first: number,
  after?: string | null,
) {
  const where: Prisma.FairAccessReferralWhereInput = {
    AND: [
      referralScope(actor),
      filter.status?.length ? { status: { in: filter.status } } : {},
      filter.openOnly ? { status: { in: OPEN_STATUSES } } : {},
      filter.pupilId ? { pupilId: filter.pupilId } : {},
    ],
  };
  const take = Math.min(Math.max(first, 1), 200);
  const [rows, totalCount] = await Promise.all([
    prisma.fairAccessReferral.findMany({
      where,
      orderBy: { id: 'asc' },
      take: take + 1,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    }),
    prisma.fairAccessReferral.count({ where }),
  ]);
  const nodes = rows.slice(0, take);
  await audit(
    prisma,
    actor,
    'fairAccess.referral.list',
    'REFERRAL',
    nodes.map((r) => r.id),
  );
  return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.at(-1)?.id ?? null } };
}

/** Decisions are reached through their referral: the same scope. */
export async function readDecision(prisma: PrismaClient, actor: Actor, id: string) {
  const d = await prisma.fairAccessDecision.findFirst({ where: { id, referral: referralScope(actor) } });
  await audit(prisma, actor, 'fairAccess.decision.read', 'REFERRAL', d ? [d.referralId, d.id] : []);
  return d;
}

export async function readDirection(prisma: PrismaClient, actor: Actor, id: string) {
  const d = await prisma.fairAccessDirection.findFirst({ where: { id, referral: referralScope(actor) } });
  await audit(prisma, actor, 'fairAccess.direction.read', 'REFERRAL', d ? [d.referralId, d.id] : []);
  return d;
}

export async function listMeetings(prisma: PrismaClient, actor: Actor, from?: string | null, to?: string | null) {
  const rows = await prisma.fairAccessPanelMeeting.findMany({
    where: {
      AND: [
        meetingScope(actor),
        from ? { meetingDate: { gte: toDb(from) } } : {},
        to ? { meetingDate: { lte: toDb(to) } } : {},
      ],
    },
    orderBy: { meetingDate: 'asc' },
  });
  await audit(
    prisma,
    actor,
    'fairAccess.meeting.list',
    'PANEL_MEETING',
    rows.map((m) => m.id),
  );
  return rows;
}

export async function readMeeting(prisma: PrismaClient, actor: Actor, id: string) {
  const m = await prisma.fairAccessPanelMeeting.findFirst({ where: { AND: [{ id }, meetingScope(actor)] } });
  await audit(prisma, actor, 'fairAccess.meeting.read', 'PANEL_MEETING', m ? [m.id] : []);
  return m;
}

/**
 * A referral's deadlines as of a date, on its LA's calendar and thresholds, from rows the caller has already
 * read (the referral, its decisions with their meetings' dates): a page of referrals reads them in batches.
 */
export function timelinessOf(
  cal: SchoolCalendar,
  r: Pick<FairAccessReferral, 'referredOn' | 'agreedToConsiderOn' | 'admittedOn' | 'closedOn'>,
  decisionRows: (Pick<FairAccessDecision, 'id' | 'supersedesId' | 'outcome' | 'admissionDeadline'> & {
    meetingDate: Date;
  })[],
  asOf: string,
  settings: FapSettings,
) {
  const decisions: ChainDecision[] = decisionRows.map((d) => ({
    id: d.id,
    supersedesId: d.supersedesId,
    outcome: d.outcome,
    admissionDeadline: fromDbOrNull(d.admissionDeadline),
    meetingDate: fromDb(d.meetingDate),
  }));
  const facts = {
    referredOn: fromDb(r.referredOn),
    agreedToConsiderOn: fromDbOrNull(r.agreedToConsiderOn),
    admittedOn: fromDbOrNull(r.admittedOn),
    closedOn: fromDbOrNull(r.closedOn),
    decisions,
  };
  return referralDeadlines(cal, facts, asOf, settings);
}

// ---------- Aggregates (no pupil data): officers, panel and analysts ----------

/**
 * Who may read the fair access aggregates, and how they are published: exact for officers and the panel
 * (they run the protocol), small numbers suppressed and no exact dates for analysts (permission table).
 */
function aggregatePresenter(actor: Actor): Presenter {
  return new Presenter(suppressedAggregates(authorise(actor, 'fairAccess.aggregates')), suppressionThreshold());
}

const int = (p: Published) => p.value;

function checkYear(academicYear: string) {
  if (!isValidAcademicYearLabel(academicYear))
    throw invalid([{ field: 'academicYear', message: 'An academic year is written like 2025-26.' }]);
}

async function admissionsIn(prisma: PrismaClient, laId: string, academicYear: string) {
  const rows = await prisma.fairAccessReferral.findMany({
    where: {
      laId,
      status: 'ADMITTED',
      admittedOn: { gte: toDb(academicYearStart(academicYear)), lte: toDb(academicYearEnd(academicYear)) },
    },
    select: { admittedSchoolId: true, admittedOn: true, yearGroupSought: true },
  });
  return rows.flatMap((r) =>
    r.admittedSchoolId && r.admittedOn
      ? [{ schoolId: r.admittedSchoolId, admittedOn: fromDb(r.admittedOn), yearGroup: r.yearGroupSought }]
      : [],
  );
}

/** Rule F8's inputs made visible: fair access admissions per school this academic year, per 100 on roll and by year group. */
export async function fairShare(prisma: PrismaClient, actor: Actor, academicYear: string, phase?: SchoolPhase | null) {
  const pr = aggregatePresenter(actor);
  checkYear(academicYear);
  if (phase && phase !== 'PRIMARY' && phase !== 'SECONDARY')
    throw invalid([{ field: 'phase', message: 'Fair share is reported for the PRIMARY or SECONDARY phase.' }]);
  const schools = await prisma.school.findMany({ where: { laId: actor.laId }, orderBy: { name: 'asc' } });
  let admissions = await admissionsIn(prisma, actor.laId, academicYear);
  if (phase) admissions = admissions.filter((a) => phaseForYearGroup(a.yearGroup) === phase);
  const withAdmissions = new Set(admissions.map((a) => a.schoolId));
  const candidates = phase
    ? schoolsForPhase(schools, phase)
    : schools.filter((s) => s.isOpen && escalationRouteFor(s.type));
  const listed = schools.filter((s) => candidates.includes(s) || withAdmissions.has(s.id));
  const rows = fairShareRows(listed, admissions, academicYear);
  await audit(prisma, actor, 'fairAccess.fairShare', 'SCHOOL', []);
  const byId = new Map(schools.map((s) => [s.id, s]));
  const published = rows.map((r) => {
    const total = pr.count(r.total);
    const byYearGroup = r.byYearGroup.map((y) => ({ yearGroup: y.yearGroup, admissions: pr.count(y.admissions) }));
    pr.sums(
      total,
      byYearGroup.map((y) => y.admissions),
    );
    return { r, total, per100: pr.derived(r.per100OnRoll, total), byYearGroup };
  });
  pr.finish();
  return published.map(({ r, total, per100, byYearGroup }) => ({
    school: byId.get(r.schoolId)!,
    academicYear,
    total: int(total),
    per100OnRoll: int(per100),
    byYearGroup: byYearGroup.map((y) => ({ yearGroup: y.yearGroup, admissions: int(y.admissions) })),
    suppressed: total.suppressed || byYearGroup.some((y) => y.admissions.suppressed),
  }));
}

/** The documented whose-turn order for a year group (docs/fair-access.md). */
export async function whoseTurn(
  prisma: PrismaClient,
  actor: Actor,
  yearGroup: number,
  asOf: string,
  excludeSchoolIds: readonly string[] = [],
) {
  const pr = aggregatePresenter(actor);
  if (!Number.isInteger(yearGroup) || yearGroup < 0 || yearGroup > 11)
    throw invalid([{ field: 'yearGroup', message: 'Year groups run from Reception (0) to Year 11.' }]);
  const { schools, ranking } = await whoseTurnFor(prisma, actor.laId, yearGroup, asOf, { excludeSchoolIds });
  await audit(prisma, actor, 'fairAccess.whoseTurn', 'SCHOOL', []);
  const byId = new Map(schools.map((s) => [s.id, s]));
  const published = ranking.map((e) => {
    const yearGroupPlacements = pr.count(e.yearGroupPlacements);
    const allPlacements = pr.count(e.allPlacements);
    // The year group's placements are part of all placements: the difference is as good as printed.
    pr.complement(allPlacements, yearGroupPlacements);
    return {
      e,
      yearGroupPlacements,
      allPlacements,
      yearGroupPer100: pr.derived(e.yearGroupPer100, yearGroupPlacements),
      allPer100: pr.derived(e.allPer100, allPlacements),
    };
  });
  pr.finish();
  return {
    yearGroup,
    phase: phaseForYearGroup(yearGroup),
    asOf,
    suppressed: pr.suppress,
    entries: published.map(({ e, ...p }) => ({
      rank: e.rank,
      school: byId.get(e.schoolId)!,
      numberOnRoll: e.numberOnRoll,
      yearGroupPlacements: int(p.yearGroupPlacements),
      allPlacements: int(p.allPlacements),
      yearGroupPer100: int(p.yearGroupPer100),
      allPer100: int(p.allPer100),
      // An exact date of a placement identifies a child in a small school: not for suppressed output.
      lastPlacementOn: pr.suppress ? null : e.lastPlacementOn,
      suppressed: p.yearGroupPlacements.suppressed || p.allPlacements.suppressed,
    })),
  };
}

/**
 * Rule F9: fair access admissions per school for the Schools Adjudicator return — every school the
 * protocol places in, zeros included, as rows and as one CSV. Suppressed cells are written "c".
 */
export async function adjudicatorReturn(prisma: PrismaClient, actor: Actor, academicYear: string) {
  const pr = aggregatePresenter(actor);
  checkYear(academicYear);
  const [la, schools, admissions] = await Promise.all([
    prisma.localAuthority.findUniqueOrThrow({ where: { id: actor.laId } }),
    prisma.school.findMany({ where: { laId: actor.laId }, orderBy: { urn: 'asc' } }),
    admissionsIn(prisma, actor.laId, academicYear),
  ]);
  const counts = new Map<string, number>();
  for (const a of admissions) counts.set(a.schoolId, (counts.get(a.schoolId) ?? 0) + 1);
  const rows = schools
    .filter((s) => (s.isOpen && escalationRouteFor(s.type)) || counts.has(s.id))
    .map((s) => ({ school: s, admissions: pr.count(counts.get(s.id) ?? 0) }));
  const total = pr.count(admissions.length);
  pr.sums(
    total,
    rows.map((r) => r.admissions),
  );
  pr.finish();
  const cell = (p: Published) => (p.suppressed ? 'c' : p.value);
  const csv = stringify(
    rows.map(({ school: s, admissions: n }) => [
      academicYear,
      la.code,
      s.urn,
      s.laestab,
      s.name,
      s.type,
      s.phase,
      cell(n),
    ]),
    { header: true, columns: [...ADJUDICATOR_CSV_COLUMNS] },
  );
  await audit(prisma, actor, 'fairAccess.adjudicatorReturn', 'SCHOOL', []);
  return {
    academicYear,
    dueBy: ruleF9AdjudicatorDueBy(academicYear),
    total: int(total),
    suppressed: pr.suppress,
    rows: rows.map((r) => ({ school: r.school, admissions: int(r.admissions), suppressed: r.admissions.suppressed })),
    csv,
  };
}
