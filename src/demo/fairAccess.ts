/**
 * Demo fair access year, written on top of the demo data set through the real use cases (so every
 * decision has its timeline event, outbox event and audit row, and every rule is applied): a panel
 * every three weeks for the year up to today, a realistic mix of outcomes, refusals (some on grounds
 * the Code forbids), one academy direction through the Secretary of State, an LA direction, deferrals,
 * and some overdue cases. Called by src/demo/seed.ts after the rest of the demo data is in.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { FapCategory, FapRefusalGround } from '../generated/prisma/enums';
import type { Actor } from '../auth/actor';
import { AppError } from '../errors';
import { createCalendarService } from '../calendar/calendarService';
import type { SchoolCalendar } from '../domain/calendar';
import { academicYearOf, yearGroupFor } from '../domain/academicYear';
import { addDays } from '../domain/dates';
import { fromDb } from '../usecases/dates';
import { systemClock } from '../time/clock';
import type { UseCaseDeps } from '../usecases/deps';
import { referForFairAccess } from '../usecases/fairAccess/refer';
import { schedulePanelMeeting } from '../usecases/fairAccess/meetings';
import { recordPanelDecision } from '../usecases/fairAccess/decide';
import { recordSchoolResponse } from '../usecases/fairAccess/respond';
import { recordDirectionOutcome, requestDirection } from '../usecases/fairAccess/direction';
import { recordFairAccessAdmission } from '../usecases/fairAccess/admit';
import { recordLeavingRoll } from '../usecases/pupils/roll';
import { whoseTurnFor } from '../queries/turnFacts';
import { Rng, hash32 } from './random';
import { DEMO_LA_CODE } from './users';

export interface SeedFairAccessOptions {
  /** The LA to seed (default the demo LA, 373). */
  laCode?: string;
  /** PRNG seed; the same seed and today give the same year. Default 1. */
  seed?: number;
  /** The date the year runs up to (default today; never later than today). */
  today?: string;
}

export interface SeedFairAccessResult {
  meetings: number;
  referrals: number;
  decisions: number;
  admissions: number;
  refusals: number;
  directions: number;
  openOverdue: number;
  /** Steps the rules refused (the demo carries on without them), with the reason. */
  skipped: number;
  skippedReasons: string[];
}

interface Candidate {
  id: string;
  dateOfBirth: string;
  senStatus: string;
  socialCareStatus: string;
  lookedAfter: boolean;
  /** The pupil has been on no roll and in no AP since this day. */
  freeFrom: string;
  lastSchoolId: string | null;
  excluded: boolean;
}

interface Case {
  referralId: string;
  pupil: Candidate;
  yearGroup: number;
  referredOn: string;
  decisionId: string | null;
  deferred: boolean;
  /** Schools that refused this child: not proposed again. */
  refusedBy: string[];
}

const OTHER_CATEGORIES: readonly [FapCategory, number][] = [
  ['OUT_OF_EDUCATION_4_WEEKS', 5],
  ['HOMELESS', 3],
  ['REFUGE', 2],
  ['GRT_REFUGEE_ASYLUM', 3],
  ['CRIMINAL_JUSTICE', 2],
  ['CARER', 1.5],
  ['KINSHIP_CARE', 1.5],
  ['PREVIOUSLY_LOOKED_AFTER', 1],
  ['PLACE_NOT_SOUGHT_EXCEPTIONAL', 1],
  ['REFUSED_CHALLENGING_BEHAVIOUR', 1.5],
];

