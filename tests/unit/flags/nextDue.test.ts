import { describe, expect, it } from 'vitest';
import { SchoolCalendar, loadBankHolidays } from '../../../src/domain/calendar';
import { addDays } from '../../../src/domain/dates';
import {
  FAIR_SHARE_RULES,
  PLACEMENT_RULES,
  PROVIDER_RULES,
  PUPIL_RULES,
  REFERRAL_RULES,
  evaluateFairShare,
  evaluatePlacement,
  evaluateProvider,
  evaluatePupil,
  evaluateReferral,
} from '../../../src/domain/flags/evaluate';
import {
  FAIR_SHARE_NEXT_DUE,
  PLACEMENT_NEXT_DUE,
  PROVIDER_NEXT_DUE,
  PUPIL_NEXT_DUE,
  REFERRAL_NEXT_DUE,
  bandDue,
  evidenceBand,
  nextDueFairShare,
  nextDuePlacement,
  nextDueProvider,
  nextDuePupil,
  nextDueReferral,
} from '../../../src/domain/flags/nextDue';
import type {
  PlacementSnapshot,
  ProviderSnapshot,
  PupilSnapshot,
  ReferralSnapshot,
} from '../../../src/domain/flags/snapshots';
import { resolveThresholds, type ResolvedThresholds } from '../../../src/domain/flags/thresholds';
import type { FlagCandidate, SchoolDays } from '../../../src/domain/flags/types';
import {
  direction,
  exclusion,
  placement,
  providerFacts,
  providerPlacement,
  providerSnapshot,
  pupilFacts,
  pupilSnapshot,
  referral,
  reintegration,
  response,
} from './fixtures';

/**
 * Issue 18 goal 4: a subject's next-due date must never be later than the first day its rules answer
 * differently (or the due-only scan misses a change). For random snapshots of every kind, each rule's answer
 * is computed for every day of a window; from each day, the next-due date must come no later than the first
 * later day whose flags differ — in key (rule, subject, period) or in evidence band (a dismissed flag reopens
 * when the band grows).
 */
const cal: SchoolDays = new SchoolCalendar(loadBankHolidays());
const T = resolveThresholds([]);
const FROM = '2025-07-01';
const TO = '2026-11-30';

let seed = 4;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const maybe = <T>(x: T, p = 0.5): T | null => (rand() < p ? x : null);
const someDay = () => addDays(FROM, Math.floor(rand() * 500) - 60);

const signature = (cs: FlagCandidate[]) =>
  cs
    .map((c) => `${c.ruleId}|${c.subjectType}|${c.subjectId}|${c.periodKey}|${evidenceBand(c.evidenceScore)}`)
    .sort()
    .join('\n');

type Eval<S> = (s: S, asOf: string, cal: SchoolDays, t: ResolvedThresholds) => FlagCandidate[];
type Due<S> = (
  s: S,
  asOf: string,
  cal: SchoolDays,
  t: ResolvedThresholds,
  c: readonly FlagCandidate[],
) => string | null;

/** Checks one snapshot over the window; returns how many days its flags changed. */
function checkWindow<S>(label: string, s: S, evaluate: Eval<S>, nextDue: Due<S>, t = T): number {
  const days: string[] = [];
  for (let d = FROM; d <= TO; d = addDays(d, 1)) days.push(d);
  const found = days.map((d) => evaluate(s, d, cal, t));
  const sigs = found.map(signature);
  // changeAt[i]: the first later day whose signature differs from day i's (or past the window).
  const changeAt: string[] = new Array(days.length);
  let changes = 0;
  for (let i = days.length - 1; i >= 0; i -= 1) {
    if (i === days.length - 1) changeAt[i] = '9999-12-31';
    else if (sigs[i + 1] !== sigs[i]) {
      changeAt[i] = days[i + 1]!;
      changes += 1;
    } else changeAt[i] = changeAt[i + 1]!;
  }
  for (let i = 0; i < days.length; i += 1) {
    const due = nextDue(s, days[i]!, cal, t, found[i]!);
    if (due !== null) expect(due > days[i]!, `${label}: next-due ${due} is not after ${days[i]}`).toBe(true);
    if (changeAt[i] !== '9999-12-31' && (due === null || due > changeAt[i]!))
      expect.fail(
        `${label}: evaluated on ${days[i]}, next due ${due}, but the flags change on ${changeAt[i]}:\n` +
          `${sigs[i]}\n-->\n${sigs[days.indexOf(changeAt[i]!)]}`,
      );
  }
  return changes;
}

const DOBS = ['2004-07-15', '2010-06-20', '2011-05-10', '2014-08-31', '2015-01-02', '2019-09-30', '2021-02-11'];

