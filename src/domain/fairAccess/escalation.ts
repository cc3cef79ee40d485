/**
 * What a refusal (or silence) opens, by the school's type (domain.md §4.5; rules F6, F7).
 * Response windows are calendar days, not school days.
 */
import type { SchoolType } from '../enums';
import { addDays, type IsoDate } from '../dates';
import { DEFAULT_VALUES } from '../flags/thresholds';
import { commenced, type Commencements } from '../law/commencement';

export type EscalationRoute = 'LA_DIRECTION' | 'SECRETARY_OF_STATE_DIRECTION';

export interface RouteAnswer {
  route: EscalationRoute;
  /** The LA is the admission authority (community / voluntary-controlled school, PRU): it decides and the governing body implements. */
  laIsAdmissionAuthority: boolean;
  /** The school may refer the intended direction to the Schools Adjudicator (own admission authority only). */
  adjudicatorWindow: boolean;
  rule: 'F6' | 'F7';
  /** The LA directs an academy under CWSA 2026 s62 (commenced on the escalation's date). */
  s62?: boolean;
}

/** When the escalation happens, and this installation's commencements: CWSA s62 changes an academy's route. */
export interface EscalationWhen {
  on: IsoDate;
  commencements: Commencements;
}

/**
 * Maintained school → LA direction (F6): a voluntary-aided or foundation school (its own admission
 * authority) may refer to the Schools Adjudicator within 15 days; for a community or VC school the
 * LA is the admission authority, so there is no adjudicator window. School.type cannot tell these
 * apart, so the caller says which, defaulting to the own-admission-authority path (the stricter one).
 * A PRU is run by the LA. Academy, AP academy, AP free school → request to the Secretary of State (F7).
 * Special and independent schools are not placed through the protocol: null.
 *
 * Once CWSA 2026 s62 has commenced (the installation's switch, judged on the escalation's date), the LA
 * directs a refusing academy, AP academy or AP free school itself (never a special academy: SPECIAL stays
 * outside the protocol). An academy is its own admission authority, so the adjudicator window opens as
 * for a voluntary-aided or foundation school [U: the referral right under s62 is not in our sources].
 */
export function escalationRouteFor(
  type: SchoolType,
  laIsAdmissionAuthority = false,
  when?: EscalationWhen,
): RouteAnswer | null {
  switch (type) {
    case 'MAINTAINED':
      return { route: 'LA_DIRECTION', laIsAdmissionAuthority, adjudicatorWindow: !laIsAdmissionAuthority, rule: 'F6' };
    case 'PRU':
      return { route: 'LA_DIRECTION', laIsAdmissionAuthority: true, adjudicatorWindow: false, rule: 'F6' };
    case 'ACADEMY':
    case 'AP_ACADEMY':
    case 'AP_FREE_SCHOOL':
      if (when && commenced(when.commencements, 'CWSA_S62', when.on))
        return { route: 'LA_DIRECTION', laIsAdmissionAuthority: false, adjudicatorWindow: true, rule: 'F6', s62: true };
      return {
        route: 'SECRETARY_OF_STATE_DIRECTION',
        laIsAdmissionAuthority: false,
        adjudicatorWindow: false,
        rule: 'F7',
      };
    case 'SPECIAL':
    case 'INDEPENDENT':
      return null;
  }
}

/** The two-value school type the flag rules read: which route (F6 or F7) a refusal opens on the date. */
export function flagSchoolType(type: SchoolType, when?: EscalationWhen): 'MAINTAINED' | 'ACADEMY' | null {
  const r = escalationRouteFor(type, false, when);
  if (!r) return null;
  return r.route === 'LA_DIRECTION' ? 'MAINTAINED' : 'ACADEMY';
}

export interface WindowDays {
  maintainedResponseCalendarDays: number;
  academyResponseCalendarDays: number;
  adjudicatorReferralCalendarDays: number;
}

export const DEFAULT_WINDOWS: WindowDays = {
  maintainedResponseCalendarDays: DEFAULT_VALUES.maintainedResponseCalendarDays,
  academyResponseCalendarDays: DEFAULT_VALUES.academyResponseCalendarDays,
  adjudicatorReferralCalendarDays: DEFAULT_VALUES.adjudicatorReferralCalendarDays,
};

/** Rules F6 / F7: the last calendar day the school has to answer a request to admit. */
export function ruleF6F7RespondBy(
  route: EscalationRoute,
  requestedOn: IsoDate,
  w: WindowDays = DEFAULT_WINDOWS,
): IsoDate {
  return addDays(
    requestedOn,
    route === 'LA_DIRECTION' ? w.maintainedResponseCalendarDays : w.academyResponseCalendarDays,
  );
}

/** Rule F6: the last day a school told of an intended direction may refer it to the adjudicator; null without that right. */
export function ruleF6AdjudicatorDeadline(
  answer: Pick<RouteAnswer, 'adjudicatorWindow'>,
  intentOn: IsoDate,
  w: WindowDays = DEFAULT_WINDOWS,
): IsoDate | null {
  return answer.adjudicatorWindow ? addDays(intentOn, w.adjudicatorReferralCalendarDays) : null;
}

/** Rule F7: the academy's 7 calendar days to answer DfE on a direction request. */
export function ruleF7AcademyAnswerBy(requestedOn: IsoDate, w: WindowDays = DEFAULT_WINDOWS): IsoDate {
  return addDays(requestedOn, w.academyResponseCalendarDays);
}

export type EscalationBasis =
  | { ok: true; basis: 'REFUSAL' | 'NO_RESPONSE' }
  | { ok: false; reason: 'ACCEPTED' | 'WINDOW_OPEN'; respondBy: IsoDate };

/** Whether a direction may be sought on `on`: after a refusal, or once the response window has passed in silence. */
export function escalationBasis(
  route: EscalationRoute,
  requestedOn: IsoDate,
  response: { outcome: 'ACCEPTED' | 'REFUSED' } | null,
  on: IsoDate,
  w: WindowDays = DEFAULT_WINDOWS,
): EscalationBasis {
  const respondBy = ruleF6F7RespondBy(route, requestedOn, w);
  if (response?.outcome === 'REFUSED') return { ok: true, basis: 'REFUSAL' };
  if (response?.outcome === 'ACCEPTED') return { ok: false, reason: 'ACCEPTED', respondBy };
  return on > respondBy ? { ok: true, basis: 'NO_RESPONSE' } : { ok: false, reason: 'WINDOW_OPEN', respondBy };
}