const CONTEXT: Partial<Record<FapCategory, string>> = {
  AP_REINTEGRATION_OR_PEX: 'Permanently excluded; AP assessment says ready for a mainstream place with support.',
  OUT_OF_EDUCATION_4_WEEKS:
    'Out of school for over four weeks after moving into the city; no place within reasonable distance.',
  HOMELESS: 'Family in temporary accommodation across the city; previous school too far to travel to.',
  REFUGE: 'Living in a refuge; the previous school is not safe to return to.',
  GRT_REFUGEE_ASYLUM: 'Recently arrived; family seeking asylum, housed in the LA.',
  CRIMINAL_JUSTICE: 'Returning from a secure setting; youth justice service supporting.',
  CARER: 'Young carer for a parent; attendance affected by caring duties.',
  KINSHIP_CARE: 'Moved to live with grandparents under a special guardianship order.',
  PREVIOUSLY_LOOKED_AFTER: 'Adopted from care; the LA could not secure a place promptly.',
  PLACE_NOT_SOUGHT_EXCEPTIONAL: 'No application made during a family crisis; social care involved.',
  REFUSED_CHALLENGING_BEHAVIOUR: 'Refused a place under para 3.10 and referred by the school.',
  CIN_OR_CP_PLAN: 'Child protection plan; moved across the city for safety.',
  SEN_NO_EHCP_DISABILITY_MEDICAL: 'SEN support for communication needs; previous placement broke down.',
};

const REFUSALS: readonly [{ grounds: FapRefusalGround[]; high: boolean | null; reason: string }, number][] = [
  [{ grounds: ['SCHOOL_FULL'], high: null, reason: 'The year group is over its admission number.' }, 3],
  [{ grounds: ['PREVIOUS_ATTENDANCE'], high: null, reason: 'Attendance of 68% at the previous school.' }, 2],
  [
    {
      grounds: ['CHALLENGING_BEHAVIOUR'],
      high: true,
      reason: 'Already a particularly high proportion of previously excluded pupils (para 3.10); evidence attached.',
    },
    2,
  ],
  [{ grounds: ['SUSPENSION_COUNT'], high: null, reason: 'Six suspensions at the previous school.' }, 1],
  [{ grounds: ['OTHER'], high: null, reason: 'Cannot meet the timetable for a mid-year GCSE start.' }, 1],
];

