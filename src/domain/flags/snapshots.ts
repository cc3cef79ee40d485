/**
 * Plain inputs the rules read. The worker builds them from the database (dates as 'YYYY-MM-DD',
 * Decimals as numbers); enum values are the Prisma ones. Facts with no column yet (health
 * absences, part-time timetables, post-16, fair access) are optional or empty-by-default lists.
 */
import type {
  ApTier,
  CheckOutcome,
  CheckpointOutcome,
  CommissionerKind,
  Destination,
  ExclusionKind,
  GovernorOutcome,
  LegalBasis,
  PlacementReason,
  PlacementRegistration,
  PlacementStatus,
  ProviderKind,
  RegistrationType,
  ReintegrationStatus,
  RollExitCategory,
  SchoolType,
  SenStatus,
  SocialCareStatus,
} from '../enums';
import type { IsoDate } from '../dates';

export interface PupilFacts {
  id: string;
  dateOfBirth: IsoDate;
  senStatus: SenStatus;
  lookedAfter: boolean;
  socialCareStatus: SocialCareStatus;
}

export interface ProviderFacts {
  id: string;
  kind: ProviderKind;
  onApprovedList: boolean;
  qaOutcome: CheckOutcome | null;
  qaCheckDate: IsoDate | null;
  safeguardingOutcome: CheckOutcome | null;
  safeguardingCheckDate: IsoDate | null;
  riskAssessmentDate: IsoDate | null;
}

/** Placement.directionNotice (JSON), as given; any part may be missing (rule O1 checks). */
export interface DirectionNoticeFacts {
  address?: string | null;
  personToReportTo?: string | null;
  numberOfDays?: number | null;
  reasonsAndObjectives?: string | null;
  sessionTimes?: string | null;
}

/**
 * Why a pupil left a school roll (Enrolment.endCategory). TRANSFERRED_TO_SCHOOL and MOVED_AWAY are
 * exits with a known destination.
 */
export type EndReasonKind = RollExitCategory;

/** One Placement row with its provider. */
export interface PlacementFacts {
  id: string;
  laId: string;
  pupilId: string;
  providerId: string;
  provider: ProviderFacts;
  commissionerKind: CommissionerKind;
  commissioningSchoolId: string | null;
  /** The commissioning school's type: which off-site rules reach its directions, by date (§10.2). */
  commissioningSchoolType?: SchoolType | null;
  reason: PlacementReason;
  legalBasis: LegalBasis;
  tier: ApTier;
  startDate: IsoDate;
  plannedEndDate: IsoDate | null;
  endDate: IsoDate | null;
  status: PlacementStatus;
  /** Start of the first placement in a transfer chain (previousPlacementId); defaults to startDate. */
  episodeStartDate?: IsoDate | null;
  hoursPerWeek: number;
  daysPerWeek?: number | null;
  sessionsPerWeek?: number | null;
  registration: PlacementRegistration;
  maximumPeriodSchoolDays: number | null;
  reviewIntervalSchoolDays: number | null;
  lastReviewDate: IsoDate | null;
  laNotifiedOn: IsoDate | null;
  directionNoticeDate: IsoDate | null;
  directionNotice: DirectionNoticeFacts | null;
  ehcpLaNoticeDate: IsoDate | null;
  /** Return date of the linked Reintegration, planned or actual (rule P4). */
  reintegrationDate?: IsoDate | null;
  destination: Destination | null;
}

export interface HomeSchoolRemoval {
  endDate: IsoDate;
  endReason: string | null;
  endReasonKind: EndReasonKind;
}

/** A written request by a parent or the LA for a review of an off-site direction (rule O3). */
export interface DirectionReviewRequestFacts {
  requestedOn: IsoDate;
  requestedBy: 'PARENT' | 'LOCAL_AUTHORITY';
}

/** A review meeting of an off-site direction and who was there (rule O3b). */
export interface DirectionReviewMeetingFacts {
  meetingDate: IsoDate;
  headteacherPresent: boolean;
  parentsInvited: boolean;
  boardNomineePresent: boolean;
  laInvitedOn: IsoDate | null;
}

/** A placement with the pupil facts placement rules need. */
export interface PlacementSnapshot extends PlacementFacts {
  /** Off-site directions only: review requests and meetings (rules O3, O3b). */
  directionReviewRequests?: DirectionReviewRequestFacts[];
  directionReviewMeetings?: DirectionReviewMeetingFacts[];
  pupil: PupilFacts;
  /** Hours the pupil is timetabled elsewhere (home school, other placements) while this runs; unknown = 0. */
  otherTimetabledHoursPerWeek?: number | null;
  /** Set when the commissioning (home) school's enrolment has ended (rule P5). */
  homeSchoolEnrolmentEnded?: HomeSchoolRemoval | null;
  /** The pupil's other placements, whose hours make otherTimetabledHoursPerWeek on the days they run (next-due dates). */
  otherPlacementSpans?: { startDate: IsoDate; endDate: IsoDate | null }[];
}

