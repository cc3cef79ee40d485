import type { PrismaClient } from '../../src/generated/prisma/client';
import { IDS, makeUpn } from './fixtures';

/**
 * A hand-built world for the report tests, written straight into the database so every figure can be
 * counted by hand. The report period is the spring term 2025-26 on Sheffield's calendar (LA 373):
 * Mon 5 Jan – Sun 12 Apr 2026 (the summer term starts Mon 13 Apr after Easter). School days that
 * spring: 5 Jan – 13 Feb (30), half-term 16–20 Feb, 23 Feb – 27 Mar (25). Autumn 2025: every weekday
 * from Mon 1 Sep to Fri 19 Dec except half-term 27–31 Oct.
 *
 * Pupils (year groups in 2025-26; LA 373 unless said):
 *   P1  F, SEN support, FSM, WBRI, Y10, on roll Hillside (secondaryA). Two placements:
 *       1a PRU, commissioned by Hillside, suspension, tier 2, 5 Jan (first day) – 13 Feb → mainstream Hillside;
 *          reintegration from 23 Feb, SUSTAINED.
 *       1b Pathways (unregistered), Hillside, early intervention, tier 1, from 2 Mar, open, 6 h.
 *   P2  M, EHCP, looked after, no ethnicity, Y10, on roll Riverside (academyA). A transfer:
 *       2a PRU, LA, EHCP named, tier 3, 3 Nov 2025 – 30 Jan (planned 16 Jan) → ANOTHER_AP;
 *       2b Bridge (independent), continues 2a, from 2 Feb, open, 25 h.
 *   P3  F, WBRI, Y11, Hillside until 16 Jan (permanently excluded 9 Jan, upheld).
 *       3a PRU, LA, permanent exclusion, tier 2, 19 Jan – 17 Apr (after the period) → NEET.
 *   P4  M, FSM, WBRI, Y10, Hillside. 4a City Boxing (unregistered), Hillside, tier 1, from 13 Apr (day after), 20 h.
 *   P5  F, BCRB, Y11, Hillside. 5a PRU, Hillside off-site direction, tier 2, 2 Mar – 12 Apr (last day) → NEET.
 *   P7  M, Y9, Riverside. 7a PRU, LA, health, tier 2, 8 Sep – 4 Jan (day before) → mainstream Riverside;
 *       reintegration from 5 Jan, BROKEN_DOWN.
 *   P8  F, WBRI, Y9, Riverside. 8a Bridge, LA, health, tier 2, 15 Sep – 20 Mar → mainstream Riverside;
 *       reintegration from 23 Mar, PENDING.
 *   P9  Riverside until 27 Feb, elective home education (M1 candidate).
 *   P10 Riverside until 6 Mar, moved away (explained).
 *   P11 Hillside until 13 Mar, CME/unknown (M1 candidate).
 *   P12 born 2 Feb 2010 (Y10 in 2024-25), Hillside until 28 Nov 2025 (EHE): an M2 loss for Hillside.
 *   P13 born 3 Mar 2010, Riverside until 30 Jun 2025 (transferred), Hillside from 1 Jul 2025: an M2 loss for Riverside.
 *   PX  homed in LA 372, looked after, on roll at Meadow Primary (LA 373): a cross-border pupil on an LA 373 roll.
 *   PB  LA 372: a placement, a reintegration and a flag in the period that must never appear.
 */
export const SPRING_2026 = { academicYear: '2025-26', term: 'SPRING' } as const;

type Sen = 'NONE' | 'SEN_SUPPORT' | 'EHCP';

const d = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

const IDENTIFIER: Record<string, { providerUrn?: string; providerUkprn?: string; settingType?: string }> = {
  [IDS.pru]: { providerUrn: '900005' },
  [IDS.independentAp]: { providerUrn: '900006' },
  [IDS.unregUkprn]: { providerUkprn: '10012345' },
  [IDS.unregSetting]: { settingType: 'OTH' },
  [IDS.unregB]: { settingType: 'OTH' },
};

