/**
 * The domain names the stored kinds itself (src/domain/enums.ts) so it imports nothing outside itself; this file,
 * at the database edge, proves at typecheck time that each one equals Prisma's generated enum (both directions),
 * so passing a row's value to a rule, or a rule's answer to a row, needs no mapping and cannot drift.
 */
import type * as Db from '../generated/prisma/enums';
import type * as Domain from '../domain/enums';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** Never used at run time: `tsc --noEmit` fails here when a pair differs. */
export type EnumParity = [
  Assert<Same<Domain.ApTier, Db.ApTier>>,
  Assert<Same<Domain.CheckOutcome, Db.CheckOutcome>>,
  Assert<Same<Domain.CheckpointOutcome, Db.CheckpointOutcome>>,
  Assert<Same<Domain.CommissionerKind, Db.CommissionerKind>>,
  Assert<Same<Domain.Destination, Db.Destination>>,
  Assert<Same<Domain.ExclusionKind, Db.ExclusionKind>>,
  Assert<Same<Domain.FapCategory, Db.FapCategory>>,
  Assert<Same<Domain.FapDecisionOutcome, Db.FapDecisionOutcome>>,
  Assert<Same<Domain.FapRefusalGround, Db.FapRefusalGround>>,
  Assert<Same<Domain.FlagSeverity, Db.FlagSeverity>>,
  Assert<Same<Domain.FlagSubject, Db.FlagSubject>>,
  Assert<Same<Domain.GovernorOutcome, Db.GovernorOutcome>>,
  Assert<Same<Domain.LegalBasis, Db.LegalBasis>>,
  Assert<Same<Domain.PlacementReason, Db.PlacementReason>>,
  Assert<Same<Domain.PlacementRegistration, Db.PlacementRegistration>>,
  Assert<Same<Domain.PlacementStatus, Db.PlacementStatus>>,
  Assert<Same<Domain.ProviderKind, Db.ProviderKind>>,
  Assert<Same<Domain.RegistrationType, Db.RegistrationType>>,
  Assert<Same<Domain.ReintegrationStatus, Db.ReintegrationStatus>>,
  Assert<Same<Domain.RollExitCategory, Db.RollExitCategory>>,
  Assert<Same<Domain.SchoolPhase, Db.SchoolPhase>>,
  Assert<Same<Domain.SchoolType, Db.SchoolType>>,
  Assert<Same<Domain.SenStatus, Db.SenStatus>>,
  Assert<Same<Domain.Sex, Db.Sex>>,
  Assert<Same<Domain.SocialCareStatus, Db.SocialCareStatus>>,
  Assert<Same<Domain.FapReferralStatus, Db.FapReferralStatus>>,
];
