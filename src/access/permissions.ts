import type { Role } from '../generated/prisma/enums';
import type { Actor } from '../auth/actor';
import { forbidden } from '../errors';

/**
 * Who may do what: the one table. Every use case, query and report asks it (`authorise`, `conditionFor`);
 * nothing else in the code looks at a caller's role. docs/permissions.md is generated from this file
 * (`npm run docs:permissions`) and a test keeps the two, and the README's "Roles and scope", in step.
 *
 * Each action lists, per role, the record-level condition under which that role may do it. A role
 * without an entry is refused with FORBIDDEN ("your role cannot do this") before anything is read or
 * validated. A record that fails the condition answers exactly like a record that does not exist
 * (NOT_FOUND, or null / an empty list for reads), so a refusal never reveals what a read would hide.
 * The conditions are implemented as database filters in src/access/scope.ts, one per name.
 */

export const ROLES = [
  'LA_OFFICER',
  'PANEL_MEMBER',
  'SCHOOL_STAFF',
  'PROVIDER_STAFF',
  'ANALYST',
] as const satisfies readonly Role[];

export const ROLE_NAMES: Record<Role, string> = {
  LA_OFFICER: 'LA officer',
  PANEL_MEMBER: 'fair access panel member',
  SCHOOL_STAFF: 'school staff',
  PROVIDER_STAFF: 'provider staff',
  ANALYST: 'analyst',
};

/** The organisation a role's users belong to (a token must name exactly that one). */
export const ROLE_ORGANISATION: Record<Role, 'school' | 'provider' | null> = {
  LA_OFFICER: null,
  PANEL_MEMBER: null,
  SCHOOL_STAFF: 'school',
  PROVIDER_STAFF: 'provider',
  ANALYST: null,
};

/** What a condition is about: the kind of record it filters. */
export type Subject =
  | 'pupil'
  | 'placement'
  | 'exclusion'
  | 'separation'
  | 'reintegration'
  | 'enrolment'
  | 'timelineEvent'
  | 'referral'
  | 'meeting'
  | 'flag'
  | 'organisation'
  | 'localAuthority'
  | 'aggregate'
  | 'reference';

interface ConditionDef {
  subject: Subject;
  /** Plain English for the data protection officer. */
  text: string;
  /** True when the condition holds for every record of the caller's LA (no narrower relationship). */
  laWide: boolean;
}

/**
 * The named record-level conditions. "Recently placed" is the provider access window: a placement
 * that ended no more than `providerAccessAfterPlacementSchoolDays` school days ago (threshold table;
 * default 130, the final reintegration checkpoint, about two terms; an LA may change it).
 */