export async function pupil(
  prisma: PrismaClient,
  o: {
    dob: string;
    sex?: 'F' | 'M';
    sen?: Sen;
    lac?: boolean;
    fsm?: boolean;
    socialCare?: 'NONE' | 'CHILD_IN_NEED';
    ethnicity?: string | null;
    laId?: string;
  },
) {
  const laId = o.laId ?? IDS.laA;
  const p = await prisma.pupil.create({
    data: {
      upn: makeUpn(laId === IDS.laB ? '372' : '373'),
      firstName: 'Report',
      lastName: 'Pupil',
      dateOfBirth: d(o.dob)!,
      sex: o.sex ?? 'F',
      ethnicityCode: o.ethnicity ?? null,
      senStatus: o.sen ?? 'NONE',
      lookedAfter: o.lac ?? false,
      fsmEligible: o.fsm ?? false,
      socialCareStatus: o.socialCare ?? 'NONE',
      homeLaId: laId,
    },
  });
  return p.id;
}

export async function enrol(
  prisma: PrismaClient,
  pupilId: string,
  schoolId: string,
  start: string,
  end?: {
    on: string;
    category:
      | 'PERMANENT_EXCLUSION'
      | 'ELECTIVE_HOME_EDUCATION'
      | 'TRANSFERRED_TO_SCHOOL'
      | 'MOVED_AWAY'
      | 'PHASE_TRANSITION'
      | 'CME_OR_UNKNOWN'
      | 'OTHER';
  },
  registration: 'SINGLE' | 'MAIN' | 'SUBSIDIARY' = 'SINGLE',
) {
  await prisma.enrolment.create({
    data: {
      pupilId,
      schoolId,
      registration,
      startDate: d(start)!,
      endDate: d(end?.on),
      endCategory: end?.category ?? null,
      endReason: end ? 'left' : null,
    },
  });
}

export interface PlaceOpts {
  pupilId: string;
  providerId: string;
  laId?: string;
  /** Commissioning school; omitted = LA-commissioned. */
  school?: string;
  reason:
    | 'PERMANENT_EXCLUSION'
    | 'SUSPENSION_OVER_FIVE_DAYS'
    | 'OFF_SITE_DIRECTION'
    | 'BEHAVIOUR_EARLY_INTERVENTION'
    | 'HEALTH_NEEDS'
    | 'AWAITING_SCHOOL_PLACE'
    | 'EHCP_NAMED'
    | 'OTHER';
  legalBasis:
    | 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION'
    | 'SCHOOL_DAY_SIX_SUSPENSION'
    | 'S29A_OFF_SITE_DIRECTION'
    | 'SCHOOL_COMMISSIONED'
    | 'S19_HEALTH'
    | 'S19_OTHER'
    | 'S42_EHC_PLAN';
  tier: 'TIER_1_TARGETED_SUPPORT' | 'TIER_2_TIME_LIMITED' | 'TIER_3_TRANSITIONAL';
  start: string;
  plannedEnd?: string;
  end?: string;
  destination?:
    | 'MAINSTREAM_SCHOOL'
    | 'SPECIAL_SCHOOL'
    | 'ANOTHER_AP'
    | 'POST16_EET'
    | 'NEET'
    | 'ELECTIVE_HOME_EDUCATION'
    | 'MOVED_OUT_OF_LA'
    | 'CHILDREN_MISSING_EDUCATION'
    | 'OTHER';
  destinationSchoolId?: string;
  hours?: number;
  registration?: 'DUAL_REGISTERED' | 'SINGLE_REGISTERED_AT_AP' | 'HOME_SCHOOL_ONLY';
  previousPlacementId?: string;
}

