/** Snapshot builders for the flag tests: defaults that raise nothing, overridden per test. */
import type {
  ExclusionSnapshot,
  PlacementSnapshot,
  ProviderFacts,
  ProviderPlacementFacts,
  ProviderSnapshot,
  PupilFacts,
  PupilSnapshot,
  ReferralSnapshot,
  ReintegrationSnapshot,
  SchoolResponseFacts,
} from '../../../src/domain/flags/snapshots';
import { resolveThresholds, type ResolvedThresholds, type ThresholdValues } from '../../../src/domain/flags/thresholds';

export const LA = 'la-1';
export const HOME_SCHOOL = 'school-home';

/** National defaults, no LA overrides. */
export const T = resolveThresholds([]);

/** Thresholds with values set directly (bypassing override validation) to reach edge cases. */
export function withValues(values: Partial<ThresholdValues>): ResolvedThresholds {
  return { ...T, values: { ...T.values, ...values } };
}

export function providerFacts(over: Partial<ProviderFacts> = {}): ProviderFacts {
  return {
    id: 'provider-1',
    kind: 'REGISTERED_SCHOOL',
    onApprovedList: true,
    qaOutcome: 'SATISFACTORY',
    qaCheckDate: '2025-07-01',
    safeguardingOutcome: 'SATISFACTORY',
    safeguardingCheckDate: '2025-07-01',
    riskAssessmentDate: '2025-07-01',
    ...over,
  };
}

/** A Year 10 pupil in 2025-26 (born 10 May 2011). */
export function pupilFacts(over: Partial<PupilFacts> = {}): PupilFacts {
  return {
    id: 'pupil-1',
    dateOfBirth: '2011-05-10',
    senStatus: 'NONE',
    lookedAfter: false,
    socialCareStatus: 'NONE',
    ...over,
  };
}

/** An LA full-time Tier 2 placement from Wed 3 Sep 2025 to Fri 19 Dec 2025, at a registered school. */
export function placement(over: Partial<PlacementSnapshot> = {}): PlacementSnapshot {
  return {
    id: 'placement-1',
    laId: LA,
    pupilId: 'pupil-1',
    providerId: 'provider-1',
    provider: providerFacts(),
    commissionerKind: 'LA',
    commissioningSchoolId: null,
    reason: 'AWAITING_SCHOOL_PLACE',
    legalBasis: 'S19_OTHER',
    tier: 'TIER_2_TIME_LIMITED',
    startDate: '2025-09-03',
    plannedEndDate: '2025-12-19',
    endDate: null,
    status: 'OPEN',
    hoursPerWeek: 32.5,
    registration: 'DUAL_REGISTERED',
    maximumPeriodSchoolDays: null,
    reviewIntervalSchoolDays: 30,
    lastReviewDate: null,
    laNotifiedOn: '2025-09-03',
    directionNoticeDate: null,
    directionNotice: null,
    ehcpLaNoticeDate: null,
    destination: null,
    pupil: pupilFacts(),
    ...over,
  };
}

/** A school-arranged part-time placement: 15 hours a week, 1 Dec 2025 to 27 Mar 2026. */
export function schoolPartTime(over: Partial<PlacementSnapshot> = {}): PlacementSnapshot {
  return placement({
    commissionerKind: 'SCHOOL',
    commissioningSchoolId: HOME_SCHOOL,
    legalBasis: 'SCHOOL_COMMISSIONED',
    reason: 'OTHER',
    hoursPerWeek: 15,
    startDate: '2025-12-01',
    plannedEndDate: '2026-03-27',
    ...over,
  });
}

/** A full-time placement at an unregistered setting: 8 Sep to 28 Nov 2025, 25 hours, 5 days. */
export function unregisteredPlacement(over: Partial<PlacementSnapshot> = {}): PlacementSnapshot {
  return placement({
    provider: providerFacts({ id: 'provider-u', kind: 'UNREGISTERED' }),
    providerId: 'provider-u',
    startDate: '2025-09-08',
    plannedEndDate: '2025-11-28',
    daysPerWeek: 5,
    hoursPerWeek: 25,
    ...over,
  });
}

