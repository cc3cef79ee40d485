import type { Prisma } from '../generated/prisma/client';
import type { Role } from '../generated/prisma/enums';

/**
 * Plain row objects produced by the demo generator. They are the Prisma createMany inputs with
 * dates as ISO strings ('YYYY-MM-DD' for DATE columns, full ISO for timestamps) and decimals as
 * numbers, so the generator stays pure and its output can be hashed and checked in unit tests.
 * seed.ts turns the date strings into Dates at the database boundary.
 */
type Plain<T> = { [K in keyof T]: Exclude<T[K], Date> };
type WithId<T> = Plain<T> & { id: string };

export type LocalAuthorityRow = WithId<Prisma.LocalAuthorityCreateManyInput>;
export type TermDatesRow = WithId<Prisma.TermDatesCreateManyInput>;
export type SchoolRow = WithId<Prisma.SchoolCreateManyInput>;
export type ProviderRow = WithId<Prisma.ProviderCreateManyInput>;
export type AppUserRow = WithId<Prisma.AppUserCreateManyInput>;
export type PupilRow = WithId<Prisma.PupilCreateManyInput> & { dateOfBirth: string };
export type EnrolmentRow = WithId<Prisma.EnrolmentCreateManyInput> & { startDate: string; endDate?: string | null };
export type ExclusionRow = Omit<WithId<Prisma.ExclusionCreateManyInput>, 'schoolDays'> & {
  schoolDays: number | null;
  startDate: string;
};
export type PlacementRow = Omit<WithId<Prisma.PlacementCreateManyInput>, 'hoursPerWeek'> & {
  hoursPerWeek: number;
  startDate: string;
  nextReviewDue: string;
  endDate: string | null;
  plannedEndDate: string | null;
  commissioningSchoolId: string | null;
};
export type PlacementReviewRow = WithId<Prisma.PlacementReviewCreateManyInput> & { reviewDate: string };
export type ReintegrationRow = WithId<Prisma.ReintegrationCreateManyInput> & { startDate: string };
export type CheckpointRow = WithId<Prisma.ReintegrationCheckpointCreateManyInput> & { dueDate: string };
export type PupilEventRow = Omit<WithId<Prisma.PupilEventCreateManyInput>, 'seq' | 'data'> & {
  occurredOn: string;
  recordedAt: string;
  data: Prisma.InputJsonObject;
};
export type OutboxRow = Omit<Plain<Prisma.OutboxEventCreateManyInput>, 'id'>;

/** Everything the demo data set holds, in insertion order. */
export interface DemoData {
  seed: number;
  today: string;
  localAuthorities: LocalAuthorityRow[];
  termDates: TermDatesRow[];
  schools: SchoolRow[];
  providers: ProviderRow[];
  users: AppUserRow[];
  pupils: PupilRow[];
  enrolments: EnrolmentRow[];
  exclusions: ExclusionRow[];
  placements: PlacementRow[];
  reviews: PlacementReviewRow[];
  reintegrations: ReintegrationRow[];
  checkpoints: CheckpointRow[];
  pupilEvents: PupilEventRow[];
  outbox: OutboxRow[];
}

/** Who an event is recorded by: one of the demo users. */
export interface DemoActor {
  userId: string;
  role: Role;
  orgId: string;
}

/** Facts the event pass needs that are not columns of the rows themselves. */
export interface PlacementMeta {
  startActor: DemoActor;
  startNote: string;
  endActor?: DemoActor;
  endNote?: string;
  reviewActor: DemoActor;
  hoursChange?: { on: string; from: number; to: number; reason: string };
}

export interface ExclusionMeta {
  actor: DemoActor;
  note: string;
  governorNote?: string;
}
