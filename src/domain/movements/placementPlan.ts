import type { ApTier, PlacementReason, ProviderKind } from '../enums';
import type { FieldProblem, RuleProblem } from '../problems';
import { AP_SETTING_TYPES } from '../identifiers';
import { DEFAULT_VALUES } from '../flags/thresholds';

/**
 * The most one placement (and a pupil's placements together) may be: a full-time week, the national
 * value of `fullTimeHoursPerWeek` in the threshold table (domain.md §2.3). The national value, not an
 * LA's: it bounds what can be recorded at all (the database's guard is tested to match it).
 */
export const FULL_TIME_HOURS_PER_WEEK = DEFAULT_VALUES.fullTimeHoursPerWeek;

export interface PlanFacts {
  reason: PlacementReason;
  reasonOther?: string | null;
  tier: ApTier;
  startDate: string;
  plannedEndDate?: string | null;
  objectives: string;
  reintegrationPlan: string;
  maximumPeriodSchoolDays?: number | null;
  hoursPerWeek: number;
}

/**
 * Rule P1: a placement needs objectives, a reintegration plan, and — for a time-limited
 * placement or an off-site direction — a planned end; an off-site direction also needs the
 * agreed maximum period (rule O4).
 */
export function ruleP1PlanProblems(p: PlanFacts, opts: { offSiteRulesApply?: boolean } = {}): FieldProblem[] {
  // O4 reaches a direction only where the off-site rules cover the directing school on its first day.
  const o4 = opts.offSiteRulesApply ?? true;
  const out: FieldProblem[] = [];
  if (!p.objectives.trim())
    out.push({ field: 'objectives', message: 'The placement plan needs its objectives (rule P1).' });
  if (!p.reintegrationPlan.trim())
    out.push({
      field: 'reintegrationPlan',
      message: 'The placement plan needs a reintegration plan or next steps (rule P1).',
    });
  if ((p.tier === 'TIER_2_TIME_LIMITED' || p.reason === 'OFF_SITE_DIRECTION') && !p.plannedEndDate)
    out.push({
      field: 'plannedEndDate',
      message: 'A time-limited placement or off-site direction needs a planned end date (rule P1).',
    });
  if (p.plannedEndDate && p.plannedEndDate < p.startDate)
    out.push({ field: 'plannedEndDate', message: 'The planned end date cannot be before the start date.' });
  if (p.reason === 'OFF_SITE_DIRECTION' && o4 && !p.maximumPeriodSchoolDays)
    out.push({
      field: 'maximumPeriodSchoolDays',
      message: 'An off-site direction needs the agreed maximum period (rule O4).',
    });
  if (p.reason === 'OTHER' && !p.reasonOther?.trim())
    out.push({ field: 'reasonOther', message: 'Say what the other reason is.' });
  if (!(p.hoursPerWeek > 0) || p.hoursPerWeek > FULL_TIME_HOURS_PER_WEEK)
    out.push({
      field: 'hoursPerWeek',
      message: `Hours per week must be more than 0 and at most ${FULL_TIME_HOURS_PER_WEEK}.`,
    });
  return out;
}

/**
 * Rule U4: no start without written confirmation of staff safeguarding checks. State-funded AP
 * schools are inspected against statutory safeguarding duties; every other setting needs the letter.
 */
export function ruleU4SafeguardingProblem(
  kind: ProviderKind,
  confirmedOn: string | null | undefined,
  startDate: string,
): RuleProblem | null {
  if (kind === 'REGISTERED_SCHOOL') return null;
  if (!confirmedOn)
    return {
      rule: 'U4',
      field: 'safeguardingConfirmedOn',
      message: 'Record the date of written confirmation of staff safeguarding checks before the placement starts',
    };
  if (confirmedOn > startDate)
    return {
      rule: 'U4',
      field: 'safeguardingConfirmedOn',
      message: 'Written confirmation of safeguarding checks must be received before the placement starts',
    };
  return null;
}

/**
 * Rule P1, the hours of the plan: all the pupil's AP at the same time stays within a full-time week (the
 * threshold table's `fullTimeHoursPerWeek`). `hoursPerWeek` is the new placement's (or new) hours; without it
 * (the database's own guard fired) the problem names only the limit.
 */
export function ruleP1FullTimeWeekProblem(
  otherHoursPerWeek: number,
  hoursPerWeek: number,
  fullTime = FULL_TIME_HOURS_PER_WEEK,
): RuleProblem | null {
  return otherHoursPerWeek + hoursPerWeek > fullTime ? fullTimeWeekExceeded(hoursPerWeek, fullTime) : null;
}

/** The one wording of a full-time week exceeded (rule P1); the other placements' hours are not named. */
export function fullTimeWeekExceeded(hoursPerWeek?: number, fullTime = FULL_TIME_HOURS_PER_WEEK): RuleProblem {
  return {
    rule: 'P1',
    field: 'hoursPerWeek',
    message:
      hoursPerWeek === undefined
        ? `Together with the pupil’s other placements this would be more than a full-time week of ${fullTime} hours`
        : `Together with the pupil’s other AP at the same time, ${hoursPerWeek} hours a week would exceed a full-time week of ${fullTime} hours`,
  };
}

export interface IdentifierChoice {
  providerUrn: string | null;
  providerUkprn: string | null;
  settingType: string | null;
}

/** Rule V5: exactly one of URN, UKPRN or AP setting type; defaults to the provider's own identifier. */
export function ruleV5PlacementIdentifier(
  given: Partial<IdentifierChoice>,
  provider: { urn: string | null; ukprn: string | null; settingType: string | null },
): { ok: true; value: IdentifierChoice } | { ok: false; problem: FieldProblem } {
  const g = {
    providerUrn: given.providerUrn ?? null,
    providerUkprn: given.providerUkprn ?? null,
    settingType: given.settingType ?? null,
  };
  const count = [g.providerUrn, g.providerUkprn, g.settingType].filter((v) => v !== null).length;
  const value =
    count === 0
      ? {
          providerUrn: provider.urn,
          providerUkprn: provider.urn ? null : provider.ukprn,
          settingType: provider.urn || provider.ukprn ? null : provider.settingType,
        }
      : g;
  const n = [value.providerUrn, value.providerUkprn, value.settingType].filter((v) => v !== null).length;
  if (n !== 1)
    return {
      ok: false,
      problem: {
        field: 'providerUrn',
        message: 'Give exactly one of the provider URN, UKPRN or AP setting type (rule V5).',
      },
    };
  if (value.providerUrn !== null && !/^\d{6}$/.test(value.providerUrn))
    return { ok: false, problem: { field: 'providerUrn', message: 'A URN is 6 digits (rule V5).' } };
  if (value.providerUkprn !== null && !/^\d{8}$/.test(value.providerUkprn))
    return { ok: false, problem: { field: 'providerUkprn', message: 'A UKPRN is 8 digits (rule V5).' } };
  if (value.settingType !== null && !(AP_SETTING_TYPES as readonly string[]).includes(value.settingType))
    return {
      ok: false,
      problem: { field: 'settingType', message: 'The AP setting type must be NFE, OOT, OTH or WBP (rule V5).' },
    };
  return { ok: true, value };
}