export async function place(prisma: PrismaClient, o: PlaceOpts): Promise<string> {
  const p = await prisma.placement.create({
    data: {
      pupilId: o.pupilId,
      providerId: o.providerId,
      laId: o.laId ?? IDS.laA,
      commissionerKind: o.school ? 'SCHOOL' : 'LA',
      commissioningSchoolId: o.school ?? null,
      reason: o.reason,
      reasonOther: o.reason === 'OTHER' ? 'Mentoring' : null,
      legalBasis: o.legalBasis,
      tier: o.tier,
      ...IDENTIFIER[o.providerId],
      startDate: d(o.start)!,
      plannedEndDate: d(o.plannedEnd),
      endDate: d(o.end),
      hoursPerWeek: o.hours ?? 25,
      registration: o.registration ?? 'DUAL_REGISTERED',
      objectives: 'Objectives',
      reintegrationPlan: 'Plan',
      registrationConfirmed: true,
      nextReviewDue: d(o.start)!,
      directionNoticeDate: o.reason === 'OFF_SITE_DIRECTION' ? d('2026-02-20') : null,
      directionNotice:
        o.reason === 'OFF_SITE_DIRECTION'
          ? { address: 'x', personToReportTo: 'y', numberOfDays: 30, reasonsAndObjectives: 'z', sessionTimes: '9-3' }
          : undefined,
      status: o.end ? 'ENDED' : 'OPEN',
      destination: o.destination ?? null,
      destinationSchoolId: o.destinationSchoolId ?? null,
      previousPlacementId: o.previousPlacementId ?? null,
    },
  });
  return p.id;
}

async function reintegrate(
  prisma: PrismaClient,
  pupilId: string,
  placementId: string,
  schoolId: string,
  start: string,
  status: 'PENDING' | 'SUSTAINED' | 'BROKEN_DOWN',
) {
  await prisma.reintegration.create({ data: { pupilId, placementId, schoolId, startDate: d(start)!, status } });
}

async function reviews(prisma: PrismaClient, placementId: string, dates: string[]) {
  for (const r of dates)
    await prisma.placementReview.create({
      data: { placementId, reviewDate: d(r)!, outcome: 'CONTINUE', notes: 'Reviewed' },
    });
}

export interface ReportWorld {
  pupils: Record<string, string>;
  placements: Record<string, string>;
}

const LA = { laId: IDS.laA };