export const CONDITIONS = {
  PUPIL_OF_LA: { subject: 'pupil', laWide: true, text: 'pupils whose home LA is theirs, or placed in AP by their LA' },
  PUPIL_ON_ROLL_OR_COMMISSIONED: {
    subject: 'pupil',
    laWide: false,
    text: 'pupils on their school’s roll now, or in a placement their school commissioned',
  },
  PUPIL_PLACED_WITH_PROVIDER: {
    subject: 'pupil',
    laWide: false,
    text: 'pupils placed with their provider now, or recently (the provider access window)',
  },
  PUPIL_REFERRED_TO_PANEL: { subject: 'pupil', laWide: false, text: 'pupils referred to their LA’s fair access panel' },
  NEW_PUPIL_FOR_LA: { subject: 'pupil', laWide: true, text: 'a pupil not yet recorded, added to their LA' },
  NEW_PUPIL_ON_OWN_ROLL: {
    subject: 'pupil',
    laWide: false,
    text: 'a pupil not yet recorded, added onto their own school’s roll',
  },

  PLACEMENT_OF_LA: { subject: 'placement', laWide: true, text: 'placements in their LA' },
  PLACEMENT_OF_SCHOOL: {
    subject: 'placement',
    laWide: false,
    text: 'placements their school commissioned, and placements of pupils on its roll now',
  },
  PLACEMENT_AT_PROVIDER: {
    subject: 'placement',
    laWide: false,
    text: 'placements at their provider, open or ended within the provider access window (or with a return to school still being followed up)',
  },
  COMMISSION_FOR_LA: {
    subject: 'placement',
    laWide: true,
    text: 'a placement at a provider of their LA, for a pupil of their LA',
  },
  COMMISSION_BY_OWN_SCHOOL: {
    subject: 'placement',
    laWide: false,
    text: 'a placement their own school commissions, for a pupil they already see',
  },
  ENTRY_AT_OWN_PROVIDER: {
    subject: 'placement',
    laWide: false,
    text: 'an entry at their own provider, for a pupil they already see',
  },

  EXCLUSION_OF_LA: { subject: 'exclusion', laWide: true, text: 'exclusions from schools of their LA' },
  EXCLUSION_BY_OWN_SCHOOL: { subject: 'exclusion', laWide: false, text: 'exclusions their own school made' },
  EXCLUSION_OF_PUPIL_IN_PLACEMENT: {
    subject: 'exclusion',
    laWide: false,
    text: 'exclusions of a pupil in an open placement with their provider',
  },
  EXCLUDE_FROM_LA_SCHOOL: {
    subject: 'exclusion',
    laWide: true,
    text: 'an exclusion from a school of their LA, of a pupil of their LA',
  },
  EXCLUDE_FROM_OWN_SCHOOL: {
    subject: 'exclusion',
    laWide: false,
    text: 'an exclusion from their own school, of a pupil they already see',
  },

  SEPARATION_OF_LA: { subject: 'separation', laWide: true, text: 'safeguarding separations at schools of their LA' },
  SEPARATION_BY_OWN_SCHOOL: {
    subject: 'separation',
    laWide: false,
    text: 'safeguarding separations their own school made',
  },

  REINTEGRATION_OF_LA: { subject: 'reintegration', laWide: true, text: 'returns from AP in their LA' },
  REINTEGRATION_OF_SCHOOL: {
    subject: 'reintegration',
    laWide: false,
    text: 'returns to their school, or from a placement their school commissioned',
  },
  REINTEGRATION_FROM_PROVIDER: {
    subject: 'reintegration',
    laWide: false,
    text: 'returns from a placement at their provider, within the provider access window',
  },

  ENROLMENT_IN_LA: { subject: 'enrolment', laWide: true, text: 'rolls of schools in their LA, for pupils of their LA' },
  ENROLMENT_AT_OWN_SCHOOL: {
    subject: 'enrolment',
    laWide: false,
    text: 'their own school’s roll, for pupils they already see',
  },

  EVENTS_ALL: { subject: 'timelineEvent', laWide: true, text: 'every event on the timeline of a pupil they see' },
  EVENTS_OF_OWN_PLACEMENTS: {
    subject: 'timelineEvent',
    laWide: false,
    text: 'events of their own placements, and events their provider recorded (not other organisations’ later events)',
  },
  EVENTS_OF_FAIR_ACCESS: {
    subject: 'timelineEvent',
    laWide: false,
    text: 'fair access events only (not the pupil’s AP or exclusion history)',
  },
  CORRECT_EVENT_OF_LA: {
    subject: 'timelineEvent',
    laWide: true,
    text: 'events their LA recorded on the timeline of a pupil of their LA (about its placements or its schools’ exclusions, or recorded by the LA, its schools or its providers), not another LA’s',
  },
  CORRECT_EVENT_OF_SCHOOL: {
    subject: 'timelineEvent',
    laWide: false,
    text: 'events their school recorded, or about its own exclusions or the placements it commissioned',
  },
  CORRECT_EVENT_OF_PROVIDER: {
    subject: 'timelineEvent',
    laWide: false,
    text: 'events their provider recorded, or about a placement at their provider',
  },

  REFERRAL_OF_LA: { subject: 'referral', laWide: true, text: 'fair access referrals of their LA' },
  REFERRAL_TO_OWN_SCHOOL: {
    subject: 'referral',
    laWide: false,
    text: 'fair access referrals allocating a place at, or admitted to, their school',
  },
  MEETING_OF_LA: { subject: 'meeting', laWide: true, text: 'panel meetings of their LA' },

  FLAG_OF_LA: { subject: 'flag', laWide: true, text: 'flags of their LA' },
  FLAG_OF_SCHOOL: {
    subject: 'flag',
    laWide: false,
    text: 'flags about their school and the placements it commissioned',
  },
  FLAG_OF_PROVIDER: { subject: 'flag', laWide: false, text: 'flags about their provider' },
  FLAG_OF_FAIR_ACCESS: { subject: 'flag', laWide: false, text: 'fair access flags (rules F…) of their LA' },

  DIRECTORY_OF_LA: {
    subject: 'organisation',
    laWide: true,
    text: 'schools and providers of their LA (directory data)',
  },
  OWN_LA: { subject: 'localAuthority', laWide: true, text: 'their own LA’s settings and directory' },

  EXACT_AGGREGATES: {
    subject: 'aggregate',
    laWide: true,
    text: 'LA-wide figures, exact (suppressed when exported for sharing)',
  },
  SUPPRESSED_AGGREGATES: {
    subject: 'aggregate',
    laWide: true,
    text: 'LA-wide figures, always with small numbers suppressed and no exact dates',
  },
  OWN_PROVIDER_SCORECARD: { subject: 'aggregate', laWide: false, text: 'their own provider’s scorecard only' },
  OWN_SCHOOL_PROFILE: { subject: 'aggregate', laWide: false, text: 'their own school’s movement profile only' },

  NO_PERSONAL_DATA: {
    subject: 'reference',
    laWide: true,
    text: 'reference data with no personal data (rules, thresholds, calendar, who they are)',
  },
} as const satisfies Record<string, ConditionDef>;

