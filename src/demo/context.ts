import type { SchoolCalendar } from '../domain/calendar';
import type { Rng } from './random';
import { overlaps, yearsBefore, type Interval } from './dates';
import type {
  DemoActor,
  DemoData,
  EnrolmentRow,
  ExclusionMeta,
  LocalAuthorityRow,
  PlacementMeta,
  ProviderRow,
  PupilRow,
  SchoolRow,
} from './types';

/** A school and what the generator needs to know about it. */
export interface SchoolInfo {
  row: SchoolRow;
  /** The 4-digit establishment number (last four of the LAESTAB). */
  estab: string;
  kind: 'PRIMARY' | 'SECONDARY' | 'SPECIAL' | 'AP';
}

/** Short keys for the providers the scenarios refer to by role. */
export type ProviderKey =
  'PRU' | 'AP_ACADEMY' | 'INDEPENDENT_1' | 'INDEPENDENT_2' | 'ROWANBANK' | 'EQUINE' | 'TUITION' | 'BOXING' | 'OTHER_LA';

export interface ProviderInfo {
  row: ProviderRow;
  key: ProviderKey;
  /** The School row of a state-funded AP school (PRU, AP academy). */
  school: SchoolRow | null;
}

/** One local authority in the data set with its calendar and organisations. */
export interface LaCtx {
  row: LocalAuthorityRow;
  cal: SchoolCalendar;
  schools: SchoolInfo[];
  providers: ProviderInfo[];
  officer: DemoActor;
}

/** A pupil while their history is being built; enrolments are mutated as movements happen. */
export interface PupilRec {
  row: PupilRow;
  la: LaCtx;
  /** Year group on today (12 or 13 for the Year 11 leavers kept for post-16 destinations). */
  yearGroupNow: number;
  /** When the pupil's record was created in the tracker. */
  registeredOn: string;
  registrationNote: string;
  enrolments: EnrolmentRow[];
  /** No baseline churn (moves, transfers, home education): a candidate for AP histories. */
  stable: boolean;
  arrivedOn: string | null;
  /** Periods taken by placements, suspensions and exclusions. */
  busy: Interval[];
  risk: number;
}

export class Ctx {
  readonly ids: Rng;
  readonly historyStart: string;
  readonly placementMeta = new Map<string, PlacementMeta>();
  readonly exclusionMeta = new Map<string, ExclusionMeta>();
  readonly pupils: PupilRec[] = [];
  /** Ids of companion placements (a second placement alongside another one). */
  readonly companions = new Set<string>();
  readonly data: DemoData;
  las!: { main: LaCtx; other: LaCtx };
  actors!: {
    officer: DemoActor;
    panel: DemoActor;
    schoolStaff: DemoActor;
    pruStaff: DemoActor;
    rowanbankStaff: DemoActor;
    otherOfficer: DemoActor;
  };

  constructor(
    readonly rng: Rng,
    readonly today: string,
  ) {
    this.ids = rng.fork('ids');
    this.historyStart = yearsBefore(today, 2);
    this.data = {
      seed: rng.seed,
      today,
      localAuthorities: [],
      termDates: [],
      schools: [],
      providers: [],
      users: [],
      pupils: [],
      enrolments: [],
      exclusions: [],
      placements: [],
      reviews: [],
      reintegrations: [],
      checkpoints: [],
      pupilEvents: [],
      outbox: [],
    };
  }

  id(): string {
    return this.ids.uuid();
  }

  /** The LA's user for actions of a school: the demo school user at the demo school, else the LA officer. */
  schoolActor(la: LaCtx, schoolId: string | null | undefined): DemoActor {
    return schoolId && schoolId === this.actors.schoolStaff.orgId ? this.actors.schoolStaff : la.officer;
  }

  /** Provider staff where the provider has a demo user, else the LA officer. */
  providerActor(la: LaCtx, providerId: string): DemoActor {
    if (providerId === this.actors.pruStaff.orgId) return this.actors.pruStaff;
    if (providerId === this.actors.rowanbankStaff.orgId) return this.actors.rowanbankStaff;
    return la.officer;
  }

  provider(la: LaCtx, key: ProviderKey): ProviderInfo {
    const p = la.providers.find((x) => x.key === key);
    if (!p) throw new Error(`no provider ${key} in LA ${la.row.code}`);
    return p;
  }
}

export function enrolmentOn(p: PupilRec, d: string): EnrolmentRow | undefined {
  return p.enrolments.find((e) => e.startDate <= d && (e.endDate == null || e.endDate >= d));
}

export function isFree(p: PupilRec, i: Interval): boolean {
  return !p.busy.some((b) => overlaps(b, i));
}

export function schoolInfo(la: LaCtx, schoolId: string): SchoolInfo {
  const s = la.schools.find((x) => x.row.id === schoolId);
  if (!s) throw new Error(`unknown school ${schoolId}`);
  return s;
}
