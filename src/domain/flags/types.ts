/**
 * Shared types of the flag-rule engine. Rules are pure: a snapshot, a date, a school-day calendar
 * and the resolved thresholds in; flag candidates out. Persisting, de-duplicating and resolving
 * flags is the worker's job, not the engine's.
 */
import type { SchoolDays } from '../calendar/schoolDays';
import type { FlagSeverity, FlagSubject } from '../enums';
import type { IsoDate } from '../dates';
import type { ResolvedThresholds } from './thresholds';
import type { RuleId } from './catalogue';

export type { IsoDate } from '../dates';
export type { FlagSeverity } from '../enums';

export type { SchoolDays };

/**
 * AP performance framework outcomes (domain.md §1.2), plus SAFEGUARDING and ACCESS_TO_EDUCATION
 * for rules no framework outcome fits (unlawful settings, missing education, panel deadlines).
 */
export type FlagOutcome =
  | 'OUTREACH'
  | 'ATTENDANCE'
  | 'REINTEGRATION'
  | 'ATTAINMENT'
  | 'POST16_TRANSITION'
  | 'SAFEGUARDING'
  | 'ACCESS_TO_EDUCATION';

/** Prisma's FlagSubject; SCHOOL is the subject of F8 (a school's share of fair access admissions). */
export type FlagSubjectType = FlagSubject;

/** Declared by the catalogue's keys (catalogue.ts): one place to add a rule ID. */
export type { RuleId };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Evidence = { [key: string]: JsonValue };

export interface FlagCandidate {
  ruleId: RuleId;
  outcome: FlagOutcome;
  severity: FlagSeverity;
  subjectType: FlagSubjectType;
  subjectId: string;
  /** '' for a once-per-subject condition; otherwise what makes a new occurrence a new flag. */
  periodKey: string;
  laId: string;
  pupilId?: string;
  placementId?: string;
  providerId?: string;
  schoolId?: string;
  title: string;
  /** The figures that tripped the rule, JSON-safe. */
  evidence: Evidence;
  /** Grows as the evidence worsens (days overdue, pupil count…), so a dismissed flag can reopen. */
  evidenceScore: number;
  /** CONFIG_VERSION, plus the LA's overrides when it has any. */
  configVersion: string;
  /** True when the rule comes from a proposal, not law; the title then says so. */
  proposal: boolean;
}

/** Every rule has this shape: pure, and a new array each call. */
export type Rule<S> = (
  snapshot: S,
  asOf: IsoDate,
  calendar: SchoolDays,
  thresholds: ResolvedThresholds,
) => FlagCandidate[];