/** Seeds a fair access year for the LA. Safe to run once per database (it adds referrals; it does not check for earlier ones). */
export async function seedFairAccess(
  prisma: PrismaClient,
  opts: SeedFairAccessOptions = {},
): Promise<SeedFairAccessResult> {
  const rng = new Rng(hash32(`fair-access:${opts.seed ?? 1}`));
  const today = [opts.today ?? systemClock.today(), systemClock.today()].sort()[0]!;
  const la = await prisma.localAuthority.findUniqueOrThrow({ where: { code: opts.laCode ?? DEMO_LA_CODE } });
  const calendars = createCalendarService(prisma);
  const cal = await calendars.calendarFor(la.id);
  const deps: UseCaseDeps = { prisma, calendars, clock: systemClock };
  const user = async (role: 'LA_OFFICER' | 'PANEL_MEMBER') =>
    (await prisma.appUser.findFirst({ where: { laId: la.id, role, active: true }, orderBy: { email: 'asc' } }))?.id ??
    `demo-${role.toLowerCase()}`;
  const officer: Actor = { userId: await user('LA_OFFICER'), role: 'LA_OFFICER', laId: la.id };
  const panel: Actor = { userId: await user('PANEL_MEMBER'), role: 'PANEL_MEMBER', laId: la.id };
  const out: SeedFairAccessResult = {
    meetings: 0,
    referrals: 0,
    decisions: 0,
    admissions: 0,
    refusals: 0,
    directions: 0,
    openOverdue: 0,
    skipped: 0,
    skippedReasons: [],
  };

  // A refused step is a fact of the demo, not a crash: count it and move on.
  const attempt = async <T>(fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.skipped++;
      out.skippedReasons.push(err.message);
      return null;
    }
  };

  const provider = await prisma.provider.findFirst({
    where: { laId: la.id, kind: 'REGISTERED_SCHOOL', school: { type: 'PRU' } },
  });
  const meetings = await scheduleMeetings(deps, panel, cal, today);
  out.meetings = meetings.length;
  const past = meetings.filter((m) => m.date <= today);
  const candidates = rng.shuffle(await loadCandidates(prisma, la.id, today));
  const movers = rng.shuffle(await loadMovers(prisma, la.id, today));
  let academyDirectionDone = false;
  let laDirectionDone = false;
  const waiting: Case[] = [];

  const nextSchoolDay = (d: string, n = 1) => cal.addSchoolDays(d, n);

  for (const [i, meeting] of past.entries()) {
    const laterMeeting = meetings[i + 1];
    const recent = meeting.date > addDays(today, -21);
    const overdueWindow = meeting.date > addDays(today, -105) && meeting.date <= addDays(today, -42);

    // New referrals for this meeting, referred in the fortnight before it.
    const fresh: Case[] = [];
    for (let k = rng.int(3, 4); k > 0 && candidates.length; k--) {
      const c = candidates.pop()!;
      const referredOn = schoolDayIn(
        rng,
        cal,
        maxDate(c.freeFrom, addDays(meeting.date, -16)),
        addDays(meeting.date, -2),
      );
      if (!referredOn) {
        candidates.unshift(c); // left a roll too recently for this meeting: try a later one
        continue;
      }
      const yearGroup = yearGroupFor(c.dateOfBirth, academicYearOf(referredOn));
      if (yearGroup === null || yearGroup > 11 || yearGroup < 0) continue;
      const categories = categoriesFor(rng, c);
      const r = await attempt(() =>
        referForFairAccess(deps, officer, {
          pupilId: c.id,
          referringParty: c.excluded ? 'LA_SERVICE' : rng.pick(['LA_SERVICE', 'PARENT_CARER'] as const),
          referrerName: c.excluded
            ? 'Inclusion and attendance team'
            : rng.pick(['Admissions team', 'Parent', 'Early help worker', 'Virtual school']),
          referredOn,
          categories,
          yearGroupSought: yearGroup,
          context: CONTEXT[categories[0]!] ?? 'Referred for a school place.',
          previousSchoolIds: c.lastSchoolId ? [c.lastSchoolId] : [],
          recentExclusion: c.excluded,
          recentExclusionNote: c.excluded ? 'Permanent exclusion from the previous school.' : null,
          inYearAttempts: categories.includes('PLACE_NOT_SOUGHT_EXCEPTIONAL')
            ? null
            : 'In-year applications to the nearest schools refused as full.',
          agreedToConsiderOn: minDate(nextSchoolDay(referredOn, rng.int(1, 2)), meeting.date),
        }),
      );
      if (!r) continue;
      out.referrals++;
      if (r.route !== 'PANEL') continue;
      fresh.push({
        referralId: r.id,
        pupil: c,
        yearGroup,
        referredOn,
        decisionId: null,
        deferred: false,
        refusedBy: [],
      });
    }

    // A few cases agreed some weeks ago are still waiting for information: left undecided, they become overdue (rule F1).
    if (overdueWindow && fresh.length > 1) fresh.shift();

    for (const c of [...waiting.splice(0), ...fresh]) {
      const outcome =
        recent && !c.deferred
          ? rng.weighted([
              ['ALLOCATE_SCHOOL', 6],
              ['DEFER', 1],
            ] as const)
          : c.deferred
            ? rng.weighted([
                ['ALLOCATE_SCHOOL', 8],
                ['AP_PLACEMENT', 1],
                ['WITHDRAWN', 1],
              ] as const)
            : rng.weighted([
                ['ALLOCATE_SCHOOL', 55],
                ['AP_PLACEMENT', 9],
                ['DEFER', 13],
                ['NOT_ELIGIBLE', 8],
                ['WITHDRAWN', 4],
              ] as const);
      const base = {
        referralId: c.referralId,
        meetingId: meeting.id,
        decidedBy: 'Fair access panel (chair: head of admissions)',
        supersedesDecisionId: c.decisionId,
      };

      if (outcome === 'DEFER' && laterMeeting) {
        const d = await attempt(() =>
          recordPanelDecision(deps, panel, {
            ...base,
            outcome,
            deferredToMeetingId: laterMeeting.id,
            rationale: 'Deferred for the AP assessment report and the previous school’s records.',
          }),
        );
        if (d) {
          out.decisions++;
          if (laterMeeting.date <= today) waiting.push({ ...c, decisionId: d.id, deferred: true });
        }
        continue;
      }
      if (outcome === 'NOT_ELIGIBLE' || outcome === 'WITHDRAWN' || (outcome === 'DEFER' && !laterMeeting)) {
        const rationale =
          outcome === 'WITHDRAWN'
            ? 'Family moved out of the LA before the meeting.'
            : 'A suitable place was offered in-year and accepted; not a fair access case.';
        if (
          await attempt(() =>
            recordPanelDecision(deps, panel, {
              ...base,
              outcome: outcome === 'DEFER' ? 'WITHDRAWN' : outcome,
              rationale,
            }),
          )
        )
          out.decisions++;
        continue;
      }
      if (outcome === 'AP_PLACEMENT' && provider) {
        const start = nextSchoolDay(meeting.date, rng.int(2, 5));
        const d = await attempt(() =>
          recordPanelDecision(deps, panel, {
            ...base,
            outcome,
            rationale: 'Not yet ready for mainstream: an assessment place at the PRU first.',
            placement: {
              providerId: provider.id,
              // A panel places a child awaiting a school place (the one placement input requires a reason).
              reason: 'AWAITING_SCHOOL_PLACE',
              tier: 'TIER_2_TIME_LIMITED',
              startDate: start,
              plannedEndDate: nextSchoolDay(start, 60),
              hoursPerWeek: 25,
              registration: 'SINGLE_REGISTERED_AT_AP',
              objectives: 'Assess needs; re-engage with learning; rebuild attendance.',
              reintegrationPlan: 'Back to the panel for a mainstream place after the 12-week review.',
              registrationConfirmed: true,
            },
          }),
        );
        if (d) out.decisions++;
        continue;
      }

      // Allocation: the whose-turn school, now and then overridden with the panel's reason.
      const { ranking } = await whoseTurnFor(prisma, la.id, c.yearGroup, meeting.date, {
        excludeSchoolIds: [...(c.pupil.lastSchoolId ? [c.pupil.lastSchoolId] : []), ...c.refusedBy],
        ignoreReferralId: c.referralId,
      });
      if (!ranking.length) continue;
      const override = ranking.length > 2 && rng.chance(0.15);
      const schoolId = override ? ranking[rng.int(1, 2)]!.schoolId : ranking[0]!.schoolId;
      const d = await attempt(() =>
        recordPanelDecision(deps, panel, {
          ...base,
          outcome: 'ALLOCATE_SCHOOL',
          allocatedSchoolId: schoolId,
          admissionDeadline: nextSchoolDay(meeting.date, 10),
          rationale: 'Mainstream place with a transition plan and a key worker.',
          overrideReason: override
            ? rng.pick([
                'Sibling already on roll there.',
                'Nearer home: one bus instead of two.',
                'Specialist nurture provision for this year group.',
              ])
            : null,
        }),
      );
      if (!d) continue;
      out.decisions++;
      const school = await prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
      const respondedOn = minDate(addDays(meeting.date, rng.int(2, 6)), today);
      if (recent && rng.chance(0.3)) continue; // not answered yet

      const refuse =
        rng.chance(0.3) || (!academyDirectionDone && school.type === 'ACADEMY' && i >= 3 && rng.chance(0.5));
      if (!refuse) {
        if (
          !(await attempt(() =>
            recordSchoolResponse(deps, officer, {
              decisionId: d.id,
              outcome: 'ACCEPTED',
              respondedOn,
              reason: 'Place offered; start date agreed with the family.',
            }),
          ))
        )
          continue;
        const startOn = nextSchoolDay(respondedOn, rng.int(1, 8));
        // Some allocated children have still not started (rule F2).
        if (startOn <= today && rng.chance(0.9)) {
          if (
            await attempt(() =>
              recordFairAccessAdmission(deps, officer, {
                referralId: c.referralId,
                schoolId,
                admittedOn: startOn,
                note: 'Started with a transition timetable.',
              }),
            )
          )
            out.admissions++;
        }
        continue;
      }

      const refusal = rng.weighted(REFUSALS);
      if (
        !(await attempt(() =>
          recordSchoolResponse(deps, officer, {
            decisionId: d.id,
            outcome: 'REFUSED',
            respondedOn,
            refusalGrounds: refusal.grounds,
            schoolHasHighProportionChallenging: refusal.high,
            reason: refusal.reason,
          }),
        ))
      )
        continue;
      out.refusals++;
      const route =
        school.type === 'ACADEMY' && !academyDirectionDone
          ? 'SOS'
          : school.type === 'MAINTAINED' && !laDirectionDone
            ? 'LA'
            : null;
      if (route) {
        const requestedOn = addDays(respondedOn, 3);
        const dir = await attempt(() =>
          requestDirection(deps, officer, {
            decisionId: d.id,
            requestedOn,
            note:
              route === 'SOS'
                ? 'Request to DfE for a Secretary of State direction; evidence that the protocol was applied attached.'
                : 'Notice of the LA’s intention to direct.',
          }),
        );
        if (dir) {
          out.directions++;
          if (route === 'SOS') academyDirectionDone = true;
          else laDirectionDone = true;
          const outcomeOn = addDays(requestedOn, route === 'SOS' ? 12 : 17);
          if (outcomeOn <= today) {
            await attempt(() =>
              recordDirectionOutcome(deps, officer, {
                directionId: dir.id,
                outcome: 'DIRECTED',
                outcomeOn,
                note:
                  route === 'SOS'
                    ? 'The Secretary of State directed the academy to admit.'
                    : 'No referral to the adjudicator; the LA directed admission.',
              }),
            );
            const startOn = nextSchoolDay(outcomeOn, 3);
            if (
              startOn <= today &&
              (await attempt(() =>
                recordFairAccessAdmission(deps, officer, {
                  referralId: c.referralId,
                  schoolId,
                  admittedOn: startOn,
                  note: 'Admitted under direction.',
                }),
              ))
            )
              out.admissions++;
          }
          continue;
        }
      }
      // Otherwise the panel re-allocates at its next meeting.
      if (laterMeeting && laterMeeting.date <= today)
        waiting.push({ ...c, decisionId: d.id, deferred: true, refusedBy: [...c.refusedBy, schoolId] });
    }

    if (i % 5 === 2 && !recent)
      if (await managedMove(deps, officer, panel, rng, cal, movers, meeting, today, attempt)) out.admissions++;
  }

  // One currently looked-after child, routed to the LA's own direction powers (rule F4).
  const lac = await prisma.pupil.findFirst({
    where: { homeLaId: la.id, lookedAfter: true, fairAccessReferrals: { none: {} } },
    orderBy: { id: 'asc' },
  });
  if (lac) {
    const yg = yearGroupFor(fromDb(lac.dateOfBirth), academicYearOf(today));
    const referredOn = schoolDayIn(rng, cal, addDays(today, -20), addDays(today, -5));
    if (yg !== null && yg <= 11 && referredOn) {
      const r = await attempt(() =>
        referForFairAccess(deps, officer, {
          pupilId: lac.id,
          referringParty: 'LA_SERVICE',
          referrerName: 'Virtual school',
          referredOn,
          categories: [],
          yearGroupSought: yg,
          context: 'Looked-after child moved placement across the city; needs a new school.',
          currentlyLookedAfter: true,
        }),
      );
      if (r) out.referrals++;
    }
  }

  const open = await prisma.fairAccessReferral.findMany({
    where: { laId: la.id, status: 'OPEN', agreedToConsiderOn: { not: null } },
    select: { agreedToConsiderOn: true },
  });
  out.openOverdue = open.filter((r) => cal.addSchoolDays(fromDb(r.agreedToConsiderOn!), 20) < today).length;
  return out;
}

