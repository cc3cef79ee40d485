import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../auth/actor';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { FapReferralStatus, SchoolPhase } from '../generated/prisma/enums';
import { referralScope, requireRole } from '../access/scope';
import { invalid } from '../errors';
import { audit } from '../record/audit';
import { fromDb, fromDbOrNull, toDb } from '../usecases/dates';
import type { SchoolCalendar } from '../domain/calendar';
import { isValidAcademicYearLabel, academicYearEnd, academicYearStart } from '../domain/academicYear';
import { phaseForYearGroup } from '../domain/fairAccess/eligibility';
import { escalationRouteFor } from '../domain/fairAccess/escalation';
import { referralDeadlines, type ChainDecision } from '../domain/fairAccess/deadlines';
import { ADJUDICATOR_CSV_COLUMNS, fairShareRows, ruleF9AdjudicatorDueBy } from '../domain/fairAccess/fairShare';
import { schoolsForPhase } from '../domain/fairAccess/whoseTurn';
import { fapSettings } from '../usecases/fairAccess/shared';
import { whoseTurnFor } from '../usecases/fairAccess/turnFacts';

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

export async function listReferrals(prisma: PrismaClient, actor: Actor, filter: ReferralFilter, first: number, after?: string | null) {
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
    prisma.fairAccessReferral.findMany({ where, orderBy: { id: 'asc' }, take: take + 1, ...(after ? { cursor: { id: after }, skip: 1 } : {}) }),
    prisma.fairAccessReferral.count({ where }),
  ]);
  const nodes = rows.slice(0, take);
  await audit(prisma, actor, 'fairAccess.referral.list', 'REFERRAL', nodes.map((r) => r.id));
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

/** Meetings belong to the LA's officers and panel; schools see a meeting only through a decision about them. */
const meetingScope = (a: Actor): Prisma.FairAccessPanelMeetingWhereInput =>
  a.role === 'LA_OFFICER' || a.role === 'PANEL_MEMBER' ? { laId: a.laId } : { id: { in: [] } };

export async function listMeetings(prisma: PrismaClient, actor: Actor, from?: string | null, to?: string | null) {
  const rows = await prisma.fairAccessPanelMeeting.findMany({
    where: { AND: [meetingScope(actor), from ? { meetingDate: { gte: toDb(from) } } : {}, to ? { meetingDate: { lte: toDb(to) } } : {}] },
    orderBy: { meetingDate: 'asc' },
  });
  await audit(prisma, actor, 'fairAccess.meeting.list', 'PANEL_MEETING', rows.map((m) => m.id));
  return rows;
}

export async function readMeeting(prisma: PrismaClient, actor: Actor, id: string) {
  const m = await prisma.fairAccessPanelMeeting.findFirst({ where: { AND: [{ id }, meetingScope(actor)] } });
  await audit(prisma, actor, 'fairAccess.meeting.read', 'PANEL_MEETING', m ? [m.id] : []);
  return m;
}

/** A referral's deadlines as of a date, on its LA's calendar and thresholds. */
export async function timelinessOf(prisma: PrismaClient, cal: SchoolCalendar, referralId: string, asOf: string) {
  const r = await prisma.fairAccessReferral.findUniqueOrThrow({
    where: { id: referralId },
    include: { decisions: { select: { id: true, supersedesId: true, outcome: true, admissionDeadline: true, meeting: { select: { meetingDate: true } } } } },
  });
  const decisions: ChainDecision[] = r.decisions.map((d) => ({ id: d.id, supersedesId: d.supersedesId, outcome: d.outcome, admissionDeadline: fromDbOrNull(d.admissionDeadline), meetingDate: fromDb(d.meeting.meetingDate) }));
  const facts = { referredOn: fromDb(r.referredOn), agreedToConsiderOn: fromDbOrNull(r.agreedToConsiderOn), admittedOn: fromDbOrNull(r.admittedOn), closedOn: fromDbOrNull(r.closedOn), decisions };
  return referralDeadlines(cal, facts, asOf, await fapSettings(prisma, r.laId));
}

// ---------- Aggregates (no pupil data): officers, panel and analysts ----------

function requireAggregateAccess(actor: Actor) {
  requireRole(actor, 'LA_OFFICER', 'PANEL_MEMBER', 'ANALYST');
}