export async function buildReportWorld(prisma: PrismaClient): Promise<ReportWorld> {
  const P = {
    P1: await pupil(prisma, { dob: '2011-05-10', sen: 'SEN_SUPPORT', fsm: true, ethnicity: 'WBRI' }),
    P2: await pupil(prisma, { dob: '2010-10-01', sex: 'M', sen: 'EHCP', lac: true }),
    P3: await pupil(prisma, { dob: '2010-05-01', ethnicity: 'WBRI' }),
    P4: await pupil(prisma, { dob: '2011-03-03', sex: 'M', fsm: true, ethnicity: 'WBRI' }),
    P5: await pupil(prisma, { dob: '2009-12-01', ethnicity: 'BCRB' }),
    P7: await pupil(prisma, { dob: '2012-01-15', sex: 'M' }),
    P8: await pupil(prisma, { dob: '2012-06-01', ethnicity: 'WBRI' }),
    P9: await pupil(prisma, { dob: '2012-02-01' }),
    P10: await pupil(prisma, { dob: '2012-02-02' }),
    P11: await pupil(prisma, { dob: '2012-02-03' }),
    P12: await pupil(prisma, { dob: '2010-02-02' }),
    P13: await pupil(prisma, { dob: '2010-03-03' }),
    PX: await pupil(prisma, { dob: '2016-03-01', laId: IDS.laB, lac: true }),
    PB: await pupil(prisma, { dob: '2011-05-10', laId: IDS.laB, sen: 'EHCP' }),
  };
  const hill = IDS.secondaryA;
  const river = IDS.academyA;
  await enrol(prisma, P.P1, hill, '2022-09-01');
  await enrol(prisma, P.P2, river, '2022-09-01');
  await enrol(prisma, P.P3, hill, '2021-09-01', { on: '2026-01-16', category: 'PERMANENT_EXCLUSION' });
  await enrol(prisma, P.P4, hill, '2022-09-01');
  await enrol(prisma, P.P5, hill, '2021-09-01');
  await enrol(prisma, P.P5, river, '2026-01-05', { on: '2026-03-10', category: 'OTHER' }, 'SUBSIDIARY');
  await enrol(prisma, P.P7, river, '2023-09-01');
  await enrol(prisma, P.P8, river, '2023-09-01');
  await enrol(prisma, P.P9, river, '2023-09-01', { on: '2026-02-27', category: 'ELECTIVE_HOME_EDUCATION' });
  await enrol(prisma, P.P10, river, '2023-09-01', { on: '2026-03-06', category: 'MOVED_AWAY' });
  await enrol(prisma, P.P11, hill, '2023-09-01', { on: '2026-03-13', category: 'CME_OR_UNKNOWN' });
  await enrol(prisma, P.P12, hill, '2021-09-01', { on: '2025-11-28', category: 'ELECTIVE_HOME_EDUCATION' });
  await enrol(prisma, P.P13, river, '2021-09-01', { on: '2025-06-30', category: 'TRANSFERRED_TO_SCHOOL' });
  await enrol(prisma, P.P13, hill, '2025-07-01');
  await enrol(prisma, P.PX, IDS.primaryA, '2021-09-01');
  await enrol(prisma, P.PB, IDS.secondaryB, '2022-09-01');

  await prisma.exclusion.createMany({
    data: [
      {
        pupilId: P.P3,
        schoolId: hill,
        kind: 'PERMANENT',
        startDate: d('2026-01-09')!,
        reasonCategory: 'PHYSICAL_ASSAULT_ADULT',
        academicYear: '2025-26',
        governorOutcome: 'UPHELD',
        governorDecisionDate: d('2026-01-16'),
      },
      // Reinstated by governors: not a permanent exclusion in the profile.
      {
        pupilId: P.P7,
        schoolId: river,
        kind: 'PERMANENT',
        startDate: d('2026-02-02')!,
        reasonCategory: 'DRUG_AND_ALCOHOL',
        academicYear: '2025-26',
        governorOutcome: 'REINSTATED',
        governorDecisionDate: d('2026-02-10'),
      },
    ],
  });

  const pl: Record<string, string> = {};
  pl['1a'] = await place(prisma, {
    pupilId: P.P1,
    providerId: IDS.pru,
    school: hill,
    reason: 'SUSPENSION_OVER_FIVE_DAYS',
    legalBasis: 'SCHOOL_DAY_SIX_SUSPENSION',
    tier: 'TIER_2_TIME_LIMITED',
    start: '2026-01-05',
    plannedEnd: '2026-02-13',
    end: '2026-02-13',
    destination: 'MAINSTREAM_SCHOOL',
    destinationSchoolId: hill,
  });
  pl['1b'] = await place(prisma, {
    pupilId: P.P1,
    providerId: IDS.unregUkprn,
    school: hill,
    reason: 'BEHAVIOUR_EARLY_INTERVENTION',
    legalBasis: 'SCHOOL_COMMISSIONED',
    tier: 'TIER_1_TARGETED_SUPPORT',
    start: '2026-03-02',
    hours: 6,
    registration: 'HOME_SCHOOL_ONLY',
  });
  pl['2a'] = await place(prisma, {
    pupilId: P.P2,
    providerId: IDS.pru,
    reason: 'EHCP_NAMED',
    legalBasis: 'S42_EHC_PLAN',
    tier: 'TIER_3_TRANSITIONAL',
    start: '2025-11-03',
    plannedEnd: '2026-01-16',
    end: '2026-01-30',
    destination: 'ANOTHER_AP',
  });
  pl['2b'] = await place(prisma, {
    pupilId: P.P2,
    providerId: IDS.independentAp,
    reason: 'EHCP_NAMED',
    legalBasis: 'S42_EHC_PLAN',
    tier: 'TIER_3_TRANSITIONAL',
    start: '2026-02-02',
    previousPlacementId: pl['2a'],
  });
  pl['3a'] = await place(prisma, {
    pupilId: P.P3,
    providerId: IDS.pru,
    reason: 'PERMANENT_EXCLUSION',
    legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
    tier: 'TIER_2_TIME_LIMITED',
    start: '2026-01-19',
    plannedEnd: '2026-03-27',
    end: '2026-04-17',
    destination: 'NEET',
  });
  pl['4a'] = await place(prisma, {
    pupilId: P.P4,
    providerId: IDS.unregSetting,
    school: hill,
    reason: 'OTHER',
    legalBasis: 'SCHOOL_COMMISSIONED',
    tier: 'TIER_1_TARGETED_SUPPORT',
    start: '2026-04-13',
    hours: 20,
    registration: 'HOME_SCHOOL_ONLY',
  });
  pl['5a'] = await place(prisma, {
    pupilId: P.P5,
    providerId: IDS.pru,
    school: hill,
    reason: 'OFF_SITE_DIRECTION',
    legalBasis: 'S29A_OFF_SITE_DIRECTION',
    tier: 'TIER_2_TIME_LIMITED',
    start: '2026-03-02',
    plannedEnd: '2026-04-12',
    end: '2026-04-12',
    destination: 'NEET',
  });
  pl['7a'] = await place(prisma, {
    pupilId: P.P7,
    providerId: IDS.pru,
    reason: 'HEALTH_NEEDS',
    legalBasis: 'S19_HEALTH',
    tier: 'TIER_2_TIME_LIMITED',
    start: '2025-09-08',
    plannedEnd: '2025-12-19',
    end: '2026-01-04',
    destination: 'MAINSTREAM_SCHOOL',
    destinationSchoolId: river,
  });
  pl['8a'] = await place(prisma, {
    pupilId: P.P8,
    providerId: IDS.independentAp,
    reason: 'HEALTH_NEEDS',
    legalBasis: 'S19_HEALTH',
    tier: 'TIER_2_TIME_LIMITED',
    start: '2025-09-15',
    plannedEnd: '2026-03-20',
    end: '2026-03-20',
    destination: 'MAINSTREAM_SCHOOL',
    destinationSchoolId: river,
  });
  pl.B = await place(prisma, {
    ...LA,
    laId: IDS.laB,
    pupilId: P.PB,
    providerId: IDS.unregB,
    reason: 'HEALTH_NEEDS',
    legalBasis: 'S19_HEALTH',
    tier: 'TIER_2_TIME_LIMITED',
    start: '2025-12-01',
    plannedEnd: '2026-02-06',
    end: '2026-02-06',
    destination: 'MAINSTREAM_SCHOOL',
    destinationSchoolId: IDS.secondaryB,
  });
  pl.B2 = await place(prisma, {
    laId: IDS.laB,
    pupilId: P.PB,
    providerId: IDS.unregB,
    reason: 'HEALTH_NEEDS',
    legalBasis: 'S19_HEALTH',
    tier: 'TIER_1_TARGETED_SUPPORT',
    start: '2026-03-02',
    hours: 10,
  });

  await reintegrate(prisma, P.P1, pl['1a'], hill, '2026-02-23', 'SUSTAINED');
  await reintegrate(prisma, P.P7, pl['7a'], river, '2026-01-05', 'BROKEN_DOWN');
  await reintegrate(prisma, P.P8, pl['8a'], river, '2026-03-23', 'PENDING');
  await reintegrate(prisma, P.PB, pl.B, IDS.secondaryB, '2026-02-09', 'SUSTAINED');

  await reviews(prisma, pl['2a'], ['2025-12-05']);
  await reviews(prisma, pl['3a'], ['2026-02-27']);
  await reviews(prisma, pl['8a'], ['2025-10-20', '2025-12-01', '2026-01-12', '2026-03-02']);

  const flag = (
    laId: string,
    providerId: string,
    severity: 'CRIT' | 'HIGH' | 'MED' | 'INFO',
    status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED',
    n: number,
  ) =>
    prisma.flag.create({
      data: {
        ruleId: `T${n}`,
        outcome: 'x',
        severity,
        subjectType: 'PROVIDER',
        subjectId: providerId,
        laId,
        providerId,
        title: 'Test flag',
        evidence: {},
        configVersion: 't',
        status,
      },
    });
  await flag(IDS.laA, IDS.pru, 'HIGH', 'OPEN', 1);
  await flag(IDS.laA, IDS.pru, 'MED', 'ACKNOWLEDGED', 2);
  await flag(IDS.laA, IDS.pru, 'INFO', 'RESOLVED', 3);
  await flag(IDS.laB, IDS.unregB, 'CRIT', 'OPEN', 4);

  await buildFairAccess(prisma, P);
  return { pupils: P, placements: pl };
}