interface Mover {
  id: string;
  dateOfBirth: string;
  enrolmentId: string;
  schoolId: string;
  onRollFrom: string;
}

/**
 * A managed move (§5.3): a pupil on a secondary roll moves, by agreement, to another school. The
 * receiving school accepts and admits; the old school then takes the pupil off its roll.
 */
async function managedMove(
  deps: UseCaseDeps,
  officer: Actor,
  panel: Actor,
  rng: Rng,
  cal: SchoolCalendar,
  movers: Mover[],
  meeting: { id: string; date: string },
  today: string,
  attempt: <T>(fn: () => Promise<T>) => Promise<T | null>,
): Promise<boolean> {
  const m = movers.pop();
  if (!m) return false;
  const referredOn = schoolDayIn(
    rng,
    cal,
    maxDate(m.onRollFrom, addDays(meeting.date, -14)),
    addDays(meeting.date, -2),
  );
  const yearGroup = referredOn ? yearGroupFor(m.dateOfBirth, academicYearOf(referredOn)) : null;
  if (!referredOn || yearGroup === null || yearGroup < 7 || yearGroup > 11) return false;
  const r = await attempt(() =>
    referForFairAccess(deps, officer, {
      pupilId: m.id,
      referringParty: 'SCHOOL',
      referringSchoolId: m.schoolId,
      referrerName: 'Head of year',
      referredOn,
      categories: ['SEN_NO_EHCP_DISABILITY_MEDICAL'],
      yearGroupSought: yearGroup,
      previousSchoolIds: [m.schoolId],
      context: 'Relationships at school have broken down; the family asks for a fresh start elsewhere.',
      inYearAttempts: 'In-year application to a nearby school refused as full.',
      agreedToConsiderOn: referredOn,
    }),
  );
  if (!r) return false;
  const { ranking } = await whoseTurnFor(deps.prisma, officer.laId, yearGroup, meeting.date, {
    excludeSchoolIds: [m.schoolId],
  });
  const to = ranking[0]?.schoolId;
  if (!to) return false;
  const d = await attempt(() =>
    recordPanelDecision(deps, panel, {
      referralId: r.id,
      meetingId: meeting.id,
      outcome: 'MANAGED_MOVE',
      allocatedSchoolId: to,
      decidedBy: 'Fair access panel (chair: head of admissions)',
      rationale: 'Managed move agreed by the family and both schools; information shared so support starts on day one.',
    }),
  );
  if (!d) return false;
  await attempt(() =>
    recordSchoolResponse(deps, officer, {
      decisionId: d.id,
      outcome: 'ACCEPTED',
      respondedOn: cal.addSchoolDays(meeting.date, 1),
      reason: 'Agreed at the panel.',
    }),
  );
  const startOn = cal.addSchoolDays(meeting.date, 5);
  if (startOn > today) return false;
  const admitted = await attempt(() =>
    recordFairAccessAdmission(deps, officer, {
      referralId: r.id,
      schoolId: to,
      admittedOn: startOn,
      note: 'Managed move: started.',
    }),
  );
  if (!admitted) return false;
  await attempt(() =>
    recordLeavingRoll(deps, officer, {
      enrolmentId: m.enrolmentId,
      endDate: addDays(startOn, -1),
      category: 'TRANSFERRED_TO_SCHOOL',
      endReason: 'Managed move through the fair access panel.',
    }),
  );
  return true;
}