export interface ProviderPlacementFacts {
  id: string;
  laId: string;
  pupilId: string;
  commissionerKind: CommissionerKind;
  commissioningSchoolId: string | null;
  startDate: IsoDate;
  endDate: IsoDate | null;
  status: PlacementStatus;
  hoursPerWeek: number;
  /** The setting gives "all or substantially all" of this child's education whatever the hours (§3.1). */
  allOrSubstantiallyAllEducation?: boolean;
  pupil: Pick<PupilFacts, 'id' | 'dateOfBirth' | 'senStatus' | 'lookedAfter'>;
}

/** A provider with its placements from EVERY commissioner (schools and LAs), for U1/U2/U2b/U5/U6. */
export interface ProviderSnapshot {
  provider: ProviderFacts & { laId: string; name: string };
  /** Whether the LA runs an approved-provider list / QA framework (rule U6 applies only then). */
  laOperatesApprovedList: boolean;
  /**
   * The placements the rules need. A loader may leave out placements that cannot change any rule's
   * answer (see providerPlacementsThatMatter) and give the count of placements running on the evaluation
   * day in `placementsInUse` instead, so evaluating a provider does not cost more as it grows.
   */
  placements: ProviderPlacementFacts[];
  /** Placements running on the evaluation day (U5, U6), when `placements` does not list them all. */
  placementsInUse?: number;
  /** With `placementsInUse`: the first day after the evaluation day on which that count can change (next-due dates). */
  placementsInUseChangesOn?: IsoDate | null;
}

export interface EnrolmentFacts {
  id: string;
  schoolId: string;
  registration: RegistrationType;
  startDate: IsoDate;
  endDate: IsoDate | null;
  endReason: string | null;
  endReasonKind: EndReasonKind | null;
  schoolIsSpecial?: boolean;
}

export interface ExclusionSnapshot {
  id: string;
  pupilId: string;
  schoolId: string;
  kind: ExclusionKind;
  startDate: IsoDate;
  schoolDays: number | null;
  academicYear: string;
  /** When parents were told (the governors' clock starts here); defaults to startDate. */
  notifiedOn?: IsoDate | null;
  governorOutcome: GovernorOutcome;
  governorDecisionDate: IsoDate | null;
  parentsMadeRepresentations?: boolean;
  missesPublicExam?: boolean;
}

export interface CheckpointFacts {
  id: string;
  label: string;
  schoolDays: number;
  dueDate: IsoDate;
  isFinal: boolean;
  outcome: CheckpointOutcome | null;
  reportedOn: IsoDate | null;
}

export interface ReintegrationSnapshot {
  id: string;
  pupilId: string;
  placementId: string;
  schoolId: string;
  startDate: IsoDate;
  status: ReintegrationStatus;
  checkpoints: CheckpointFacts[];
}

export interface SeparationFacts {
  id: string;
  schoolId: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  reasonCategory: string;
}

/** A managed move to another school (domain.md §5.3, §10.2). */
export interface ManagedMoveFacts {
  id: string;
  fromSchoolId: string;
  toSchoolId: string;
  agreedOn: IsoDate;
  startDate: IsoDate;
  recordedAsTrial: boolean;
  trialEndsOn: IsoDate | null;
  automaticReturn: boolean;
  admissionPriorityGiven: boolean;
  receivingSchoolOversubscribed: boolean;
}

/** A spell of absence through ill health; expectedEndDate lets E8 fire "as soon as it is clear". */
export interface HealthAbsence {
  startDate: IsoDate;
  endDate: IsoDate | null;
  expectedEndDate?: IsoDate | null;
}

/** An agreed temporary part-time timetable (attendance code C2). */
export interface PartTimeTimetable {
  startDate: IsoDate;
  endDate: IsoDate | null;
}

export type Post16Status = 'EET' | 'NEET' | 'NOT_KNOWN';

export interface Post16Facts {
  septemberGuaranteeOfferOn: IsoDate | null;
  activity: { status: Post16Status; recordedOn: IsoDate }[];
}

