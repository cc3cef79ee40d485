import { describe, expect, it } from 'vitest';
import {
  allocatedSchoolProblem,
  decisionShapeProblems,
  PANEL_PLACEMENT_REASONS,
  panelPlacementReasonProblem,
  REFERRAL_STATUS_AFTER,
  whoseTurnAllocation,
} from '../../../src/domain/fairAccess/allocation';

const school = (type: 'MAINTAINED' | 'ACADEMY' | 'SPECIAL' | 'PRU' | 'INDEPENDENT', phase = 'SECONDARY' as const) => ({
  name: 'Hillside',
  type,
  phase,
});

describe('fair access allocation policy', () => {
  it('each outcome carries exactly its facts', () => {
    expect(
      decisionShapeProblems({ outcome: 'ALLOCATE_SCHOOL', allocatedSchoolId: 's', admissionDeadline: '2025-11-03' }),
    ).toEqual([]);
    expect(decisionShapeProblems({ outcome: 'ALLOCATE_SCHOOL' }).map((p) => p.field)).toEqual([
      'allocatedSchoolId',
      'admissionDeadline',
    ]);
    expect(decisionShapeProblems({ outcome: 'MANAGED_MOVE', allocatedSchoolId: 's' })).toEqual([]);
    expect(decisionShapeProblems({ outcome: 'AP_PLACEMENT', placement: {} })).toEqual([]);
    expect(decisionShapeProblems({ outcome: 'DEFER' }).map((p) => p.message)).toEqual([
      'Name the later meeting the case is deferred to.',
    ]);
    expect(
      decisionShapeProblems({ outcome: 'WITHDRAWN', allocatedSchoolId: 's', placement: {} }).map((p) => p.message),
    ).toEqual([
      'Only an allocation or a managed move names a school.',
      'Only an AP placement decision opens a placement.',
    ]);
    expect(REFERRAL_STATUS_AFTER.DEFER).toBe('OPEN');
    expect(REFERRAL_STATUS_AFTER.MANAGED_MOVE).toBe('ALLOCATED');
  });

  it('a panel places in AP for the LA: not for a suspension, an off-site direction or an EHC plan setting', () => {
    for (const reason of [
      'PERMANENT_EXCLUSION',
      'BEHAVIOUR_EARLY_INTERVENTION',
      'HEALTH_NEEDS',
      'AWAITING_SCHOOL_PLACE',
      'OTHER',
    ] as const)
      expect(panelPlacementReasonProblem(reason)).toBeNull();
    for (const reason of ['SUSPENSION_OVER_FIVE_DAYS', 'OFF_SITE_DIRECTION', 'EHCP_NAMED'] as const)
      expect(panelPlacementReasonProblem(reason)).toMatchObject({ field: 'placement.reason' });
    expect(PANEL_PLACEMENT_REASONS).toHaveLength(5);
  });

  it('a managed move is to a mainstream school; an allocation to a school in the protocol; of the right phase', () => {
    expect(allocatedSchoolProblem('MANAGED_MOVE', school('ACADEMY'), 9)).toBeNull();
    expect(allocatedSchoolProblem('MANAGED_MOVE', school('PRU'), 9)?.message).toContain('another mainstream school');
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', school('MAINTAINED'), 9)).toBeNull();
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', school('INDEPENDENT'), 9)?.message).toContain(
      'not part of the protocol',
    );
    // Year 6 is primary (Reception–Year 6); a secondary school cannot take the child.
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', school('MAINTAINED'), 6)?.message).toBe(
      'Hillside is a secondary school; the child needs a primary place (year group 6).',
    );
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', school('MAINTAINED'), 7)).toBeNull();
  });

  it('allocating the school whose turn it is needs no reason; another school needs the panel’s', () => {
    const hillside = { id: 'h', name: 'Hillside' };
    expect(whoseTurnAllocation(hillside, { schoolId: 'h', name: 'Hillside' }, null)).toEqual({
      ok: true,
      whoseTurnSchoolId: 'h',
      overrideReason: null,
    });
    expect(whoseTurnAllocation(hillside, null, 'ignored')).toEqual({
      ok: true,
      whoseTurnSchoolId: null,
      overrideReason: null,
    });
    expect(whoseTurnAllocation(hillside, { schoolId: 'o', name: 'Oakwood' }, null)).toEqual({
      ok: false,
      problem: {
        field: 'overrideReason',
        message:
          "By the whose-turn rule it is Oakwood's turn; allocating Hillside instead overrides the rule, so give the panel's reason.",
      },
    });
    expect(whoseTurnAllocation(hillside, { schoolId: 'o', name: 'Oakwood' }, 'Sibling attends')).toEqual({
      ok: true,
      whoseTurnSchoolId: 'o',
      overrideReason: 'Sibling attends',
    });
  });
});
