/** Movements and off-rolling oversight (domain.md §5.4, §9.9 M3, M5). */
import { commenced } from '../law/commencement';
import { isCompulsorySchoolAge } from '../academicYear';
import { addDays, type IsoDate } from '../dates';
import type { PupilSnapshot } from './snapshots';
import { activeOn, inclusiveDays, isApPlacement, onOrBefore, raise } from './support';
import type { FlagCandidate, Rule } from './types';

interface EheExit {
  date: IsoDate;
  schoolId: string | null;
  specialSchool: boolean;
}

/** Exits to home education: from a school roll, or recorded as a placement's destination (one per date). */
function eheExits(s: PupilSnapshot, asOf: IsoDate): EheExit[] {
  const byDate = new Map<IsoDate, EheExit>();
  for (const en of s.enrolments)
    if (en.endReasonKind === 'ELECTIVE_HOME_EDUCATION' && onOrBefore(en.endDate, asOf))
      byDate.set(en.endDate, { date: en.endDate, schoolId: en.schoolId, specialSchool: en.schoolIsSpecial === true });
  for (const p of s.placements)
    if (p.destination === 'ELECTIVE_HOME_EDUCATION' && onOrBefore(p.endDate, asOf) && !byDate.has(p.endDate))
      byDate.set(p.endDate, { date: p.endDate, schoolId: p.commissioningSchoolId, specialSchool: false });
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** M3: a pupil leaves for home education with a vulnerability the EHE/CME guidance singles out. */
export const ruleM3VulnerableToHomeEducation: Rule<PupilSnapshot> = (s, asOf, _cal, t) => {
  const out: FlagCandidate[] = [];
  for (const x of eheExits(s, asOf)) {
    const since = addDays(x.date, -t.values.eheRecentConcernCalendarDays);
    const overlaps = (a: { startDate: IsoDate; endDate: IsoDate | null }) =>
      a.startDate <= x.date && (a.endDate === null || a.endDate >= since);
    const reasons: string[] = [];
    if (s.placements.some((p) => isApPlacement(p) && overlaps(p))) reasons.push('IN_OR_RECENTLY_IN_AP');
    if (s.pupil.lookedAfter || s.pupil.socialCareStatus !== 'NONE') reasons.push('SOCIAL_CARE_INVOLVEMENT');
    if (x.specialSchool) reasons.push('SPECIAL_SCHOOL');
    if (s.exclusions.some((e) => e.kind === 'SUSPENSION' && e.startDate >= since && e.startDate <= x.date))
      reasons.push('RECENT_SUSPENSION');
    if ((s.partTimeTimetables ?? []).some(overlaps)) reasons.push('RECENT_PART_TIME_TIMETABLE');
    if (!reasons.length) continue;
    const cwsaConsent =
      commenced(t.commencements, 'CWSA_EHE_CONSENT', x.date) && s.pupil.socialCareStatus === 'CHILD_PROTECTION';
    out.push(
      raise('M3', t, {
        subjectId: s.pupil.id,
        laId: s.pupil.laId,
        pupilId: s.pupil.id,
        schoolId: x.schoolId,
        periodKey: `EHE:${x.date}`,
        evidence: {
          leftForHomeEducationOn: x.date,
          reasons,
          lookbackCalendarDays: t.values.eheRecentConcernCalendarDays,
          // Special-school pupils already need LA consent to be removed for EHE (§5.4); once the CWSA 2026
          // consent provisions commence (switch CWSA_EHE_CONSENT), so do children with a child protection plan.
          laConsentNeeded: x.specialSchool || cwsaConsent,
          cwsaConsentInForce: commenced(t.commencements, 'CWSA_EHE_CONSENT', x.date),
        },
        score: reasons.length,
      }),
    );
  }
  return out;
};

/**
 * M5: a child of compulsory school age on no roll, in no provision, with no home education record
 * and no recorded move away, after their last registration or provision ended.
 */
export const ruleM5ChildMissingEducation: Rule<PupilSnapshot> = (s, asOf, _cal, t) => {
  const p = s.pupil;
  if (!isCompulsorySchoolAge(p.dateOfBirth, asOf)) return [];
  if (s.enrolments.some((en) => activeOn(en, asOf)) || s.placements.some((x) => activeOn(x, asOf))) return [];
  const eheActive = onOrBefore(p.electiveHomeEducationFrom, asOf) && !onOrBefore(p.electiveHomeEducationEndedOn, asOf);
  if (eheActive || onOrBefore(p.movedOutOfLaOn, asOf)) return [];
  const exits = [
    ...s.enrolments.flatMap((en) =>
      onOrBefore(en.endDate, asOf)
        ? [
            {
              date: en.endDate,
              explained: en.endReasonKind === 'TRANSFERRED_TO_SCHOOL' || en.endReasonKind === 'MOVED_AWAY',
            },
          ]
        : [],
    ),
    ...s.placements.flatMap((x) =>
      onOrBefore(x.endDate, asOf) ? [{ date: x.endDate, explained: x.destination === 'MOVED_OUT_OF_LA' }] : [],
    ),
  ];
  if (!exits.length) return []; // never registered or placed here: nothing to go missing from
  const lastDate = exits.reduce((d, e) => (e.date > d ? e.date : d), exits[0]!.date);
  if (exits.some((e) => e.date === lastDate && e.explained)) return [];
  const missingSince = addDays(lastDate, 1);
  const days = inclusiveDays(missingSince, asOf);
  return [
    raise('M5', t, {
      subjectId: p.id,
      laId: p.laId,
      pupilId: p.id,
      periodKey: missingSince,
      evidence: { lastOnRollOrInProvision: lastDate, notInEducationSince: missingSince, calendarDays: days },
      score: days,
    }),
  ];
};