function randomPlacement(i: number): PlacementSnapshot {
  const start = someDay();
  const ended = rand() < 0.3;
  const end = ended ? addDays(start, Math.floor(rand() * 200)) : null;
  const base = rand() < 0.25 ? direction : placement;
  return base({
    id: `pl-${i}`,
    provider: providerFacts({
      kind: pick(['REGISTERED_SCHOOL', 'UNREGISTERED', 'UNREGISTERED', 'REGISTERED_INDEPENDENT_SCHOOL'] as const),
    }),
    commissionerKind: pick(['LA', 'SCHOOL'] as const),
    commissioningSchoolId: 'school-home',
    commissioningSchoolType: pick(['MAINTAINED', 'ACADEMY', 'PRU'] as const),
    tier: pick(['TIER_1_TARGETED_SUPPORT', 'TIER_2_TIME_LIMITED', 'TIER_3_TRANSITIONAL'] as const),
    reason: pick([
      'PERMANENT_EXCLUSION',
      'BEHAVIOUR_EARLY_INTERVENTION',
      'HEALTH_NEEDS',
      'OFF_SITE_DIRECTION',
      'OTHER',
    ] as const),
    legalBasis: pick([
      'S19_OTHER',
      'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
      'SCHOOL_COMMISSIONED',
      'S19_HEALTH',
      'S29A_OFF_SITE_DIRECTION',
    ] as const),
    startDate: start,
    plannedEndDate: maybe(addDays(start, Math.floor(rand() * 150)), 0.7),
    endDate: end,
    status: ended ? 'ENDED' : 'OPEN',
    episodeStartDate: maybe(addDays(start, -Math.floor(rand() * 200)), 0.3),
    hoursPerWeek: pick([6, 12.5, 15, 20, 25, 32.5]),
    daysPerWeek: maybe(pick([1, 2, 3, 5]), 0.3),
    reviewIntervalSchoolDays: pick([null, 10, 30, 45]),
    lastReviewDate: maybe(addDays(start, Math.floor(rand() * 120)), 0.5),
    laNotifiedOn: maybe(addDays(start, Math.floor(rand() * 30) - 5), 0.6),
    maximumPeriodSchoolDays: maybe(60, 0.6),
    directionNoticeDate: maybe(addDays(start, -Math.floor(rand() * 5)), 0.7),
    ehcpLaNoticeDate: maybe(addDays(start, -Math.floor(rand() * 5)), 0.5),
    reintegrationDate: maybe(addDays(start, 60), 0.2),
    otherTimetabledHoursPerWeek: pick([0, 0, 10]),
    otherPlacementSpans: [{ startDate: addDays(start, 20), endDate: addDays(start, 50) }],
    directionReviewRequests:
      rand() < 0.5 ? [{ requestedOn: addDays(start, Math.floor(rand() * 90)), requestedBy: 'PARENT' }] : [],
    directionReviewMeetings:
      rand() < 0.5
        ? [
            {
              meetingDate: addDays(start, Math.floor(rand() * 120)),
              headteacherPresent: rand() < 0.5,
              parentsInvited: true,
              boardNomineePresent: true,
              laInvitedOn: null,
            },
          ]
        : [],
    homeSchoolEnrolmentEnded: maybe(
      {
        endDate: addDays(start, Math.floor(rand() * 100)),
        endReason: null,
        endReasonKind: pick(['OTHER', 'CME_OR_UNKNOWN', 'MOVED_AWAY'] as const),
      },
      0.3,
    ),
    pupil: pupilFacts({ dateOfBirth: pick(DOBS), senStatus: pick(['NONE', 'EHCP'] as const) }),
  });
}

