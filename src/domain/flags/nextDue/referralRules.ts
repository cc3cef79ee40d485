/**
 * Next-due dates of the fair access rules (fairAccessRules.ts): every dated step of a referral and the
 * deadlines counted from them. Which route a response takes (maintained or academy) can move when CWSA s62
 * commences, so the commencement dates count too. Named after the rules.
 */
import { addDays } from '../../dates';
import type { FairShareSnapshot, ReferralSnapshot } from '../snapshots';
import { afterSchoolDays } from '../support';
import { commencementDates, dayAfter, nextSeptember, type MaybeDate, type NextDue, type RuleNextDue } from './support';

/** The referral closing or the child being admitted ends every step. */
const ends = (r: ReferralSnapshot): MaybeDate[] => [r.closedOn, r.admittedOn];

/** F1: allocation deadline (school days from agreement to consider). */
export const nextDueF1NoAllocation: NextDue<ReferralSnapshot> = (r, _asOf, cal, t) => [
  ...ends(r),
  r.agreedToConsiderOn,
  r.allocatedOn,
  r.agreedToConsiderOn
    ? dayAfter(afterSchoolDays(cal, r.agreedToConsiderOn, t.values.fairAccessAllocationSchoolDays))
    : null,
];

/** F2: start deadline (school days from allocation). */
export const nextDueF2NotStarted: NextDue<ReferralSnapshot> = (r, _asOf, cal, t) => [
  ...ends(r),
  r.allocatedOn,
  r.allocatedOn ? dayAfter(afterSchoolDays(cal, r.allocatedOn, t.values.fairAccessStartSchoolDays)) : null,
];

/** F5: a refusal dated later. */
export const nextDueF5InvalidRefusal: NextDue<ReferralSnapshot> = (r) => [
  ...ends(r),
  ...r.responses.map((x) => x.respondedOn),
];

/** F6: the response window, the intent to direct and the adjudicator window, the direction. */
export const nextDueF6MaintainedDirection: NextDue<ReferralSnapshot> = (r, _asOf, _cal, t) =>
  r.responses.length === 0
    ? []
    : [
        ...ends(r),
        ...commencementDates(t),
        ...r.responses.flatMap((x) => [
          x.respondedOn,
          x.directionIssuedOn,
          x.laDirectionIntentOn,
          x.adjudicatorReferredOn,
          dayAfter(addDays(x.requestedOn, t.values.maintainedResponseCalendarDays)),
          x.laDirectionIntentOn
            ? dayAfter(addDays(x.laDirectionIntentOn, t.values.adjudicatorReferralCalendarDays))
            : null,
        ]),
      ];

/** F7: the academy's response window, the request to DfE and the academy's time to answer it. */
export const nextDueF7AcademyDirection: NextDue<ReferralSnapshot> = (r, _asOf, _cal, t) => {
  const days = t.values.academyResponseCalendarDays;
  return r.responses.length === 0
    ? []
    : [
        ...ends(r),
        ...commencementDates(t),
        ...r.responses.flatMap((x) => [
          x.respondedOn,
          x.sosDecisionOn,
          x.sosDirectionRequestedOn,
          dayAfter(addDays(x.requestedOn, days)),
          x.sosDirectionRequestedOn ? dayAfter(addDays(x.sosDirectionRequestedOn, days)) : null,
        ]),
      ];
};

/** F8: the shares are counted per academic year: a new one starts on 1 September. */
export const nextDueF8DisproportionateShare: NextDue<FairShareSnapshot> = (_s, asOf) => [nextSeptember(asOf)];

export const REFERRAL_NEXT_DUE: Readonly<Record<string, RuleNextDue<ReferralSnapshot>>> = {
  F1: { dates: nextDueF1NoAllocation, scoreGrowsWithTime: true },
  F2: { dates: nextDueF2NotStarted, scoreGrowsWithTime: true },
  F5: { dates: nextDueF5InvalidRefusal, scoreGrowsWithTime: false },
  F6: { dates: nextDueF6MaintainedDirection, scoreGrowsWithTime: true },
  F7: { dates: nextDueF7AcademyDirection, scoreGrowsWithTime: true },
};

export const FAIR_SHARE_NEXT_DUE: Readonly<Record<string, RuleNextDue<FairShareSnapshot>>> = {
  F8: { dates: nextDueF8DisproportionateShare, scoreGrowsWithTime: false },
};