function checkYear(academicYear: string) {
  if (!isValidAcademicYearLabel(academicYear)) throw invalid([{ field: 'academicYear', message: 'An academic year is written like 2025-26.' }]);
}

async function admissionsIn(prisma: PrismaClient, laId: string, academicYear: string) {
  const rows = await prisma.fairAccessReferral.findMany({
    where: { laId, status: 'ADMITTED', admittedOn: { gte: toDb(academicYearStart(academicYear)), lte: toDb(academicYearEnd(academicYear)) } },
    select: { admittedSchoolId: true, admittedOn: true, yearGroupSought: true },
  });
  return rows.flatMap((r) => (r.admittedSchoolId && r.admittedOn ? [{ schoolId: r.admittedSchoolId, admittedOn: fromDb(r.admittedOn), yearGroup: r.yearGroupSought }] : []));
}

/** Rule F8's inputs made visible: fair access admissions per school this academic year, per 100 on roll and by year group. */
export async function fairShare(prisma: PrismaClient, actor: Actor, academicYear: string, phase?: SchoolPhase | null) {
  requireAggregateAccess(actor);
  checkYear(academicYear);
  if (phase && phase !== 'PRIMARY' && phase !== 'SECONDARY') throw invalid([{ field: 'phase', message: 'Fair share is reported for the PRIMARY or SECONDARY phase.' }]);
  const schools = await prisma.school.findMany({ where: { laId: actor.laId }, orderBy: { name: 'asc' } });
  let admissions = await admissionsIn(prisma, actor.laId, academicYear);
  if (phase) admissions = admissions.filter((a) => phaseForYearGroup(a.yearGroup) === phase);
  const withAdmissions = new Set(admissions.map((a) => a.schoolId));
  const candidates = phase ? schoolsForPhase(schools, phase) : schools.filter((s) => s.isOpen && escalationRouteFor(s.type));
  const listed = schools.filter((s) => candidates.includes(s) || withAdmissions.has(s.id));
  const rows = fairShareRows(listed, admissions, academicYear);
  await audit(prisma, actor, 'fairAccess.fairShare', 'SCHOOL', []);
  const byId = new Map(schools.map((s) => [s.id, s]));
  return rows.map((r) => ({ ...r, school: byId.get(r.schoolId)!, academicYear }));
}

/** The documented whose-turn order for a year group (docs/fair-access.md). */
export async function whoseTurn(prisma: PrismaClient, actor: Actor, yearGroup: number, asOf: string, excludeSchoolIds: readonly string[] = []) {
  requireAggregateAccess(actor);
  if (!Number.isInteger(yearGroup) || yearGroup < 0 || yearGroup > 11) throw invalid([{ field: 'yearGroup', message: 'Year groups run from Reception (0) to Year 11.' }]);
  const { schools, ranking } = await whoseTurnFor(prisma, actor.laId, yearGroup, asOf, { excludeSchoolIds });
  await audit(prisma, actor, 'fairAccess.whoseTurn', 'SCHOOL', []);
  const byId = new Map(schools.map((s) => [s.id, s]));
  return { yearGroup, phase: phaseForYearGroup(yearGroup), asOf, entries: ranking.map((e) => ({ ...e, school: byId.get(e.schoolId)! })) };
}

/**
 * Rule F9: fair access admissions per school for the Schools Adjudicator return — every school the
 * protocol places in, zeros included, as rows and as one CSV.
 */
export async function adjudicatorReturn(prisma: PrismaClient, actor: Actor, academicYear: string) {
  requireAggregateAccess(actor);
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
    .map((s) => ({ school: s, admissions: counts.get(s.id) ?? 0 }));
  const csv = stringify(
    rows.map(({ school: s, admissions: n }) => [academicYear, la.code, s.urn, s.laestab, s.name, s.type, s.phase, n]),
    { header: true, columns: [...ADJUDICATOR_CSV_COLUMNS] },
  );
  await audit(prisma, actor, 'fairAccess.adjudicatorReturn', 'SCHOOL', []);
  return { academicYear, dueBy: ruleF9AdjudicatorDueBy(academicYear), total: admissions.length, rows, csv };
}