function randomPupil(i: number): PupilSnapshot {
  const placements = Array.from({ length: pick([0, 1, 2]) }, (_, k) => randomPlacement(1000 * i + k));
  const start = someDay();
  return pupilSnapshot({
    pupil: {
      id: `pupil-${i}`,
      dateOfBirth: pick(DOBS),
      lookedAfter: rand() < 0.2,
      electiveHomeEducationFrom: maybe(someDay(), 0.15),
      movedOutOfLaOn: maybe(someDay(), 0.1),
      homeSchoolHoursPerWeek: pick([0, 0, 10]),
    },
    placements,
    enrolments: [
      {
        id: `en-${i}`,
        schoolId: 'school-home',
        registration: 'SINGLE',
        startDate: '2022-09-01',
        endDate: maybe(someDay(), 0.5),
        endReason: null,
        endReasonKind: pick([
          null,
          'ELECTIVE_HOME_EDUCATION',
          'CME_OR_UNKNOWN',
          'TRANSFERRED_TO_SCHOOL',
          'OTHER',
        ] as const),
      },
      ...(rand() < 0.3
        ? [
            {
              id: `en2-${i}`,
              schoolId: 'school-b',
              registration: 'SINGLE' as const,
              startDate: someDay(),
              endDate: null,
              endReason: null,
              endReasonKind: null,
            },
          ]
        : []),
    ],
    exclusions: Array.from({ length: pick([0, 1, 2]) }, (_, k) =>
      exclusion({
        id: `ex-${i}-${k}`,
        kind: pick(['SUSPENSION', 'SUSPENSION', 'PERMANENT'] as const),
        startDate: addDays(start, 10 * k),
        schoolDays: pick([2, 5, 6, 8, 12]),
        governorOutcome: pick(['PENDING', 'PENDING', 'REINSTATED', 'UPHELD'] as const),
        governorDecisionDate: maybe(addDays(start, 20), 0.4),
        parentsMadeRepresentations: rand() < 0.5,
        missesPublicExam: rand() < 0.2,
      }),
    ),
    reintegrations:
      rand() < 0.3
        ? [
            reintegration({
              id: `re-${i}`,
              startDate: start,
              status: pick(['PENDING', 'PENDING', 'BROKEN_DOWN'] as const),
              checkpoints: reintegration().checkpoints.map((c, k) => ({
                ...c,
                dueDate: cal.nthSchoolDayFrom(start, [30, 65, 130][k]!),
                outcome: maybe(pick(['SUSTAINED', 'BROKEN_DOWN'] as const), 0.3),
                reportedOn: maybe(addDays(start, 40 * (k + 1)), 0.3),
              })),
            }),
          ]
        : [],
    separations:
      rand() < 0.3
        ? [
            {
              id: `sep-${i}`,
              schoolId: 'school-home',
              startDate: someDay(),
              endDate: maybe(someDay(), 0.5),
              reasonCategory: 'X',
            },
          ]
        : [],
    managedMoves:
      rand() < 0.2
        ? [
            {
              id: `mm-${i}`,
              fromSchoolId: 'school-home',
              toSchoolId: 'school-b',
              agreedOn: someDay(),
              startDate: someDay(),
              recordedAsTrial: true,
              trialEndsOn: null,
              automaticReturn: false,
              admissionPriorityGiven: true,
              receivingSchoolOversubscribed: true,
            },
          ]
        : [],
    healthAbsences:
      rand() < 0.2 ? [{ startDate: someDay(), endDate: maybe(someDay(), 0.5), expectedEndDate: null }] : [],
    s19HealthDecisions: rand() < 0.1 ? [{ decidedOn: someDay() }] : [],
    partTimeTimetables: rand() < 0.2 ? [{ startDate: start, endDate: maybe(addDays(start, 40), 0.5) }] : [],
    post16:
      rand() < 0.3
        ? {
            septemberGuaranteeOfferOn: maybe(someDay(), 0.5),
            activity: [{ status: pick(['EET', 'NEET'] as const), recordedOn: someDay() }],
          }
        : null,
  });
}

function randomProvider(i: number): ProviderSnapshot {
  const placements = Array.from({ length: 2 + Math.floor(rand() * 7) }, (_, k) => {
    const start = someDay();
    const ended = rand() < 0.4;
    return providerPlacement(k, {
      id: `pp-${i}-${k}`,
      pupilId: `pupil-${i}-${k}`,
      startDate: start,
      endDate: ended ? addDays(start, Math.floor(rand() * 200)) : null,
      status: ended ? 'ENDED' : 'OPEN',
      hoursPerWeek: pick([10, 18.5, 25]),
      pupil: {
        id: `pupil-${i}-${k}`,
        dateOfBirth: pick(DOBS),
        senStatus: pick(['NONE', 'SEN_SUPPORT', 'EHCP'] as const),
        lookedAfter: rand() < 0.2,
      },
    });
  });
  return providerSnapshot(placements, {
    provider: {
      ...providerFacts({
        id: `prov-${i}`,
        kind: pick(['UNREGISTERED', 'UNREGISTERED', 'REGISTERED_SCHOOL'] as const),
        riskAssessmentDate: maybe(someDay(), 0.6),
        onApprovedList: rand() < 0.5,
      }),
      laId: 'la-1',
      name: 'P',
    },
  });
}