/**
 * Fair access in the same spring term:
 *   R1 referred 7 Jan, agreed 8 Jan, allocated Riverside at the 20 Jan meeting (8 school days), admitted 2 Feb
 *      (18 school days from referral).
 *   R2 referred and agreed 12 Jan, deferred on 20 Jan, allocated Hillside on 10 Feb (21 school days: late);
 *      Hillside refused on 12 Feb; an LA direction was requested on 20 Feb and made on 1 Mar.
 *   R3 referred 1 Dec 2025 (before the period), not eligible. R4 referred 2 Mar, open. RB: LA 372.
 */
async function buildFairAccess(prisma: PrismaClient, P: Record<string, string>) {
  const meeting = (laId: string, on: string) =>
    prisma.fairAccessPanelMeeting
      .create({ data: { laId, meetingDate: d(on)!, attendingOrganisations: ['LA'], createdBy: 'test' } })
      .then((m) => m.id);
  const referral = (o: {
    laId?: string;
    pupilId: string;
    referredOn: string;
    agreed?: string;
    status: 'OPEN' | 'ALLOCATED' | 'ADMITTED' | 'NOT_ELIGIBLE';
    admittedOn?: string;
    admittedSchoolId?: string;
  }) =>
    prisma.fairAccessReferral
      .create({
        data: {
          laId: o.laId ?? IDS.laA,
          pupilId: o.pupilId,
          referringParty: 'LA_SERVICE',
          referrerName: 'Officer',
          referredOn: d(o.referredOn)!,
          categories: ['AP_REINTEGRATION_OR_PEX'],
          route: 'PANEL',
          status: o.status,
          yearGroupSought: 10,
          senStatus: 'NONE',
          currentlyLookedAfter: false,
          context: 'Needs a school place',
          previousSchoolIds: [],
          agreedToConsiderOn: d(o.agreed),
          admittedOn: d(o.admittedOn),
          admittedSchoolId: o.admittedSchoolId ?? null,
          createdBy: 'test',
        },
      })
      .then((r) => r.id);
  const decide = (
    referralId: string,
    meetingId: string,
    outcome: 'ALLOCATE_SCHOOL' | 'DEFER',
    x: { school?: string; deadline?: string; deferTo?: string; supersedes?: string } = {},
  ) =>
    prisma.fairAccessDecision
      .create({
        data: {
          referralId,
          meetingId,
          outcome,
          rationale: 'Decided',
          decidedBy: 'Panel',
          recordedBy: 'test',
          allocatedSchoolId: x.school ?? null,
          admissionDeadline: d(x.deadline),
          deferredToMeetingId: x.deferTo ?? null,
          supersedesId: x.supersedes ?? null,
        },
      })
      .then((r) => r.id);

  const m1 = await meeting(IDS.laA, '2026-01-20');
  const m2 = await meeting(IDS.laA, '2026-02-10');
  const mb = await meeting(IDS.laB, '2026-01-20');
  const r1 = await referral({
    pupilId: P.P9!,
    referredOn: '2026-01-07',
    agreed: '2026-01-08',
    status: 'ADMITTED',
    admittedOn: '2026-02-02',
    admittedSchoolId: IDS.academyA,
  });
  await decide(r1, m1, 'ALLOCATE_SCHOOL', { school: IDS.academyA, deadline: '2026-01-30' });
  const r2 = await referral({ pupilId: P.P10!, referredOn: '2026-01-12', agreed: '2026-01-12', status: 'ALLOCATED' });
  const deferred = await decide(r2, m1, 'DEFER', { deferTo: m2 });
  const d2 = await decide(r2, m2, 'ALLOCATE_SCHOOL', {
    school: IDS.secondaryA,
    deadline: '2026-02-24',
    supersedes: deferred,
  });
  await prisma.fairAccessSchoolResponse.create({
    data: {
      decisionId: d2,
      referralId: r2,
      schoolId: IDS.secondaryA,
      requestedOn: d('2026-02-10')!,
      respondedOn: d('2026-02-12')!,
      outcome: 'REFUSED',
      refusalGrounds: ['PREVIOUS_ATTENDANCE'],
      reason: 'Attendance',
      onForbiddenGround: true,
      recordedBy: 'test',
    },
  });
  await prisma.fairAccessDirection.create({
    data: {
      decisionId: d2,
      referralId: r2,
      schoolId: IDS.secondaryA,
      route: 'LA_DIRECTION',
      basis: 'REFUSAL',
      requestedOn: d('2026-02-20')!,
      note: 'Direct',
      outcome: 'DIRECTED',
      outcomeOn: d('2026-03-01'),
      recordedBy: 'test',
    },
  });
  await referral({ pupilId: P.P11!, referredOn: '2025-12-01', status: 'NOT_ELIGIBLE' });
  await referral({ pupilId: P.P12!, referredOn: '2026-03-02', status: 'OPEN' });
  const rb = await referral({
    laId: IDS.laB,
    pupilId: P.PB!,
    referredOn: '2026-01-07',
    agreed: '2026-01-08',
    status: 'ALLOCATED',
  });
  await decide(rb, mb, 'ALLOCATE_SCHOOL', { school: IDS.secondaryB, deadline: '2026-01-30' });
}