export type Condition = keyof typeof CONDITIONS;

type Grants = Partial<Record<Role, Condition>>;

/**
 * Restriction of processing (UK GDPR art. 18; e.g. while the accuracy of a record is disputed) narrows every
 * condition of every action: a restricted pupil, and every record about them (placements, exclusions,
 * safeguarding separations, reintegrations, rolls, fair access referrals, flags, timeline, subject access), is
 * seen only by the users named on the restriction, who must hold one of these roles. To everyone else the
 * pupil answers exactly like a record that does not exist. Aggregates still count the pupil (the record is
 * kept; no figure names them). src/access/scope.ts applies it in the one place every filter is built.
 */
export const RESTRICTION = {
  namedRoles: ['LA_OFFICER'] as readonly Role[],
  text: 'a restricted pupil, and every record about them, is seen only by the LA officers named on the restriction',
} as const;

/**
 * Transfer between LAs (docs/transfer.md) narrows every write about a pupil: once an LA has sent a signed pack for a
 * pupil to another LA (and the pupil has not come back), the pupil and their placements are read-only to everyone of
 * the sending LA. The receiving LA never gets the sending LA's records as its own: their history arrives as a
 * read-only document the database refuses to change. src/access/scope.ts applies it with the restriction.
 */
export const TRANSFERRED_OUT = {
  text: 'a pupil their LA has transferred to another LA (a signed pack it sent stands) is read-only to their LA',
} as const;

interface PermissionDef {
  /** What the action does, for the data protection officer. */
  does: string;
  kind: 'read' | 'write';
  roles: Grants;
}

const LA_AND_PANEL_CASEWORK: Grants = { LA_OFFICER: 'REFERRAL_OF_LA', PANEL_MEMBER: 'REFERRAL_OF_LA' };

