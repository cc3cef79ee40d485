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
import type { Evidence, Rule } from './types';
import { RULES } from './catalogue';
import { registrationBreachRuns, registrationLookBackWindow, type BreachRun } from './registrationLookBack';

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

const periodWords = (r: BreachRun) => (r.ongoing ? `from ${r.from} (continuing)` : `${r.from} to ${r.to}`);

/**
 * One flag per period in the look-back window (registrationLookBack.ts) on which the condition held,
 * keyed by the period's first day, titled with the period: a period that ended is still a breach that
 * happened, so it stays flagged until dismissed, corrected away, or out of the window.
 */
function lookBackFlags(
  ruleId: 'U1' | 'U2',
  s: ProviderSnapshot,
  asOf: IsoDate,
  t: ResolvedThresholds,
  counts: (p: FullTimePupil['pupil']) => boolean,
  needed: number,
  evidence: (atPeak: FullTimePupil[]) => Evidence,
) {
  if (s.provider.kind !== 'UNREGISTERED') return [];
  const window = registrationLookBackWindow(asOf, t);
  return registrationBreachRuns(s, window, t, counts, needed).map((r) => {
    const atPeak = fullTimePupilsAt(s, r.peakOn, t).filter((e) => counts(e.pupil));
    return raise(ruleId, t, {
      ...refs(s),
      periodKey: r.from,
      title: `${RULES[ruleId].title}: ${periodWords(r)}`,
      evidence: {
        period: { from: r.from, to: r.ongoing ? null : r.to, ongoing: r.ongoing },
        lookBackFrom: window.from,
        peakOn: r.peakOn,
        ...evidence(atPeak),
      },
      score: r.peak,
    });
  });
}

/** U1: on some day in the look-back window, at least the registration count of CSA pupils full-time here at once. */
export const ruleU1PossibleUnregisteredSchool: Rule<ProviderSnapshot> = (s, asOf, _cal, t) => {
  const needed = t.values.registrationPupilCount;
  return lookBackFlags(
    'U1',
    s,
    asOf,
    t,
    () => true,
    needed,
    (ft) => ({
      fullTimePupils: ft.length,
      registrationCount: needed,
      hoursOver: t.values.unregisteredFullTimeHours,
      commissioners: commissionerCount(ft),
      pupils: describe(ft),
    }),
  );
};

const lookedAfterOrEhcp = (p: FullTimePupil['pupil']) => p.lookedAfter || p.senStatus === 'EHCP';

/** U2: on some day in the look-back window, a full-time CSA pupil here who is looked after or has an EHC plan. */
export const ruleU2LookedAfterOrEhcpFullTime: Rule<ProviderSnapshot> = (s, asOf, _cal, t) =>
  lookBackFlags('U2', s, asOf, t, lookedAfterOrEhcp, 1, (ft) => ({
    pupils: describe(ft),
    hoursOver: t.values.unregisteredFullTimeHours,
  }));

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

const inUse = (s: ProviderSnapshot, asOf: IsoDate) =>
  s.placementsInUse ?? s.placements.filter((p) => activeOn(p, asOf)).length;

/**
 * What of a provider's placements its rules can read, so a loader can fetch no more (flags/snapshots/providers.ts):
 * - every provider rule is about unregistered settings: for any other kind, none;
 * - U5/U6 read only how many placements run on the day;
 * - U1/U2/U2b count pupils educated full-time here, so a pupil whose hours here, summed over every placement
 *   in the look-back window, cannot pass the hours limit never counts on any day and changes no answer.
 *   (Each placement's hours are rounded to a tenth before they are summed, so a margin of 0.1 hours per
 *   placement keeps the test on the safe side.) No stored fact says "all or substantially all" yet; when one
 *   does, its pupils matter whatever their hours.
 */
export const providerPlacementsThatMatter = {
  any: (kind: ProviderSnapshot['provider']['kind']) => kind === 'UNREGISTERED',
  pupilCanBeFullTime: (hoursSummed: number, placementCount: number, t: ResolvedThresholds) =>
    hoursSummed + 0.1 * placementCount > t.values.unregisteredFullTimeHours,
} as const;

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
