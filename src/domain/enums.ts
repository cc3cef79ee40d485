/**
 * The domain's own names for the kinds the record stores (issue 17: the domain imports nothing outside itself).
 * They mirror the database enums of prisma/schema one for one; src/db/enumParity.ts fails the typecheck when
 * the two drift, so a new value is added in both places or neither.
 */

export type ApTier = 'TIER_1_TARGETED_SUPPORT' | 'TIER_2_TIME_LIMITED' | 'TIER_3_TRANSITIONAL';

export type CheckOutcome = 'SATISFACTORY' | 'CONCERNS' | 'UNSATISFACTORY';

export type CheckpointOutcome = 'SUSTAINED' | 'BROKEN_DOWN' | 'NOT_KNOWN';

export type CommissionerKind = 'SCHOOL' | 'LA';

export type Destination =
  | 'MAINSTREAM_SCHOOL'
  | 'SPECIAL_SCHOOL'
  | 'ANOTHER_AP'
  | 'POST16_EET'
  | 'NEET'
  | 'ELECTIVE_HOME_EDUCATION'
  | 'MOVED_OUT_OF_LA'
  | 'CHILDREN_MISSING_EDUCATION'
  | 'OTHER';

export type ExclusionKind = 'SUSPENSION' | 'PERMANENT';

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

export type FapDecisionOutcome =
  'ALLOCATE_SCHOOL' | 'AP_PLACEMENT' | 'MANAGED_MOVE' | 'DEFER' | 'NOT_ELIGIBLE' | 'WITHDRAWN';

export type FapRefusalGround =
  'CHALLENGING_BEHAVIOUR' | 'PREVIOUS_ATTENDANCE' | 'SUSPENSION_COUNT' | 'SEN_OR_DISABILITY' | 'SCHOOL_FULL' | 'OTHER';

export type FlagSeverity = 'CRIT' | 'HIGH' | 'MED' | 'INFO';

export type FlagSubject = 'PUPIL' | 'PLACEMENT' | 'REFERRAL' | 'PROVIDER' | 'EXCLUSION' | 'REINTEGRATION' | 'SCHOOL';

export type GovernorOutcome = 'PENDING' | 'UPHELD' | 'REINSTATED';

export type LegalBasis =
  | 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION'
  | 'SCHOOL_DAY_SIX_SUSPENSION'
  | 'S29A_OFF_SITE_DIRECTION'
  | 'SCHOOL_COMMISSIONED'
  | 'S19_HEALTH'
  | 'S19_OTHER'
  | 'S42_EHC_PLAN';

export type PlacementReason =
  | 'PERMANENT_EXCLUSION'
  | 'SUSPENSION_OVER_FIVE_DAYS'
  | 'OFF_SITE_DIRECTION'
  | 'BEHAVIOUR_EARLY_INTERVENTION'
  | 'HEALTH_NEEDS'
  | 'AWAITING_SCHOOL_PLACE'
  | 'EHCP_NAMED'
  | 'OTHER';

export type PlacementRegistration = 'DUAL_REGISTERED' | 'SINGLE_REGISTERED_AT_AP' | 'HOME_SCHOOL_ONLY';

export type PlacementStatus = 'OPEN' | 'ENDED';

export type ProviderKind = 'REGISTERED_SCHOOL' | 'REGISTERED_INDEPENDENT_SCHOOL' | 'UNREGISTERED';

export type RegistrationType = 'SINGLE' | 'MAIN' | 'SUBSIDIARY';

export type ReintegrationStatus = 'PENDING' | 'SUSTAINED' | 'BROKEN_DOWN';

export type RollExitCategory =
  | 'PERMANENT_EXCLUSION'
  | 'ELECTIVE_HOME_EDUCATION'
  | 'TRANSFERRED_TO_SCHOOL'
  | 'MOVED_AWAY'
  | 'PHASE_TRANSITION'
  | 'CME_OR_UNKNOWN'
  | 'OTHER';

export type SchoolPhase = 'PRIMARY' | 'SECONDARY' | 'ALL_THROUGH' | 'SPECIAL' | 'ALTERNATIVE_PROVISION';

export type SchoolType = 'MAINTAINED' | 'ACADEMY' | 'SPECIAL' | 'PRU' | 'AP_ACADEMY' | 'AP_FREE_SCHOOL' | 'INDEPENDENT';

export type SenStatus = 'NONE' | 'SEN_SUPPORT' | 'EHCP';

export type Sex = 'F' | 'M';

export type SocialCareStatus = 'NONE' | 'CHILD_IN_NEED' | 'CHILD_PROTECTION';

export type FapReferralStatus =
  'OPEN' | 'ALLOCATED' | 'PLACED_IN_AP' | 'ADMITTED' | 'ROUTED_TO_LA_DIRECTION' | 'NOT_ELIGIBLE' | 'WITHDRAWN';
