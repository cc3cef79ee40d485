/**
 * Next-due dates of the provider rules (unregisteredRules.ts, registrationLookBack.ts). Every provider rule
 * is about unregistered settings: for any other kind, none. Named after the rules.
 */
import { applicabilityOf } from '../../law/applicability';
import type { ProviderSnapshot } from '../snapshots';
import {
  commencementDates,
  compulsorySchoolAgeDates,
  dayAfter,
  nextSeptember,
  spanDates,
  type MaybeDate,
  type NextDue,
  type RuleNextDue,
} from './support';

const unregistered = (s: ProviderSnapshot) => s.provider.kind === 'UNREGISTERED';

/** The days on which who is educated full-time here can change: placements starting or ending, ages. */
const fullTimeChanges = (s: ProviderSnapshot): MaybeDate[] =>
  s.placements.flatMap((p) => [p.startDate, dayAfter(p.endDate), ...compulsorySchoolAgeDates(p.pupil.dateOfBirth)]);

/** U5, U6: how many placements run changes (the loader's count, or the placements listed). */
const inUseChanges = (s: ProviderSnapshot): MaybeDate[] =>
  s.placementsInUse !== undefined ? [s.placementsInUseChangesOn] : s.placements.flatMap(spanDates);

/** U1, U2: the look-back window moves on 1 September; runs start and end on change points. */
export const nextDueU1PossibleUnregisteredSchool: NextDue<ProviderSnapshot> = (s, asOf) =>
  unregistered(s) ? [nextSeptember(asOf), ...fullTimeChanges(s)] : [];
export const nextDueU2LookedAfterOrEhcpFullTime = nextDueU1PossibleUnregisteredSchool;

/** U2b: s43 comes into force (its period, the installation's commencement), or full-time pupils change. */
export const nextDueU2bSenFullTimeCwsa: NextDue<ProviderSnapshot> = (s, _asOf, _cal, t) =>
  unregistered(s)
    ? [...applicabilityOf('U2b').map((p) => p.effectiveFrom), ...commencementDates(t), ...fullTimeChanges(s)]
    : [];

/** U5: the risk assessment's date arrives, or placements start or end. */
export const nextDueU5NoRiskAssessment: NextDue<ProviderSnapshot> = (s) =>
  unregistered(s) ? [s.provider.riskAssessmentDate, ...inUseChanges(s)] : [];

/** U6: placements start or end. */
export const nextDueU6NotApproved: NextDue<ProviderSnapshot> = (s) => (unregistered(s) ? inUseChanges(s) : []);

export const PROVIDER_NEXT_DUE: Readonly<Record<string, RuleNextDue<ProviderSnapshot>>> = {
  U1: { dates: nextDueU1PossibleUnregisteredSchool, scoreGrowsWithTime: false },
  U2: { dates: nextDueU2LookedAfterOrEhcpFullTime, scoreGrowsWithTime: false },
  U2b: { dates: nextDueU2bSenFullTimeCwsa, scoreGrowsWithTime: false },
  U5: { dates: nextDueU5NoRiskAssessment, scoreGrowsWithTime: false },
  U6: { dates: nextDueU6NotApproved, scoreGrowsWithTime: false },
};