// ---------- GraphQL selections: every figure of every report, so tests can compare them all with the CSV ----------
const C = '{ value suppressed }';
const STATS = `{ stays ${C} median ${C} p75 ${C} p90 ${C} max ${C} }`;
const META =
  'meta { report period { from to label } filter { providerId schoolId phase } suppressed suppressionThreshold calendarSource generatedAt source rollupRefreshedAt }';
const REINT = `{ key label attempted ${C} sustained ${C} brokenDown ${C} pending ${C} rate ${C} }`;
const ARGS = '$p: ReportPeriodInput!, $f: ReportFilterInput, $s: Boolean';
const PASS = 'period: $p, filter: $f, forSharing: $s';

export const Q = {
  MOVEMENT_SUMMARY: `query(${ARGS}) { r: movementSummary(${PASS}) { ${META} entries ${C} exits ${C} transfersIn ${C} newToAp ${C} pupilsEntering ${C} safeguardingSeparations ${C}
    breakdowns { dimension rows { key label entries ${C} exits ${C} } } } }`,
  AP_POPULATION: `query($on: LocalDate, $f: ReportFilterInput, $s: Boolean) { r: apPopulation(on: $on, filter: $f, forSharing: $s) { ${META} on placements ${C} pupils ${C}
    byProvider { providerId label kind placements ${C} pupils ${C} } byTier { key label placements ${C} pupils ${C} }
    byRegistration { key label placements ${C} pupils ${C} } byProviderKind { key label placements ${C} pupils ${C} }
    unregistered { placements ${C} pupils ${C} fullTimePupils ${C} partTimePupils ${C} fullTimeThresholdHours } } }`,
  STAY_LENGTHS: `query(${ARGS}) { r: stayLengthReport(${PASS}) { ${META} asOf rows { group key label closed ${STATS} open ${STATS} } } }`,
  REINTEGRATION: `query(${ARGS}) { r: reintegrationReport(${PASS}) { ${META} total ${REINT} byProvider ${REINT} byReceivingSchool ${REINT} } }`,
  SCHOOL_MOVEMENT_PROFILE: `query(${ARGS}) { r: schoolMovementProfile(${PASS}) { ${META} year10Census year11Census schools { schoolId name phase numberOnRoll
    pupilsMovedToAp ${C} movedPer100OnRoll ${C} permanentExclusions ${C} offSiteDirections ${C} pupilsOnRollInPeriod ${C}
    disproportionality { characteristic movedWith ${C} movedShare ${C} rollWith ${C} rollShare ${C} ratio ${C} }
    unexplainedExitCandidates ${C} unexplainedExitsByCategory { category count ${C} } year10Cohort ${C} year11RollLosses ${C} year11RollLossRate ${C}
    managedMovesOut ${C} managedMovesIn ${C} inclusionBasePupils ${C} } } }`,
  PROVIDER_SCORECARD: `query(${ARGS}) { r: providerScorecard(${PASS}) { ${META} providers { providerId name kind placementsStarted ${C} outreachEpisodes ${C}
    reintegration ${REINT} post16 { leavers ${C} eet ${C} neet ${C} eetRate ${C} } stayLengths { tier closed ${STATS} overPlannedEnd ${C} }
    reviews { due ${C} onTime ${C} late ${C} onTimeRate ${C} } openFlags { severity count ${C} } openFlagsTotal ${C}
    attendance { status value note } attainment { status value note } } } }`,
  FAIR_ACCESS: `query(${ARGS}) { r: fairAccessReport(${PASS}) { ${META} referrals ${C} outcomes { key label count ${C} } agreedToConsider ${C} placed ${C}
    placedWithinTarget ${C} withinTargetRate ${C} timeToPlace ${STATS} targetSchoolDays timeToAdmit ${STATS} refusals ${C}
    refusalsOnForbiddenGrounds ${C} directionsRequested ${C} directed ${C}
    schools { schoolId name phase numberOnRoll admissions ${C} admissionShare ${C} fairShare ${C} ratioToFairShare ${C} refusals ${C} directionsRequested ${C} directed ${C} } } }`,
  MOVEMENT_TREND: `query(${ARGS}) { r: movementTrend(${PASS}) { ${META} months { label from to entries ${C} exits ${C} pupilsInAp ${C}
    entriesByReason { key label entries ${C} } } } }`,
} as const;

export const CSV_QUERY = `query($r: ReportName!, $p: ReportPeriodInput, $on: LocalDate, $f: ReportFilterInput, $s: Boolean) {
  reportCsv(report: $r, period: $p, on: $on, filter: $f, forSharing: $s) { report filename contentType suppressed rows csv } }`;

/** Every published figure in a GraphQL answer, as written in the CSV ("c" when suppressed, "" when null). */
export function figuresOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) figuresOf(x, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('suppressed' in o && 'value' in o && Object.keys(o).length === 2)
      out.push(o.suppressed ? 'c' : o.value === null ? '' : String(o.value));
    else for (const [k, v] of Object.entries(o)) if (k !== 'meta') figuresOf(v, out);
  }
  return out;
}

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF) for checking exports; csv-parse is not a dependency. */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
