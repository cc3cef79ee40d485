/**
 * Which events a rule judges, by date (domain.md §10): a rule applies to an event when a period of the
 * rule is in force on the event's date (an off-site direction's first day, a separation's first day,
 * an admission request's date) for the kind of school involved, and, for a provision of the Children's
 * Wellbeing and Schools Act 2026 that needs commencement, once the installation has commenced it.
 * Events before a change keep the rules of their date: directions already running on 26 July 2026
 * stay under the old rules (the 2026 guidance's transitional arrangements).
 */
import type { SchoolType } from '../enums';
import type { IsoDate } from '../dates';
import type { ThresholdStatus } from '../flags/thresholds';
import { commenced, type Commencements, type Provision } from './commencement';

export interface ApplicabilityPeriod {
  /** Who or what the rule covers in this period, in words. */
  appliesTo: string;
  /** The school whose act is judged (the directing school, the admitting academy); absent = any. */
  schoolTypes?: readonly SchoolType[];
  effectiveFrom: IsoDate;
  /** Last day in force (inclusive); null = still in force. */
  effectiveTo: IsoDate | null;
  status: ThresholdStatus;
  source: { citation: string; url: string };
  /** In force only once the installation commences this provision (and from effectiveFrom). */
  commencement?: Provision;
}

/** 26 July 2026: the suspension and permanent exclusion guidance of 2026 and its regulations (§10.2). */
export const GUIDANCE_2026_IN_FORCE: IsoDate = '2026-07-26';

const REGS_2010 = {
  citation: 'SI 2010/1156 (maintained schools), as amended by SI 2012/2532',
  url: 'https://zoomlaw.co.uk/2010-1156-uksi.html',
};
const REGS_2026 = {
  citation:
    'Education (Educational Provision for Improving Behaviour) (Application to Academies and Pupil Referral Units and Minor Amendments) Regulations 2026; Suspension and permanent exclusion guidance 2026 (domain.md §10.2)',
  url: 'https://www.gov.uk/government/publications/school-exclusion',
};
const GUIDANCE_2026 = {
  citation: 'Suspension and permanent exclusion guidance 2026, in force 26 July 2026 (domain.md §10.2)',
  url: 'https://www.gov.uk/government/publications/school-exclusion',
};

export const MAINTAINED_SCHOOL_TYPES: readonly SchoolType[] = ['MAINTAINED', 'SPECIAL'];
export const ACADEMY_AND_PRU_TYPES: readonly SchoolType[] = ['ACADEMY', 'AP_ACADEMY', 'AP_FREE_SCHOOL', 'PRU'];

const offSite = (): ApplicabilityPeriod[] => [
  {
    appliesTo: 'Directions by maintained schools (including maintained special schools)',
    schoolTypes: MAINTAINED_SCHOOL_TYPES,
    effectiveFrom: '2013-01-01',
    effectiveTo: null,
    status: 'LAW',
    source: REGS_2010,
  },
  {
    appliesTo:
      'Directions by academies, AP academies and free schools, and PRU management committees, starting on or after 26 July 2026 (earlier directions are transitional)',
    schoolTypes: ACADEMY_AND_PRU_TYPES,
    effectiveFrom: GUIDANCE_2026_IN_FORCE,
    effectiveTo: null,
    status: 'LAW',
    source: REGS_2026,
  },
];

const managedMoves = (appliesTo: string): ApplicabilityPeriod[] => [
  {
    appliesTo,
    effectiveFrom: GUIDANCE_2026_IN_FORCE,
    effectiveTo: null,
    status: 'STATUTORY_GUIDANCE',
    source: GUIDANCE_2026,
  },
];

/** Rules whose reach changed or begins on a date; every other rule applies throughout (see `applicabilityOf`). */
export const APPLICABILITY: Readonly<Record<string, readonly ApplicabilityPeriod[]>> = {
  O1: offSite(),
  O2: offSite(),
  O3: offSite(),
  O3b: offSite(),
  O4: offSite(),
  O7: managedMoves('Managed moves agreed on or after 26 July 2026: permanent, with no trial period'),
  O7b: managedMoves(
    'Managed moves agreed on or after 26 July 2026: an oversubscribed school may not give them priority in admissions',
  ),
  U2b: [
    {
      appliesTo:
        'Unregistered settings educating a child with SEN full-time, once s43 commences (an LA may apply it earlier as a local choice)',
      effectiveFrom: '2026-04-29',
      effectiveTo: null,
      status: 'LAW',
      commencement: 'CWSA_S43',
      source: {
        citation: "Children's Wellbeing and Schools Act 2026 s43",
        url: 'https://www.legislation.gov.uk/ukpga/2026/21/section/43/data.html',
      },
    },
  ],
  SEP1: [
    {
      appliesTo: 'Safeguarding separations starting on or after 26 July 2026',
      effectiveFrom: GUIDANCE_2026_IN_FORCE,
      effectiveTo: null,
      status: 'STATUTORY_GUIDANCE',
      source: GUIDANCE_2026,
    },
  ],
};

/** The periods of a rule; a rule with none listed applies throughout, for every school type. */
export function applicabilityOf(ruleId: string): readonly ApplicabilityPeriod[] {
  return APPLICABILITY[ruleId] ?? [];
}

export interface ApplicabilityFacts {
  /** The type of the school whose act is judged, where the rule is about a school's act. */
  schoolType?: SchoolType | null;
}

export type Applies =
  | { applies: true; period: ApplicabilityPeriod | null }
  | { applies: false; reason: 'NOT_YET_IN_FORCE' | 'NO_LONGER_IN_FORCE' | 'NOT_COMMENCED' | 'SCHOOL_TYPE_NOT_COVERED' };

const covers = (p: ApplicabilityPeriod, f: ApplicabilityFacts) =>
  !p.schoolTypes || (f.schoolType != null && p.schoolTypes.includes(f.schoolType));
const inForce = (p: ApplicabilityPeriod, d: IsoDate) =>
  p.effectiveFrom <= d && (p.effectiveTo === null || d <= p.effectiveTo);

/**
 * Whether `ruleId` judges an event dated `eventDate`. The reason for a "no" is the most telling one:
 * a school type the rule never covers, then a provision not commenced, then a date outside every period.
 */
export function ruleApplies(
  ruleId: string,
  eventDate: IsoDate,
  facts: ApplicabilityFacts,
  c: Commencements,
  table = APPLICABILITY,
): Applies {
  const periods = table[ruleId];
  if (!periods || periods.length === 0) return { applies: true, period: null };
  const forSchool = periods.filter((p) => covers(p, facts));
  if (!forSchool.length) return { applies: false, reason: 'SCHOOL_TYPE_NOT_COVERED' };
  const dated = forSchool.filter((p) => inForce(p, eventDate));
  if (!dated.length)
    return {
      applies: false,
      reason: forSchool.some((p) => eventDate < p.effectiveFrom) ? 'NOT_YET_IN_FORCE' : 'NO_LONGER_IN_FORCE',
    };
  const live = dated.find((p) => !p.commencement || commenced(c, p.commencement, eventDate));
  return live ? { applies: true, period: live } : { applies: false, reason: 'NOT_COMMENCED' };
}