/** A maintained school's off-site direction (s29A) with a complete, timely notice. */
export function direction(over: Partial<PlacementSnapshot> = {}): PlacementSnapshot {
  return placement({
    commissionerKind: 'SCHOOL',
    commissioningSchoolId: HOME_SCHOOL,
    commissioningSchoolType: 'MAINTAINED',
    reason: 'OFF_SITE_DIRECTION',
    legalBasis: 'S29A_OFF_SITE_DIRECTION',
    startDate: '2025-11-12',
    plannedEndDate: '2026-02-13',
    maximumPeriodSchoolDays: 60,
    laNotifiedOn: '2025-11-10',
    directionNoticeDate: '2025-11-10',
    directionNotice: {
      address: '1 High St',
      personToReportTo: 'Ms Khan',
      numberOfDays: 60,
      reasonsAndObjectives: 'Improve behaviour',
      sessionTimes: '09:00–15:00',
    },
    ...over,
  });
}

export function providerPlacement(n: number, over: Partial<ProviderPlacementFacts> = {}): ProviderPlacementFacts {
  return {
    id: `pp-${n}`,
    laId: LA,
    pupilId: `pupil-${n}`,
    commissionerKind: 'SCHOOL',
    commissioningSchoolId: 'school-a',
    startDate: '2025-09-08',
    endDate: null,
    status: 'OPEN',
    hoursPerWeek: 18.5,
    pupil: { id: `pupil-${n}`, dateOfBirth: '2011-05-10', senStatus: 'NONE', lookedAfter: false },
    ...over,
  };
}

export function providerSnapshot(
  placements: ProviderPlacementFacts[],
  over: Partial<ProviderSnapshot> = {},
): ProviderSnapshot {
  return {
    provider: { ...providerFacts({ id: 'provider-u', kind: 'UNREGISTERED' }), laId: LA, name: 'Skills Farm' },
    laOperatesApprovedList: true,
    placements,
    ...over,
  };
}

export function pupilSnapshot(
  over: Partial<Omit<PupilSnapshot, 'pupil'>> & { pupil?: Partial<PupilSnapshot['pupil']> } = {},
): PupilSnapshot {
  const { pupil, ...rest } = over;
  return {
    pupil: { ...pupilFacts(), laId: LA, ...pupil },
    placements: [],
    enrolments: [
      {
        id: 'enrol-1',
        schoolId: HOME_SCHOOL,
        registration: 'SINGLE',
        startDate: '2022-09-01',
        endDate: null,
        endReason: null,
        endReasonKind: null,
      },
    ],
    exclusions: [],
    reintegrations: [],
    ...rest,
  };
}

export function exclusion(over: Partial<ExclusionSnapshot> = {}): ExclusionSnapshot {
  return {
    id: 'excl-1',
    pupilId: 'pupil-1',
    schoolId: HOME_SCHOOL,
    kind: 'SUSPENSION',
    startDate: '2025-11-10',
    schoolDays: 3,
    academicYear: '2025-26',
    governorOutcome: 'PENDING',
    governorDecisionDate: null,
    ...over,
  };
}

/** A return to school on Mon 3 Nov 2025 with the default follow-ups (due dates hand-counted in the tests). */
export function reintegration(over: Partial<ReintegrationSnapshot> = {}): ReintegrationSnapshot {
  return {
    id: 'reint-1',
    pupilId: 'pupil-1',
    placementId: 'placement-1',
    schoolId: HOME_SCHOOL,
    startDate: '2025-11-03',
    status: 'PENDING',
    checkpoints: [
      {
        id: 'cp-1',
        label: 'SIX_WEEKS',
        schoolDays: 30,
        dueDate: '2025-12-12',
        isFinal: false,
        outcome: null,
        reportedOn: null,
      },
      {
        id: 'cp-2',
        label: 'ONE_TERM',
        schoolDays: 65,
        dueDate: '2026-02-13',
        isFinal: false,
        outcome: null,
        reportedOn: null,
      },
      {
        id: 'cp-3',
        label: 'TWO_TERMS',
        schoolDays: 130,
        dueDate: '2026-06-15',
        isFinal: true,
        outcome: null,
        reportedOn: null,
      },
    ],
    ...over,
  };
}

export function referral(over: Partial<ReferralSnapshot> = {}): ReferralSnapshot {
  return {
    id: 'ref-1',
    laId: LA,
    pupilId: 'pupil-1',
    category: 'AP_REINTEGRATION_OR_PEX',
    referredOn: '2025-10-01',
    agreedToConsiderOn: null,
    decision: null,
    allocatedOn: null,
    allocatedSchoolId: null,
    plannedStartDate: null,
    admittedOn: null,
    closedOn: null,
    responses: [],
    ...over,
  };
}

export function response(over: Partial<SchoolResponseFacts> = {}): SchoolResponseFacts {
  return {
    schoolId: 'school-b',
    schoolType: 'MAINTAINED',
    requestedOn: '2025-11-03',
    respondedOn: null,
    outcome: null,
    refusalGrounds: [],
    ...over,
  };
}