export const PERMISSIONS = {
  // ---- Reads of individual records
  'pupil.read': {
    does: 'Read a pupil’s record (name, date of birth, characteristics, rolls)',
    kind: 'read',
    roles: {
      LA_OFFICER: 'PUPIL_OF_LA',
      SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED',
      PROVIDER_STAFF: 'PUPIL_PLACED_WITH_PROVIDER',
      PANEL_MEMBER: 'PUPIL_REFERRED_TO_PANEL',
    },
  },
  'pupil.subjectAccess': {
    does: 'Export everything held about a pupil and everyone who read or changed it (subject access request)',
    kind: 'read',
    roles: { LA_OFFICER: 'PUPIL_OF_LA' },
  },
  'pupil.historyPack': {
    does: 'Read a pupil’s AP history pack (placements, reviews, hours, exclusions, fair access, returns, flags) as JSON or a printable page',
    kind: 'read',
    roles: {
      LA_OFFICER: 'PUPIL_OF_LA',
      SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED',
      PROVIDER_STAFF: 'PUPIL_PLACED_WITH_PROVIDER',
      PANEL_MEMBER: 'PUPIL_REFERRED_TO_PANEL',
    },
  },
  'pupil.retentionReview': {
    does: 'Read the retention review list: pupils past the retention schedule, awaiting approval to anonymise',
    kind: 'read',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'pupil.timeline': {
    does: 'Read the events on a pupil’s timeline (of a pupil they may read)',
    kind: 'read',
    roles: {
      LA_OFFICER: 'EVENTS_ALL',
      SCHOOL_STAFF: 'EVENTS_ALL',
      PROVIDER_STAFF: 'EVENTS_OF_OWN_PLACEMENTS',
      PANEL_MEMBER: 'EVENTS_OF_FAIR_ACCESS',
    },
  },
  'pupil.suspensionTotal': {
    does: 'Read a pupil’s suspension days this year across all schools (rule E1)',
    kind: 'read',
    roles: {
      LA_OFFICER: 'PUPIL_OF_LA',
      SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED',
      PROVIDER_STAFF: 'PUPIL_PLACED_WITH_PROVIDER',
    },
  },
  'placement.read': {
    does: 'Read a placement (plan, objectives, safeguarding lead, reviews, reintegration)',
    kind: 'read',
    roles: {
      LA_OFFICER: 'PLACEMENT_OF_LA',
      SCHOOL_STAFF: 'PLACEMENT_OF_SCHOOL',
      PROVIDER_STAFF: 'PLACEMENT_AT_PROVIDER',
    },
  },
  'reintegration.read': {
    does: 'Read a return from AP and its follow-up checkpoints',
    kind: 'read',
    roles: {
      LA_OFFICER: 'REINTEGRATION_OF_LA',
      SCHOOL_STAFF: 'REINTEGRATION_OF_SCHOOL',
      PROVIDER_STAFF: 'REINTEGRATION_FROM_PROVIDER',
    },
  },
  'exclusion.read': {
    does: 'Read a suspension or permanent exclusion',
    kind: 'read',
    roles: {
      LA_OFFICER: 'EXCLUSION_OF_LA',
      SCHOOL_STAFF: 'EXCLUSION_BY_OWN_SCHOOL',
      PROVIDER_STAFF: 'EXCLUSION_OF_PUPIL_IN_PLACEMENT',
    },
  },
  'separation.read': {
    does: 'Read a safeguarding separation (domain.md §10.2)',
    kind: 'read',
    roles: { LA_OFFICER: 'SEPARATION_OF_LA', SCHOOL_STAFF: 'SEPARATION_BY_OWN_SCHOOL' },
  },
  'managedMove.read': {
    does: 'Read a pupil’s managed moves (domain.md §10.2)',
    kind: 'read',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED' },
  },
  'inclusionBase.read': {
    does: 'Read a pupil’s time in a school’s inclusion base (on-roll provision, not AP: domain.md §10.4)',
    kind: 'read',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED' },
  },
  'referral.read': {
    does: 'Read a fair access referral, its decisions, responses and directions',
    kind: 'read',
    roles: { ...LA_AND_PANEL_CASEWORK, SCHOOL_STAFF: 'REFERRAL_TO_OWN_SCHOOL' },
  },
  'meeting.read': {
    does: 'Read panel meetings',
    kind: 'read',
    roles: { LA_OFFICER: 'MEETING_OF_LA', PANEL_MEMBER: 'MEETING_OF_LA' },
  },
  'flag.read': {
    does: 'Read flags raised by the workers',
    kind: 'read',
    roles: {
      LA_OFFICER: 'FLAG_OF_LA',
      SCHOOL_STAFF: 'FLAG_OF_SCHOOL',
      PROVIDER_STAFF: 'FLAG_OF_PROVIDER',
      PANEL_MEMBER: 'FLAG_OF_FAIR_ACCESS',
    },
  },
  'directory.read': {
    does: 'Read schools and providers (directory data)',
    kind: 'read',
    roles: {
      LA_OFFICER: 'DIRECTORY_OF_LA',
      PANEL_MEMBER: 'DIRECTORY_OF_LA',
      SCHOOL_STAFF: 'DIRECTORY_OF_LA',
      PROVIDER_STAFF: 'DIRECTORY_OF_LA',
      ANALYST: 'DIRECTORY_OF_LA',
    },
  },
  'reference.read': {
    does: 'Read who they are, flag rules, thresholds and school days',
    kind: 'read',
    roles: {
      LA_OFFICER: 'NO_PERSONAL_DATA',
      PANEL_MEMBER: 'NO_PERSONAL_DATA',
      SCHOOL_STAFF: 'NO_PERSONAL_DATA',
      PROVIDER_STAFF: 'NO_PERSONAL_DATA',
      ANALYST: 'NO_PERSONAL_DATA',
    },
  },
  // ---- Aggregates
  'report.run': {
    does: 'Run an oversight report or its CSV',
    kind: 'read',
    roles: {
      LA_OFFICER: 'EXACT_AGGREGATES',
      ANALYST: 'SUPPRESSED_AGGREGATES',
      PROVIDER_STAFF: 'OWN_PROVIDER_SCORECARD',
      SCHOOL_STAFF: 'OWN_SCHOOL_PROFILE',
    },
  },
  'fairAccess.aggregates': {
    does: 'Read fair share, whose turn and the Schools Adjudicator return',
    kind: 'read',
    roles: { LA_OFFICER: 'EXACT_AGGREGATES', PANEL_MEMBER: 'EXACT_AGGREGATES', ANALYST: 'SUPPRESSED_AGGREGATES' },
  },
  // ---- Writes: pupils and rolls
  'pupil.register': {
    does: 'Add a pupil to the record',
    kind: 'write',
    roles: { LA_OFFICER: 'NEW_PUPIL_FOR_LA', SCHOOL_STAFF: 'NEW_PUPIL_ON_OWN_ROLL' },
  },
  'pupil.changeCharacteristics': {
    does: 'Record a change of SEN, looked-after, social care, FSM or ethnicity',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED' },
  },
  'pupil.recordNhsNumber': {
    does: 'Record or correct a pupil’s NHS number (CWSA 2026 s4 consistent identifier)',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED' },
  },
  'pupil.correctDetails': {
    does: 'Correct a pupil’s name, date of birth, sex or UPN (rectification: the old value, the new, who and why are kept)',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED' },
  },
  'pupil.restrict': {
    does: 'Restrict a pupil’s record to named LA officers (UK GDPR art. 18), or lift the restriction',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA' },
  },
  'pupil.approveAnonymisation': {
    does: 'Approve the anonymisation of pupils past the retention schedule (names, date of birth, UPN, NHS number, free text)',
    kind: 'write',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'pupil.enrol': {
    does: 'Put a pupil on a school’s roll',
    kind: 'write',
    roles: { LA_OFFICER: 'ENROLMENT_IN_LA', SCHOOL_STAFF: 'ENROLMENT_AT_OWN_SCHOOL' },
  },
  'pupil.leaveRoll': {
    does: 'Take a pupil off a school’s roll',
    kind: 'write',
    roles: { LA_OFFICER: 'ENROLMENT_IN_LA', SCHOOL_STAFF: 'ENROLMENT_AT_OWN_SCHOOL' },
  },
  // ---- Writes: movements
  'placement.commission': {
    does: 'Commission a placement, or report an entry to AP',
    kind: 'write',
    roles: {
      LA_OFFICER: 'COMMISSION_FOR_LA',
      SCHOOL_STAFF: 'COMMISSION_BY_OWN_SCHOOL',
      PROVIDER_STAFF: 'ENTRY_AT_OWN_PROVIDER',
    },
  },
  'placement.update': {
    does: 'Review a placement, change its hours, or end it (with a transfer to the next)',
    kind: 'write',
    roles: {
      LA_OFFICER: 'PLACEMENT_OF_LA',
      SCHOOL_STAFF: 'PLACEMENT_OF_SCHOOL',
      PROVIDER_STAFF: 'PLACEMENT_AT_PROVIDER',
    },
  },
  'reintegration.report': {
    does: 'Report a reintegration follow-up checkpoint',
    kind: 'write',
    roles: {
      LA_OFFICER: 'REINTEGRATION_OF_LA',
      SCHOOL_STAFF: 'REINTEGRATION_OF_SCHOOL',
      PROVIDER_STAFF: 'REINTEGRATION_FROM_PROVIDER',
    },
  },
  'exclusion.record': {
    does: 'Record a suspension or a permanent exclusion',
    kind: 'write',
    roles: { LA_OFFICER: 'EXCLUDE_FROM_LA_SCHOOL', SCHOOL_STAFF: 'EXCLUDE_FROM_OWN_SCHOOL' },
  },
  'separation.record': {
    does: 'Record the start or end of a safeguarding separation (not an exclusion: never counted towards E1)',
    kind: 'write',
    roles: { LA_OFFICER: 'EXCLUDE_FROM_LA_SCHOOL', SCHOOL_STAFF: 'EXCLUDE_FROM_OWN_SCHOOL' },
  },
  'directionReview.record': {
    does: 'Record a written request for a review of an off-site direction, or a review meeting and who attended (rules O3, O3b)',
    kind: 'write',
    roles: { LA_OFFICER: 'PLACEMENT_OF_LA', SCHOOL_STAFF: 'PLACEMENT_OF_SCHOOL' },
  },
  'managedMove.record': {
    does: 'Record a managed move to another school, by the school the pupil leaves or joins (rules O7, O7b)',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED' },
  },
  'inclusionBase.record': {
    does: 'Record the start or end of a pupil’s time in their school’s inclusion base (not an AP placement)',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', SCHOOL_STAFF: 'PUPIL_ON_ROLL_OR_COMMISSIONED' },
  },
  'exclusion.governorDecision': {
    does: 'Record the governing board’s decision on an exclusion',
    kind: 'write',
    roles: { LA_OFFICER: 'EXCLUSION_OF_LA', SCHOOL_STAFF: 'EXCLUSION_BY_OWN_SCHOOL' },
  },
  'timeline.correct': {
    does: 'Correct an event on a pupil’s timeline (a new event; the original stays)',
    kind: 'write',
    roles: {
      LA_OFFICER: 'CORRECT_EVENT_OF_LA',
      SCHOOL_STAFF: 'CORRECT_EVENT_OF_SCHOOL',
      PROVIDER_STAFF: 'CORRECT_EVENT_OF_PROVIDER',
    },
  },
  // ---- Writes: fair access
  'fairAccess.refer': {
    does: 'Refer a child to the fair access panel',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA', PANEL_MEMBER: 'PUPIL_REFERRED_TO_PANEL' },
  },
  'fairAccess.casework': {
    does: 'Agree to consider a case, record a panel decision (which may open an AP placement)',
    kind: 'write',
    roles: LA_AND_PANEL_CASEWORK,
  },
  'fairAccess.meeting': {
    does: 'Schedule a panel meeting',
    kind: 'write',
    roles: { LA_OFFICER: 'MEETING_OF_LA', PANEL_MEMBER: 'MEETING_OF_LA' },
  },
  'fairAccess.respond': {
    does: 'Record the allocated school’s acceptance or refusal',
    kind: 'write',
    roles: { LA_OFFICER: 'REFERRAL_OF_LA', SCHOOL_STAFF: 'REFERRAL_TO_OWN_SCHOOL' },
  },
  'fairAccess.direction': {
    does: 'Seek a direction, and record its outcome',
    kind: 'write',
    roles: { LA_OFFICER: 'REFERRAL_OF_LA' },
  },
  'fairAccess.admit': {
    does: 'Record the admission that ends a fair access case',
    kind: 'write',
    roles: { LA_OFFICER: 'REFERRAL_OF_LA', SCHOOL_STAFF: 'REFERRAL_TO_OWN_SCHOOL' },
  },
  // ---- Writes: flags, organisations, settings
  'flag.acknowledge': {
    does: 'Acknowledge a flag they can see',
    kind: 'write',
    roles: {
      LA_OFFICER: 'FLAG_OF_LA',
      SCHOOL_STAFF: 'FLAG_OF_SCHOOL',
      PROVIDER_STAFF: 'FLAG_OF_PROVIDER',
      PANEL_MEMBER: 'FLAG_OF_FAIR_ACCESS',
    },
  },
  'flag.dismiss': {
    does: 'Dismiss a flag with a reason',
    kind: 'write',
    roles: { LA_OFFICER: 'FLAG_OF_LA' },
  },
  'organisation.manage': {
    does: 'Register schools, providers and schools’ inclusion bases, record provider checks, load term dates',
    kind: 'write',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'import.placements': {
    does: 'Import placements (or pupils’ characteristics) from a file, and cancel an import',
    kind: 'write',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'import.read': {
    does: 'Read an import’s progress and its refused rows',
    kind: 'read',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'export.census': {
    does: 'Export the school census AP placement rows of their LA for a census date',
    kind: 'read',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'export.cnis': {
    does: 'Export the Children Not in School register rows (pupils on a roll educated elsewhere) of their LA for a date',
    kind: 'read',
    roles: { LA_OFFICER: 'PLACEMENT_OF_LA' },
  },
  'transfer.keys': {
    does: 'Create their LA’s signing key for transfer packs, and register another LA’s public keys as trusted',
    kind: 'write',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'transfer.readKeys': {
    does: 'Read their LA’s transfer signing keys (public halves) and the other LAs’ keys it trusts',
    kind: 'read',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'transfer.export': {
    does: 'Export a pupil’s AP history pack signed for another LA, closing the open placement (moved out of the LA)',
    kind: 'write',
    roles: { LA_OFFICER: 'PUPIL_OF_LA' },
  },
  'transfer.import': {
    does: 'Import a signed AP history pack from another LA: the pupil joins their LA with that history, read-only',
    kind: 'write',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
  'settings.manage': {
    does: 'Configure the flag webhook and tighten thresholds',
    kind: 'write',
    roles: { LA_OFFICER: 'OWN_LA' },
  },
} as const satisfies Record<string, PermissionDef>;

export type Action = keyof typeof PERMISSIONS;

/** Every GraphQL Query and Mutation field, and the action it performs (a field without one fails the tests). */
export const FIELD_ACTIONS = {
  Query: {
    me: 'reference.read',
    schools: 'directory.read',
    school: 'directory.read',
    providers: 'directory.read',
    provider: 'directory.read',
    pupil: 'pupil.read',
    pupilByUpn: 'pupil.read',
    pupils: 'pupil.read',
    schoolDays: 'reference.read',
    placement: 'placement.read',
    placements: 'placement.read',
    placementPreview: 'placement.commission',
    reintegration: 'reintegration.read',
    reintegrations: 'reintegration.read',
    pupilTimeline: 'pupil.timeline',
    subjectAccessExport: 'pupil.subjectAccess',
    pupilHistoryPack: 'pupil.historyPack',
    transferKeys: 'transfer.readKeys',
    retentionReviews: 'pupil.retentionReview',
    pupilWhereabouts: 'pupil.read',
    providerRoll: 'placement.read',
    schoolPupilsInAp: 'placement.read',
    exclusion: 'exclusion.read',
    suspensionTotal: 'pupil.suspensionTotal',
    flags: 'flag.read',
    flag: 'flag.read',
    flagRules: 'reference.read',
    thresholds: 'reference.read',
    fairAccessReferral: 'referral.read',
    fairAccessReferrals: 'referral.read',
    panelMeetings: 'meeting.read',
    panelMeeting: 'meeting.read',
    panelDecision: 'referral.read',
    fairShare: 'fairAccess.aggregates',
    whoseTurn: 'fairAccess.aggregates',
    adjudicatorReturn: 'fairAccess.aggregates',
    movementSummary: 'report.run',
    apPopulation: 'report.run',
    stayLengthReport: 'report.run',
    reintegrationReport: 'report.run',
    schoolMovementProfile: 'report.run',
    providerScorecard: 'report.run',
    fairAccessReport: 'report.run',
    movementTrend: 'report.run',
    reportCsv: 'report.run',
    importJob: 'import.read',
    censusApPlacementsCsv: 'export.census',
    childrenNotInSchoolCsv: 'export.cnis',
  },
  Mutation: {
    registerPupil: 'pupil.register',
    changePupilCharacteristics: 'pupil.changeCharacteristics',
    enrolPupil: 'pupil.enrol',
    recordLeavingRoll: 'pupil.leaveRoll',
    registerSchool: 'organisation.manage',
    registerProvider: 'organisation.manage',
    recordProviderChecks: 'organisation.manage',
    loadTermDates: 'organisation.manage',
    commissionPlacement: 'placement.commission',
    recordPlacementReview: 'placement.update',
    changePlacementHours: 'placement.update',
    endPlacement: 'placement.update',
    reportReintegrationCheckpoint: 'reintegration.report',
    recordSuspension: 'exclusion.record',
    recordPermanentExclusion: 'exclusion.record',
    recordGovernorDecision: 'exclusion.governorDecision',
    recordSafeguardingSeparation: 'separation.record',
    endSafeguardingSeparation: 'separation.record',
    recordNhsNumber: 'pupil.recordNhsNumber',
    recordDirectionReviewRequest: 'directionReview.record',
    recordDirectionReviewMeeting: 'directionReview.record',
    recordManagedMove: 'managedMove.record',
    registerInclusionBase: 'organisation.manage',
    recordInclusionBaseSpell: 'inclusionBase.record',
    endInclusionBaseSpell: 'inclusionBase.record',
    correctPupilDetails: 'pupil.correctDetails',
    restrictPupilRecord: 'pupil.restrict',
    liftPupilRestriction: 'pupil.restrict',
    approveAnonymisation: 'pupil.approveAnonymisation',
    correctEvent: 'timeline.correct',
    referForFairAccess: 'fairAccess.refer',
    agreeToConsiderReferral: 'fairAccess.casework',
    schedulePanelMeeting: 'fairAccess.meeting',
    recordPanelDecision: 'fairAccess.casework',
    recordSchoolResponse: 'fairAccess.respond',
    requestDirection: 'fairAccess.direction',
    recordDirectionOutcome: 'fairAccess.direction',
    recordFairAccessAdmission: 'fairAccess.admit',
    acknowledgeFlag: 'flag.acknowledge',
    dismissFlag: 'flag.dismiss',
    configureWebhook: 'settings.manage',
    setThresholdOverride: 'settings.manage',
    importPlacements: 'import.placements',
    cancelImportJob: 'import.placements',
    createTransferSigningKey: 'transfer.keys',
    trustLaKeys: 'transfer.keys',
    exportTransferPack: 'transfer.export',
    importTransferPack: 'transfer.import',
  },
} as const satisfies Record<'Query' | 'Mutation', Record<string, Action>>;

/** The condition under which the caller's role may do this, or null when the role may not do it at all. */
export function conditionFor(actor: Pick<Actor, 'role'>, action: Action): Condition | null {
  const roles: Grants = PERMISSIONS[action].roles;
  return roles[actor.role] ?? null;
}

/** For writes and aggregates: the caller's condition, or FORBIDDEN before anything is read or validated. */
export function authorise(actor: Pick<Actor, 'role'>, action: Action): Condition {
  const c = conditionFor(actor, action);
  if (!c)
    throw forbidden(
      `Your role (${ROLE_NAMES[actor.role]}) cannot do this: ${PERMISSIONS[action].does.charAt(0).toLowerCase()}${PERMISSIONS[action].does.slice(1)}.`,
    );
  return c;
}

/** True when the role may do the action on some records. */
export const may = (actor: Pick<Actor, 'role'>, action: Action): boolean => conditionFor(actor, action) !== null;