function randomReferral(i: number): ReferralSnapshot {
  const referred = someDay();
  const agreed = maybe(addDays(referred, 5), 0.8);
  const allocated = agreed ? maybe(addDays(agreed, Math.floor(rand() * 60)), 0.6) : null;
  return referral({
    id: `ref-${i}`,
    referredOn: referred,
    agreedToConsiderOn: agreed,
    allocatedOn: allocated,
    allocatedSchoolId: allocated ? 'school-b' : null,
    admittedOn: allocated ? maybe(addDays(allocated, Math.floor(rand() * 40)), 0.5) : null,
    closedOn: maybe(addDays(referred, Math.floor(rand() * 200)), 0.2),
    responses: Array.from({ length: pick([0, 1, 2]) }, (_, k) => {
      const requested = addDays(referred, 7 + k);
      return response({
        schoolId: k === 0 ? 'school-b' : 'school-c',
        schoolType: pick(['MAINTAINED', 'ACADEMY'] as const),
        requestedOn: requested,
        respondedOn: maybe(addDays(requested, Math.floor(rand() * 14)), 0.6),
        outcome: pick([null, 'ACCEPTED', 'REFUSED'] as const),
        refusalGrounds: pick([[], ['SCHOOL_FULL'], ['CHALLENGING_BEHAVIOUR']] as const).slice(),
        laDirectionIntentOn: maybe(addDays(requested, 10), 0.3),
        adjudicatorReferredOn: maybe(addDays(requested, 20), 0.2),
        directionIssuedOn: maybe(addDays(requested, 40), 0.2),
        sosDirectionRequestedOn: maybe(addDays(requested, 10), 0.3),
        sosDecisionOn: maybe(addDays(requested, 30), 0.2),
      });
    }),
  });
}

describe('next-due dates (issue 18 goal 4)', () => {
  it('every rule of the evaluators has a next-due function, and nothing else does', () => {
    const ids = (rules: readonly { ruleId: string }[]) => rules.map((r) => r.ruleId).sort();
    expect(Object.keys(PLACEMENT_NEXT_DUE).sort()).toEqual(ids(PLACEMENT_RULES));
    expect(Object.keys(PUPIL_NEXT_DUE).sort()).toEqual(ids(PUPIL_RULES));
    expect(Object.keys(PROVIDER_NEXT_DUE).sort()).toEqual(ids(PROVIDER_RULES));
    expect(Object.keys(REFERRAL_NEXT_DUE).sort()).toEqual(ids(REFERRAL_RULES));
    expect(Object.keys(FAIR_SHARE_NEXT_DUE).sort()).toEqual(ids(FAIR_SHARE_RULES));
  });

  it('a growing score is due again by the day it could reach the next power of two', () => {
    const c = (score: number) => ({ evidenceScore: score }) as FlagCandidate;
    expect(bandDue('2026-01-10', [c(1)])).toBe('2026-01-11');
    expect(bandDue('2026-01-10', [c(5)])).toBe('2026-01-13');
    expect(bandDue('2026-01-10', [c(16), c(0)])).toBe('2026-01-11');
    expect(bandDue('2026-01-10', [])).toBeNull();
  });

  it('placements: no flag changes before the next-due date', () => {
    let changes = 0;
    for (let i = 0; i < 60; i += 1)
      changes += checkWindow(`placement ${i}`, randomPlacement(i), evaluatePlacement, nextDuePlacement);
    expect(changes).toBeGreaterThan(100);
  });

  it('pupils: no flag changes before the next-due date', () => {
    let changes = 0;
    for (let i = 0; i < 60; i += 1) changes += checkWindow(`pupil ${i}`, randomPupil(i), evaluatePupil, nextDuePupil);
    expect(changes).toBeGreaterThan(100);
  });

  it('providers: no flag changes before the next-due date', () => {
    let changes = 0;
    for (let i = 0; i < 30; i += 1)
      changes += checkWindow(`provider ${i}`, randomProvider(i), evaluateProvider, nextDueProvider);
    // The registration test's commencement switch: U2b from its commencement date.
    const commenced = resolveThresholds([], { CWSA_S43: '2026-03-02' });
    for (let i = 30; i < 40; i += 1)
      changes += checkWindow(
        `provider ${i} (s43 commenced)`,
        randomProvider(i),
        evaluateProvider,
        nextDueProvider,
        commenced,
      );
    expect(changes).toBeGreaterThan(50);
  });

  it('referrals and fair shares: no flag changes before the next-due date', () => {
    let changes = 0;
    for (let i = 0; i < 80; i += 1)
      changes += checkWindow(`referral ${i}`, randomReferral(i), evaluateReferral, nextDueReferral);
    const share = {
      laId: 'la-1',
      academicYear: '2025-26',
      phase: 'SECONDARY',
      schools: [
        { schoolId: 'a', fapAdmissions: 5 },
        { schoolId: 'b', fapAdmissions: 1 },
      ],
    };
    checkWindow('fair share', share, evaluateFairShare, nextDueFairShare);
    expect(changes).toBeGreaterThan(50);
  });
});