/** Pupils on a mainstream secondary roll today (and not in AP), Years 8–10: candidates for a managed move. */
async function loadMovers(prisma: PrismaClient, laId: string, today: string): Promise<Mover[]> {
  const rows = await prisma.enrolment.findMany({
    where: {
      endDate: null,
      school: { laId, phase: 'SECONDARY', type: { in: ['MAINTAINED', 'ACADEMY'] } },
      pupil: {
        homeLaId: laId,
        lookedAfter: false,
        senStatus: { not: 'EHCP' },
        fairAccessReferrals: { none: {} },
        placements: { none: {} },
      },
      startDate: { lte: new Date(`${addDays(today, -400)}T00:00:00Z`) },
    },
    include: { pupil: true },
    orderBy: { id: 'asc' },
    take: 400,
  });
  return rows
    .filter((e) => [8, 9, 10].includes(yearGroupFor(fromDb(e.pupil.dateOfBirth), academicYearOf(today)) ?? -1))
    .map((e) => ({
      id: e.pupilId,
      dateOfBirth: fromDb(e.pupil.dateOfBirth),
      enrolmentId: e.id,
      schoolId: e.schoolId,
      onRollFrom: fromDb(e.startDate),
    }));
}

async function scheduleMeetings(deps: UseCaseDeps, panel: Actor, cal: SchoolCalendar, today: string) {
  const out: { id: string; date: string }[] = [];
  // Every third Wednesday in term for the year, plus the next one ahead.
  let d = addDays(today, -364);
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 3) d = addDays(d, 1);
  const limit = addDays(today, 28);
  let scheduledAhead = false;
  for (; d <= limit && !scheduledAhead; d = addDays(d, 21)) {
    const date = cal.isSchoolDay(d) ? d : cal.addSchoolDays(d, 1);
    if (date > today) scheduledAhead = true;
    const m = await schedulePanelMeeting(deps, panel, {
      meetingDate: date,
      attendingOrganisations: [
        'LA admissions',
        'LA inclusion service',
        'Primary headteachers',
        'Secondary headteachers',
        'Virtual school',
        'Pupil referral unit',
      ],
      notes: date > today ? 'Scheduled.' : null,
    });
    out.push({ id: m.id, date });
  }
  return out;
}