export interface PupilSnapshot {
  pupil: PupilFacts & {
    /** The pupil's home LA (Pupil.homeLaId): pupil-level flags belong to it. */
    laId: string;
    /** Hours timetabled at the home school alongside AP; unknown = 0. */
    homeSchoolHoursPerWeek?: number | null;
    electiveHomeEducationFrom?: IsoDate | null;
    electiveHomeEducationEndedOn?: IsoDate | null;
    movedOutOfLaOn?: IsoDate | null;
  };
  placements: PlacementFacts[];
  enrolments: EnrolmentFacts[];
  exclusions: ExclusionSnapshot[];
  reintegrations: ReintegrationSnapshot[];
  healthAbsences?: HealthAbsence[];
  /** Managed moves (domain.md §10.2): permanent, no trial (O7), no admission priority (O7b). */
  managedMoves?: ManagedMoveFacts[];
  /** Safeguarding separations (domain.md §10.2): not suspensions; they trigger the LA's s19 duty (SEP1). */
  separations?: SeparationFacts[];
  /** LA s19 decisions on health-needs provision (E8). */
  s19HealthDecisions?: { decidedOn: IsoDate }[];
  partTimeTimetables?: PartTimeTimetable[];
  post16?: Post16Facts | null;
}

// ---------- Fair access (domain.md §4) ----------

/** School Admissions Code para 3.17 categories (§4.2). */
export type FapCategory =
  | 'CIN_OR_CP_PLAN'
  | 'REFUGE'
  | 'CRIMINAL_JUSTICE'
  | 'AP_REINTEGRATION_OR_PEX'
  | 'SEN_NO_EHCP_DISABILITY_MEDICAL'
  | 'CARER'
  | 'HOMELESS'
  | 'KINSHIP_CARE'
  | 'GRT_REFUGEE_ASYLUM'
  | 'REFUSED_CHALLENGING_BEHAVIOUR'
  | 'PLACE_NOT_SOUGHT_EXCEPTIONAL'
  | 'OUT_OF_EDUCATION_4_WEEKS'
  | 'PREVIOUSLY_LOOKED_AFTER';

/** Panel decisions (§4.4 design suggestion). */
export type FapDecision =
  | 'ALLOCATE_SCHOOL'
  | 'ALLOCATE_SCHOOL_WITH_REINTEGRATION_SUPPORT'
  | 'AP_PLACEMENT_INTERIM'
  | 'AP_ASSESSMENT_PLACEMENT'
  | 'MANAGED_MOVE_RECOMMENDED'
  | 'REFER_SEND_ROUTE'
  | 'SAO_SCHOOL_NAMED'
  | 'DEFERRED_MORE_INFO'
  | 'NOT_ELIGIBLE';

/** Grounds a school gives for refusing; para 3.10 and §4.1 make several invalid (rule F5). */
export type RefusalGround =
  'CHALLENGING_BEHAVIOUR' | 'PREVIOUS_ATTENDANCE' | 'SUSPENSION_COUNT' | 'SEN_OR_DISABILITY' | 'SCHOOL_FULL' | 'OTHER';

/** One school asked to admit the referred child, and what followed (§4.5). */
export interface SchoolResponseFacts {
  schoolId: string;
  schoolType: 'MAINTAINED' | 'ACADEMY';
  requestedOn: IsoDate;
  respondedOn: IsoDate | null;
  outcome: 'ACCEPTED' | 'REFUSED' | null;
  refusalGrounds: RefusalGround[];
  /** Evidence the school has a particularly high proportion of challenging / PEX pupils (para 3.10). */
  schoolHasHighProportionChallenging?: boolean | null;
  /** Maintained: LA told the school it intends to direct (starts the adjudicator window). */
  laDirectionIntentOn?: IsoDate | null;
  adjudicatorReferredOn?: IsoDate | null;
  directionIssuedOn?: IsoDate | null;
  /** Academy: LA asked the Secretary of State (DfE) to direct. */
  sosDirectionRequestedOn?: IsoDate | null;
  sosDecisionOn?: IsoDate | null;
}

export interface ReferralSnapshot {
  id: string;
  laId: string;
  pupilId: string;
  category: FapCategory | null;
  referredOn: IsoDate;
  /** Date the panel agreed to consider the case: starts the 20-school-day clock (Code 3.21). */
  agreedToConsiderOn: IsoDate | null;
  decision: FapDecision | null;
  allocatedOn: IsoDate | null;
  allocatedSchoolId: string | null;
  plannedStartDate: IsoDate | null;
  admittedOn: IsoDate | null;
  /** Withdrawn or otherwise closed: no further deadlines run. */
  closedOn: IsoDate | null;
  responses: SchoolResponseFacts[];
}

/** FAP admissions per school for one LA, academic year and phase (rule F8). */
export interface FairShareSnapshot {
  laId: string;
  academicYear: string;
  phase: string;
  schools: { schoolId: string; fapAdmissions: number; pupilsOnRoll?: number | null }[];
}
