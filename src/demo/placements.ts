import { legalBasisFor } from '../domain/movements/legalBasis';
import { ruleV5PlacementIdentifier } from '../domain/movements/placementPlan';
import { ruleP2NextReviewDue } from '../domain/movements/schedule';
import type {
  ApTier,
  Destination,
  PlacementReason,
  PlacementRegistration,
  ReviewOutcome,
} from '../generated/prisma/enums';
import type { Ctx, ProviderInfo, PupilRec } from './context';
import { addDays, randomSchoolDay, schoolDaysBefore } from './dates';
import type { Rng } from './random';
import * as text from './text';
import type { DemoActor, PlacementRow, PlacementReviewRow } from './types';

/**
 * Builds one placement the way openPlacement, reviewPlacement, changePlacementHours and
 * closePlacement would have left it: the row, its reviews and the facts its events need.
 */
export interface PlacementSpec {
  pupil: PupilRec;
  provider: ProviderInfo;
  commissioner: 'SCHOOL' | 'LA';
  commissioningSchoolId?: string | null;
  reason: PlacementReason;
  reasonOther?: string;
  tier: ApTier;
  start: string;
  plannedEnd?: string | null;
  hours: number;
  registration?: PlacementRegistration;
  end?: {
    date: string;
    destination: Destination;
    destinationSchoolId?: string | null;
    detail?: string | null;
    atReview?: boolean;
  };
  previousPlacementId?: string | null;
  reviewInterval?: number;
  /** Chance of an extension at the last review before the planned end (open placements). */
  extendChance?: number;
  /** Drop the latest reviews so the next one is overdue today (open placements). */
  overdueReviews?: boolean;
  /** School-commissioned: whether the LA was told (rule U7); default yes. */
  laNotified?: boolean;
  offSite?: { noticeSchoolDays: number; maxPeriod: number; ehcpNotice: boolean };
  hoursFrom?: number;
  startActor?: DemoActor;
  /** Companion placements run alongside another one and do not block the pupil's calendar. */
  companion?: boolean;
}

interface ReviewDraft {
  date: string;
  outcome: ReviewOutcome;
  newPlanned: string | null;
}

function reviewChain(ctx: Ctx, rng: Rng, s: PlacementSpec, interval: number, horizon: string): ReviewDraft[] {
  const cal = s.pupil.la.cal;
  const out: ReviewDraft[] = [];
  let last = s.start;
  let planned = s.plannedEnd ?? null;
  for (let i = 0; i < 200; i++) {
    const due = ruleP2NextReviewDue(cal, last, interval);
    if (due > horizon) break;
    let date = schoolDaysBefore(cal, due, rng.int(0, 3));
    if (date <= last) date = due;
    let outcome: ReviewOutcome = 'CONTINUE';
    let newPlanned: string | null = null;
    const lastBeforePlannedEnd =
      planned !== null && date <= planned && ruleP2NextReviewDue(cal, date, interval) > planned;
    if (lastBeforePlannedEnd && planned && rng.chance(s.extendChance ?? 0)) {
      newPlanned = cal.nthSchoolDayFrom(planned, rng.int(20, 40));
      if (s.end && newPlanned > s.end.date) newPlanned = s.end.date > planned ? s.end.date : null;
      if (newPlanned) {
        outcome = 'EXTEND';
        planned = newPlanned;
      }
    }
    out.push({ date, outcome, newPlanned });
    last = date;
  }
  if (s.overdueReviews && !s.end) {
    // Forget the latest review(s): the next one was due on a school day before today.
    let drop = rng.int(1, 2);
    while (drop > 0 && out.length) {
      const kept = out.slice(0, -1);
      const due = ruleP2NextReviewDue(cal, kept.length ? kept[kept.length - 1]!.date : s.start, interval);
      out.pop();
      if (due < addDays(ctx.today, -3)) drop--;
    }
  }
  return out;
}

function offSiteNotice(s: PlacementSpec, rng: Rng) {
  if (s.reason !== 'OFF_SITE_DIRECTION' || !s.offSite)
    return {
      directionNoticeDate: null,
      directionNotice: undefined,
      maximumPeriodSchoolDays: null,
      ehcpLaNoticeDate: null,
    };
  const cal = s.pupil.la.cal;
  const noticeDate = schoolDaysBefore(cal, s.start, s.offSite.noticeSchoolDays);
  if (cal.addSchoolDays(noticeDate, 2) > s.start)
    throw new Error(`off-site notice ${noticeDate} too late for ${s.start}`);
  const notice = {
    address: `${s.provider.row.name}, ${rng.int(2, 180)} ${rng.pick(['Mill Lane', 'Station Road', 'Park Street', 'Hollis Croft', 'Attercliffe Road', 'Penistone Road'])}, Sheffield S${rng.int(1, 14)} ${rng.int(1, 9)}${rng.pick(['AB', 'DG', 'HN', 'PT', 'WX'])}`,
    personToReportTo: `${rng.pick(text.SAFEGUARDING_LEADS)} (centre manager)`,
    numberOfDays: s.offSite.maxPeriod,
    reasonsAndObjectives:
      'Repeated serious disruption despite in-school support; to improve behaviour and engagement and return to full-time lessons at school.',
    sessionTimes: rng.pick([
      'Monday to Friday, 9:00 to 15:00',
      'Monday to Friday, 9:15 to 15:15',
      'Monday to Thursday 9:00 to 15:00, Friday 9:00 to 12:30',
    ]),
  };
  return {
    directionNoticeDate: noticeDate,
    directionNotice: notice,
    maximumPeriodSchoolDays: s.offSite.maxPeriod,
    ehcpLaNoticeDate: s.offSite.ehcpNotice && s.pupil.row.senStatus === 'EHCP' ? noticeDate : null,
  };
}

