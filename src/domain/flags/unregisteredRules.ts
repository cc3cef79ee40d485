/**
 * Unregistered providers (domain.md §3.1–3.3, §9.2 U1, U2, U2b, U5, U6). Counted per provider across
 * ALL commissioners, because the registration duty attaches to the setting, not to one contract.
 */
import { ruleApplies } from '../law/applicability';
import { isCompulsorySchoolAge } from '../academicYear';
import type { IsoDate } from '../dates';
import type { ProviderPlacementFacts, ProviderSnapshot } from './snapshots';
import type { ResolvedThresholds } from './thresholds';
import { activeOn, raise, round1 } from './support';
import type { Rule } from './types';

interface FullTimePupil {
  pupil: ProviderPlacementFacts['pupil'];
  hours: number;
  placementIds: string[];
  commissioners: Set<string>;
  substantiallyAll: boolean;
}

const commissionerOf = (p: ProviderPlacementFacts) =>
  p.commissionerKind === 'SCHOOL' ? `SCHOOL:${p.commissioningSchoolId ?? '?'}` : `LA:${p.laId}`;

/**
 * Pupils of compulsory school age this provider educates full-time on asOf: more than the hours limit
 * summed over all their placements here, or "all or substantially all" of their education (§3.1).
 */
export function fullTimePupilsAt(s: ProviderSnapshot, asOf: IsoDate, t: ResolvedThresholds): FullTimePupil[] {
  const byPupil = new Map<string, FullTimePupil>();
  for (const p of s.placements) {
    if (!activeOn(p, asOf) || !isCompulsorySchoolAge(p.pupil.dateOfBirth, asOf)) continue;
    const e = byPupil.get(p.pupilId) ?? {
      pupil: p.pupil,
      hours: 0,
      placementIds: [],
      commissioners: new Set<string>(),
      substantiallyAll: false,
    };
    e.hours = round1(e.hours + p.hoursPerWeek);
    e.placementIds.push(p.id);
    e.commissioners.add(commissionerOf(p));
    e.substantiallyAll ||= p.allOrSubstantiallyAllEducation === true;
    byPupil.set(p.pupilId, e);
  }
  const limit = t.values.unregisteredFullTimeHours;
  return [...byPupil.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e)
    .filter((e) => e.hours > limit || e.substantiallyAll);
}

const describe = (list: FullTimePupil[]) =>
  list.map((e) => ({ pupilId: e.pupil.id, hoursPerWeek: e.hours, placementIds: e.placementIds }));

const commissionerCount = (list: FullTimePupil[]) => new Set(list.flatMap((e) => [...e.commissioners])).size;

function refs(s: ProviderSnapshot) {
  return { subjectId: s.provider.id, laId: s.provider.laId, providerId: s.provider.id };
}

/** U1: at least the registration count of CSA pupils full-time here at once. */
export const ruleU1PossibleUnregisteredSchool: Rule<ProviderSnapshot> = (s, asOf, _cal, t) => {
  if (s.provider.kind !== 'UNREGISTERED') return [];
  const ft = fullTimePupilsAt(s, asOf, t);
  const needed = t.values.registrationPupilCount;
  if (ft.length < needed) return [];
  return [
    raise('U1', t, {
      ...refs(s),
      evidence: {
        fullTimePupils: ft.length,
        registrationCount: needed,
        hoursOver: t.values.unregisteredFullTimeHours,
        commissioners: commissionerCount(ft),
        pupils: describe(ft),
      },
      score: ft.length,
    }),
  ];
};

/** U2: any full-time CSA pupil who is looked after or has an EHC plan. */
export const ruleU2LookedAfterOrEhcpFullTime: Rule<ProviderSnapshot> = (s, asOf, _cal, t) => {
  if (s.provider.kind !== 'UNREGISTERED') return [];
  const hit = fullTimePupilsAt(s, asOf, t).filter((e) => e.pupil.lookedAfter || e.pupil.senStatus === 'EHCP');
  if (!hit.length) return [];
  return [
    raise('U2', t, {
      ...refs(s),
      evidence: { pupils: describe(hit), hoursOver: t.values.unregisteredFullTimeHours },
      score: hit.length,
    }),
  ];
};

/**
 * U2b: once CWSA 2026 s43 is in force on the day (the installation's commencement switch), or earlier
 * where the LA applies it as a local choice, any full-time CSA pupil on SEN support (EHCP/LAC are
 * U2's). Before commencement its flags are labelled "not yet law".
 */
export const ruleU2bSenFullTimeCwsa: Rule<ProviderSnapshot> = (s, asOf, _cal, t) => {
  const inLaw = ruleApplies('U2b', asOf, {}, t.commencements).applies;
  if (s.provider.kind !== 'UNREGISTERED' || (!inLaw && t.values.cwsaS43Commenced < 1)) return [];
  const hit = fullTimePupilsAt(s, asOf, t).filter((e) => e.pupil.senStatus === 'SEN_SUPPORT' && !e.pupil.lookedAfter);
  if (!hit.length) return [];
  return [
    raise('U2b', t, {
      ...refs(s),
      evidence: {
        pupils: describe(hit),
        hoursOver: t.values.unregisteredFullTimeHours,
        s43InForce: inLaw,
        s43CommencedOn: t.commencements.CWSA_S43 ?? null,
      },
      score: hit.length,
      proposal: !inLaw,
    }),
  ];
};

const inUse = (s: ProviderSnapshot, asOf: IsoDate) => s.placements.filter((p) => activeOn(p, asOf)).length;

/** U5: in use with no risk assessment recorded (by asOf). */
export const ruleU5NoRiskAssessment: Rule<ProviderSnapshot> = (s, asOf, _cal, t) => {
  const open = inUse(s, asOf);
  const ra = s.provider.riskAssessmentDate;
  if (s.provider.kind !== 'UNREGISTERED' || open === 0 || (ra !== null && ra <= asOf)) return [];
  return [raise('U5', t, { ...refs(s), evidence: { riskAssessmentDate: null, openPlacements: open }, score: open })];
};

/** U6: where the LA runs an approved list, in use while not on it or after failing QA. */
export const ruleU6NotApproved: Rule<ProviderSnapshot> = (s, asOf, _cal, t) => {
  const open = inUse(s, asOf);
  const failedQa = s.provider.qaOutcome === 'UNSATISFACTORY';
  if (s.provider.kind !== 'UNREGISTERED' || !s.laOperatesApprovedList || open === 0) return [];
  if (s.provider.onApprovedList && !failedQa) return [];
  return [
    raise('U6', t, {
      ...refs(s),
      evidence: {
        onApprovedList: s.provider.onApprovedList,
        qaOutcome: s.provider.qaOutcome,
        qaCheckDate: s.provider.qaCheckDate,
        openPlacements: open,
      },
      score: open,
    }),
  ];
};
