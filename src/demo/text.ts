import type { Destination, PlacementReason, RollExitCategory, ReviewOutcome } from '../generated/prisma/enums';
import type { Rng } from './random';

/** The free text clerks would type, varied enough that the demo timeline reads naturally. */

const TOWNS = [
  'Leeds',
  'Manchester',
  'Doncaster',
  'Derby',
  'Nottingham',
  'Bradford',
  'Birmingham',
  'Chesterfield',
  'Barnsley',
  'Hull',
  'York',
  'Glasgow',
];

export function leaveReason(rng: Rng, category: RollExitCategory): string {
  switch (category) {
    case 'MOVED_AWAY':
      return `Family moved to ${rng.pick(TOWNS)}; new school confirmed and CTF sent.`;
    case 'ELECTIVE_HOME_EDUCATION':
      return 'Parent gave written notice of elective home education; LA EHE team informed.';
    case 'CME_OR_UNKNOWN':
      return 'Deleted after 20 school days of continuous absence and joint reasonable enquiries with the LA; whereabouts unknown, CME referral made.';
    case 'TRANSFERRED_TO_SCHOOL':
      return 'Transferred to another school.';
    case 'PHASE_TRANSITION':
      return 'Normal phase transition.';
    case 'PERMANENT_EXCLUSION':
      return 'Permanent exclusion upheld by governors; independent review window closed.';
    case 'OTHER':
      return rng.pick([
        'Family emigrated; no further school in England.',
        'Moved abroad with parent (armed forces posting).',
      ]);
  }
}

export const REASON_OTHER = [
  'Emotionally based school avoidance: graduated return with wellbeing support',
  'Young carer: flexible timetable agreed with family support worker',
  'Transition support after release from youth custody',
  'Anxiety following bullying: managed return plan',
];

const OBJECTIVES: Record<PlacementReason, readonly string[]> = {
  PERMANENT_EXCLUSION: [
    'Full-time education from day 6; stabilise attendance above 90%; keep pace in English, maths and science; prepare for a new mainstream school.',
    'Secure a full-time timetable, assess literacy and SEMH needs, and plan a move to a new school or post-16 route.',
  ],
  SUSPENSION_OVER_FIVE_DAYS: [
    'Full-time provision from day 6 of the suspension; keep up with set work and prepare for the reintegration meeting.',
  ],
  OFF_SITE_DIRECTION: [
    'Improve behaviour through a structured timetable and mentoring; attendance above 90%; no further suspensions on return.',
    'Address escalating behaviour in a small-group setting while keeping up with the home school curriculum.',
  ],
  BEHAVIOUR_EARLY_INTERVENTION: [
    'Targeted weekly sessions on emotional regulation and engagement; reduce behaviour incidents by half this half-term.',
    'Small-group vocational learning to re-engage with education; improve attendance and punctuality.',
  ],
  HEALTH_NEEDS: [
    'Education that fits the medical plan: core subjects at home or in a small setting, building towards a return.',
    'Maintain progress in English and maths during treatment; phased increase of hours as health allows.',
  ],
  AWAITING_SCHOOL_PLACE: [
    'Full-time education while a school place is found through the fair access protocol; baseline assessments shared with the new school.',
  ],
  EHCP_NAMED: ['Deliver the special educational provision in section F of the EHC plan in a specialist AP setting.'],
  OTHER: ['Personalised timetable to rebuild attendance and confidence, with weekly check-ins with the home school.'],
};

export function objectives(rng: Rng, reason: PlacementReason): string {
  return rng.pick(OBJECTIVES[reason]);
}

export function reintegrationPlan(rng: Rng, reason: PlacementReason): string {
  if (reason === 'PERMANENT_EXCLUSION')
    return rng.pick([
      'Move to a new mainstream school through the fair access panel, with a 6-week transition package.',
      'Key stage 4: stay to the end of Year 11 with a college taster programme and a September Guarantee offer.',
    ]);
  if (reason === 'EHCP_NAMED')
    return 'Review at the annual EHC plan review; consider a specialist or mainstream place with support.';
  if (reason === 'AWAITING_SCHOOL_PLACE')
    return 'Start at the allocated school within 20 school days of the panel decision, with a transition meeting.';
  return rng.pick([
    'Phased return to the home school: two days a week from week 6, full-time by the planned end.',
    'Return to the home school with a key worker and weekly check-ins for the first half-term.',
    'Reintegration meeting with parent, pupil and head of year two weeks before the planned end.',
  ]);
}

export function readinessCriteria(rng: Rng): string {
  return rng.pick([
    'Attendance above 90% for four consecutive weeks and no serious incidents.',
    'Meeting personal targets in three of four review areas; pupil and parent agree they are ready.',
    'Able to manage a full day in a group of 15 with agreed support strategies.',
  ]);
}