export function buildPlacement(ctx: Ctx, rng: Rng, s: PlacementSpec): PlacementRow {
  const la = s.pupil.la;
  const cal = la.cal;
  const prov = s.provider.row;
  const basis = legalBasisFor(s.reason, s.commissioner, s.pupil.row.senStatus ?? 'NONE');
  if (!basis.ok) throw new Error(`demo placement ${s.reason}/${s.commissioner}: ${basis.message}`);
  const ident = ruleV5PlacementIdentifier(
    {},
    { urn: prov.urn ?? null, ukprn: prov.ukprn ?? null, settingType: prov.settingType ?? null },
  );
  if (!ident.ok) throw new Error(`provider ${prov.name}: ${ident.problem.message}`);
  const unregistered = prov.kind === 'UNREGISTERED';
  const registration: PlacementRegistration = unregistered ? 'HOME_SCHOOL_ONLY' : (s.registration ?? 'DUAL_REGISTERED');
  const interval = s.reviewInterval ?? (unregistered && rng.chance(0.4) ? 20 : 30);
  const reviews = reviewChain(ctx, rng, s, interval, s.end ? s.end.date : ctx.today);
  const endedAtReview =
    !!s.end?.atReview &&
    s.end.destination !== 'ANOTHER_AP' &&
    (reviews.length === 0 || reviews[reviews.length - 1]!.date < s.end.date);
  if (endedAtReview) reviews.push({ date: s.end!.date, outcome: 'END', newPlanned: null });
  const planned = reviews.reduce<string | null>((p, r) => r.newPlanned ?? p, s.plannedEnd ?? null);
  const lastReview = reviews.length ? reviews[reviews.length - 1]!.date : null;
  const sgRequired = prov.kind !== 'REGISTERED_SCHOOL';
  const sgOn = sgRequired || rng.chance(0.4) ? addDays(s.start, -rng.int(sgRequired ? 2 : 0, 30)) : null;
  const byLa = s.commissioner === 'LA';
  const row: PlacementRow = {
    id: ctx.id(),
    pupilId: s.pupil.row.id,
    providerId: prov.id,
    laId: la.row.id,
    commissionerKind: s.commissioner,
    commissioningSchoolId: byLa ? null : (s.commissioningSchoolId ?? null),
    reason: s.reason,
    reasonOther: s.reason === 'OTHER' ? (s.reasonOther ?? rng.pick(text.REASON_OTHER)) : null,
    legalBasis: basis.legalBasis,
    tier: s.tier,
    ...ident.value,
    startDate: s.start,
    plannedEndDate: planned,
    endDate: s.end?.date ?? null,
    hoursPerWeek: s.hours,
    registration,
    objectives: text.objectives(rng, s.reason),
    reintegrationPlan: text.reintegrationPlan(rng, s.reason),
    readinessCriteria: rng.chance(0.75) ? text.readinessCriteria(rng) : null,
    registrationConfirmed: !unregistered || rng.chance(0.85),
    safeguardingConfirmedOn: sgOn,
    safeguardingLead: sgOn ? rng.pick(text.SAFEGUARDING_LEADS) : null,
    informationSharedOn: rng.chance(0.9) ? addDays(s.start, -rng.int(0, 5)) : null,
    laNotifiedOn: !byLa && s.laNotified !== false ? addDays(s.start, -rng.int(0, 6)) : null,
    reviewIntervalSchoolDays: interval,
    lastReviewDate: lastReview,
    nextReviewDue: ruleP2NextReviewDue(cal, lastReview ?? s.start, interval),
    ...offSiteNotice(s, rng),
    status: s.end ? 'ENDED' : 'OPEN',
    destination: s.end?.destination ?? null,
    destinationSchoolId: s.end?.destinationSchoolId ?? null,
    destinationDetail:
      s.end?.destination === 'OTHER' ? (s.end.detail ?? rng.pick(text.OTHER_DESTINATIONS)) : (s.end?.detail ?? null),
    previousPlacementId: s.previousPlacementId ?? null,
  };
  ctx.data.placements.push(row);
  for (const r of reviews) {
    const review: PlacementReviewRow = {
      id: ctx.id(),
      placementId: row.id,
      reviewDate: r.date,
      outcome: r.outcome,
      newPlannedEndDate: r.newPlanned,
      notes: text.reviewNote(rng, r.outcome),
    };
    ctx.data.reviews.push(review);
  }
  const startActor = s.startActor ?? (byLa ? la.officer : ctx.schoolActor(la, row.commissioningSchoolId));
  let hoursChange;
  if (s.hoursFrom !== undefined && s.hoursFrom !== s.hours) {
    const on = randomSchoolDay(rng, cal, addDays(s.start, 14), s.end?.date ?? ctx.today);
    if (on)
      hoursChange = {
        on,
        from: s.hoursFrom,
        to: s.hours,
        reason: s.hours > s.hoursFrom ? text.HOURS_CHANGE_REASONS.up : text.HOURS_CHANGE_REASONS.down,
      };
  }
  ctx.placementMeta.set(row.id, {
    startActor,
    startNote: text.startNote(s.reason, byLa, !!s.previousPlacementId),
    endActor: startActor,
    endNote: s.end
      ? endedAtReview
        ? ctx.data.reviews[ctx.data.reviews.length - 1]!.notes
        : text.endNote(rng, s.end.destination)
      : undefined,
    reviewActor: rng.chance(0.6) ? ctx.providerActor(la, prov.id) : startActor,
    hoursChange,
  });
  if (s.companion) ctx.companions.add(row.id);
  else s.pupil.busy.push({ start: s.start, end: s.end?.date ?? '9999-12-31' });
  return row;
}
