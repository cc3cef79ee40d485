import type { CommissionerKind, LegalBasis, PlacementReason, SenStatus } from '../enums';

/**
 * The legal basis follows from the reason and who commissions (domain.md §2.1, §5.1, §5.2, rule M6):
 * the LA's s19 day-6 duty for a permanent exclusion, the school's day-6 duty for a suspension over
 * five days, s29A for an off-site direction, s42 CFA 2014 for a setting named in an EHC plan.
 */
export type LegalBasisResult = { ok: true; legalBasis: LegalBasis } | { ok: false; message: string };

export function legalBasisFor(
  reason: PlacementReason,
  commissioner: CommissionerKind,
  sen: SenStatus,
): LegalBasisResult {
  const byLa = commissioner === 'LA';
  switch (reason) {
    case 'PERMANENT_EXCLUSION':
      return byLa
        ? { ok: true, legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION' }
        : {
            ok: false,
            message:
              'After a permanent exclusion the local authority arranges provision from day 6, so the commissioner must be the LA.',
          };
    case 'SUSPENSION_OVER_FIVE_DAYS':
      return byLa
        ? {
            ok: false,
            message:
              'Provision from day 6 of a suspension is the school’s duty, so the commissioner must be the school.',
          }
        : { ok: true, legalBasis: 'SCHOOL_DAY_SIX_SUSPENSION' };
    case 'OFF_SITE_DIRECTION':
      return byLa
        ? {
            ok: false,
            message:
              'Only a school’s governing board can direct a pupil off-site (s29A), so the commissioner must be the school.',
          }
        : { ok: true, legalBasis: 'S29A_OFF_SITE_DIRECTION' };
    case 'EHCP_NAMED':
      if (sen !== 'EHCP')
        return { ok: false, message: 'A setting named in an EHC plan needs a pupil with an EHC plan.' };
      return byLa
        ? { ok: true, legalBasis: 'S42_EHC_PLAN' }
        : {
            ok: false,
            message:
              'Provision named in an EHC plan is secured by the local authority (s42), so the commissioner must be the LA.',
          };
    case 'HEALTH_NEEDS':
      return { ok: true, legalBasis: byLa ? 'S19_HEALTH' : 'SCHOOL_COMMISSIONED' };
    case 'AWAITING_SCHOOL_PLACE':
      return byLa
        ? { ok: true, legalBasis: 'S19_OTHER' }
        : {
            ok: false,
            message:
              'A pupil awaiting a school place has no school to commission for them, so the commissioner must be the LA.',
          };
    case 'BEHAVIOUR_EARLY_INTERVENTION':
    case 'OTHER':
      return { ok: true, legalBasis: byLa ? 'S19_OTHER' : 'SCHOOL_COMMISSIONED' };
  }
}