/** Pupils of the LA on no roll and in no AP today, of school age, without an EHC plan and never referred. */
async function loadCandidates(prisma: PrismaClient, laId: string, today: string): Promise<Candidate[]> {
  const pupils = await prisma.pupil.findMany({
    where: { homeLaId: laId, lookedAfter: false, senStatus: { not: 'EHCP' }, fairAccessReferrals: { none: {} } },
    include: { enrolments: { include: { school: { select: { laId: true } } } }, placements: true },
    orderBy: { id: 'asc' },
  });
  const out: Candidate[] = [];
  for (const p of pupils) {
    const busy = [...p.enrolments, ...p.placements].some((x) => !x.endDate || fromDb(x.endDate) >= today);
    if (busy) continue;
    const yg = yearGroupFor(fromDb(p.dateOfBirth), academicYearOf(today));
    if (yg === null || yg < 1 || yg > 11) continue;
    const last = [...p.enrolments].sort((a, b) => (a.endDate! < b.endDate! ? 1 : -1))[0];
    const ends = [...p.enrolments, ...p.placements].map((x) => fromDb(x.endDate!));
    out.push({
      id: p.id,
      dateOfBirth: fromDb(p.dateOfBirth),
      senStatus: p.senStatus,
      socialCareStatus: p.socialCareStatus,
      lookedAfter: p.lookedAfter,
      freeFrom: ends.length ? addDays(ends.sort().at(-1)!, 1) : addDays(today, -400),
      lastSchoolId: last && last.school.laId === laId ? last.schoolId : null,
      excluded: last?.endCategory === 'PERMANENT_EXCLUSION',
    });
  }
  return out;
}

function categoriesFor(rng: Rng, c: Candidate): FapCategory[] {
  const out = new Set<FapCategory>();
  if (c.excluded) out.add('AP_REINTEGRATION_OR_PEX');
  if (c.socialCareStatus !== 'NONE' && rng.chance(0.7)) out.add('CIN_OR_CP_PLAN');
  if (c.senStatus === 'SEN_SUPPORT' && rng.chance(0.5)) out.add('SEN_NO_EHCP_DISABILITY_MEDICAL');
  if (!out.size || rng.chance(0.25)) out.add(rng.weighted(OTHER_CATEGORIES));
  return [...out];
}

function schoolDayIn(rng: Rng, cal: SchoolCalendar, from: string, to: string): string | null {
  if (to < from) return null;
  for (let tries = 0; tries < 20; tries++) {
    const d = addDays(from, rng.int(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)));
    if (cal.isSchoolDay(d)) return d;
  }
  return null;
}

const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);