export function startNote(reason: PlacementReason, byLa: boolean, transfer: boolean): string {
  if (transfer) return 'Moved to a setting that better meets the pupil’s needs, agreed at review.';
  switch (reason) {
    case 'PERMANENT_EXCLUSION':
      return 'Day-6 provision after permanent exclusion.';
    case 'SUSPENSION_OVER_FIVE_DAYS':
      return 'Day-6 provision during a suspension of more than five days.';
    case 'OFF_SITE_DIRECTION':
      return 'Off-site direction by the governing board to improve behaviour; written notice given to parents.';
    case 'BEHAVIOUR_EARLY_INTERVENTION':
      return 'Early intervention agreed at the school’s inclusion panel.';
    case 'HEALTH_NEEDS':
      return byLa
        ? 'Medical evidence received: pupil will miss 15+ school days; LA s19 provision arranged.'
        : 'Short-term provision while the pupil recovers, agreed with parents and the school nurse.';
    case 'AWAITING_SCHOOL_PLACE':
      return 'Fair access panel: interim provision while a school place is allocated.';
    case 'EHCP_NAMED':
      return 'Setting named in section I of the amended EHC plan.';
    case 'OTHER':
      return 'Personalised provision agreed at a multi-agency meeting.';
  }
}

export function reviewNote(rng: Rng, outcome: ReviewOutcome): string {
  const att = rng.int(68, 98);
  if (outcome === 'EXTEND')
    return `Review with provider, parent and school: attendance ${att}%. Good progress but not yet ready to return; extended with the same objectives.`;
  if (outcome === 'END') return `Final review: attendance ${att}%, objectives met. Placement ends.`;
  return rng.pick([
    `Half-termly review with provider and parent: attendance ${att}%, engaging well in English and maths. Continue.`,
    `Review held: attendance ${att}%. Two minor incidents, both resolved. Targets updated; continue.`,
    `Review with pupil voice: enjoys practical sessions, attendance ${att}%. Continue with current plan.`,
  ]);
}

export function endNote(rng: Rng, destination: Destination): string {
  switch (destination) {
    case 'MAINSTREAM_SCHOOL':
      return rng.pick([
        'Objectives met; returning to mainstream school with a reintegration plan.',
        'Ready to return; transition meeting held with the receiving school.',
      ]);
    case 'SPECIAL_SCHOOL':
      return 'EHC plan amended to name a special school; place starts next term.';
    case 'ANOTHER_AP':
      return 'Placement not meeting needs; moving to another AP setting agreed at review.';
    case 'POST16_EET':
      return 'Completed Year 11; enrolled on a college course in September.';
    case 'NEET':
      return 'Completed Year 11; no post-16 offer taken up. Referred to the NEET support team.';
    case 'ELECTIVE_HOME_EDUCATION':
      return 'Parent has chosen to home educate; written notice received.';
    case 'MOVED_OUT_OF_LA':
      return `Family moved to ${rng.pick(TOWNS)}; new LA informed.`;
    case 'CHILDREN_MISSING_EDUCATION':
      return 'Stopped attending; whereabouts unknown. CME referral made.';
    case 'OTHER':
      return 'Placement ended; see destination detail.';
  }
}

export const OTHER_DESTINATIONS = [
  'Admitted to a Tier 4 CAMHS inpatient unit with its own hospital school.',
  'Remanded to a secure children’s home.',
];

export function exclusionNote(rng: Rng, kind: 'SUSPENSION' | 'PERMANENT'): string {
  if (kind === 'PERMANENT')
    return rng.pick([
      'Headteacher’s decision after a serious breach of the behaviour policy; parents, governors and LA notified the same day.',
      'Permanent exclusion following persistent disruption despite a pastoral support plan; LA notified.',
    ]);
  return rng.pick([
    'Parents and LA notified the same day; work set for the period of suspension.',
    'Suspension letter sent to parents; LA notified; reintegration meeting booked.',
    'Lunchtime and afternoon behaviour incident; parents informed, LA notified.',
  ]);
}

export function governorNote(outcome: 'UPHELD' | 'REINSTATED'): string {
  return outcome === 'UPHELD'
    ? 'Governors’ panel met with parents; decision upheld. Parents told of the right to an independent review.'
    : 'Governors’ panel directed reinstatement; pupil returns with a pastoral support plan.';
}

export function checkpointReason(rng: Rng, outcome: 'SUSTAINED' | 'BROKEN_DOWN'): string {
  if (outcome === 'SUSTAINED')
    return rng.pick([
      'On roll and attending well (attendance above 92%); no suspensions.',
      'Settled; attendance 95%, positive report from the head of year.',
      'Attending full-time; one minor incident, managed in school.',
    ]);
  return rng.pick([
    'Attendance fell below 60% and a further suspension followed; reintegration has broken down.',
    'Refusing to attend since half-term; family asking for an alternative.',
    'Serious incident in week 3; school requesting AP again.',
  ]);
}

export const SAFEGUARDING_LEADS = [
  'Sarah Hollins',
  'Gareth Pryce',
  'Amira Shah',
  'Lee Dobson',
  'Karen Whitley',
  'Tom Asante',
  'Jo Marsden',
];

export const HOURS_CHANGE_REASONS = {
  up: 'Increasing hours as agreed at review: the pupil is coping well with the timetable.',
  down: 'Reducing hours on medical advice for the next few weeks.',
};
