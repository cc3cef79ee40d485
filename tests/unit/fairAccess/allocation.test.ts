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

  it('names each missing or stray fact, field by field, in plain words', () => {
    const all = { allocatedSchoolId: 's', admissionDeadline: '2025-11-03', placement: {}, deferredToMeetingId: 'm' };
    expect(decisionShapeProblems({ outcome: 'ALLOCATE_SCHOOL' })).toEqual([
      { field: 'allocatedSchoolId', message: 'Name the school.' },
      { field: 'admissionDeadline', message: 'An allocation sets the date by which the school must admit.' },
    ]);
    expect(decisionShapeProblems({ outcome: 'AP_PLACEMENT' })).toEqual([
      { field: 'placement', message: 'An AP placement needs the placement details.' },
    ]);
    expect(decisionShapeProblems({ outcome: 'DEFER', deferredToMeetingId: 'm' })).toEqual([]);
    expect(decisionShapeProblems({ outcome: 'NOT_ELIGIBLE', ...all })).toEqual([
      { field: 'allocatedSchoolId', message: 'Only an allocation or a managed move names a school.' },
      { field: 'admissionDeadline', message: 'Only an allocation sets an admission deadline.' },
      { field: 'placement', message: 'Only an AP placement decision opens a placement.' },
      { field: 'deferredToMeetingId', message: 'Only a deferral names a later meeting.' },
    ]);
    // A managed move names a school but sets no admission deadline.
    expect(
      decisionShapeProblems({ outcome: 'MANAGED_MOVE', allocatedSchoolId: 's', admissionDeadline: '2025-11-03' }),
    ).toEqual([{ field: 'admissionDeadline', message: 'Only an allocation sets an admission deadline.' }]);
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

describe('which schools a decision may name (School Admissions Code 2021 §3.17–3.23, domain.md §5.3)', () => {
  it('a managed move may be to a maintained school or an academy, never to a PRU', () => {
    expect(allocatedSchoolProblem('MANAGED_MOVE', school('MAINTAINED'), 9)).toBeNull();
    expect(allocatedSchoolProblem('MANAGED_MOVE', school('PRU'), 9)).toEqual({
      field: 'allocatedSchoolId',
      message: 'Hillside cannot take a pupil this way: a managed move is to another mainstream school (§5.3).',
    });
  });

  it('an allocation may name any school in the protocol, a PRU included', () => {
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', school('PRU'), 9)).toBeNull();
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', school('SPECIAL'), 9)).toEqual({
      field: 'allocatedSchoolId',
      message: 'Hillside cannot take a pupil this way: special and independent schools are not part of the protocol.',
    });
  });

  it('a primary school cannot take a secondary-age child; an all-through school takes either', () => {
    const primary = { name: 'Brook', type: 'MAINTAINED' as const, phase: 'PRIMARY' as const };
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', primary, 9)).toEqual({
      field: 'allocatedSchoolId',
      message: 'Brook is a primary school; the child needs a secondary place (year group 9).',
    });
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', primary, 6)).toBeNull();
    const allThrough = { name: 'Meadow', type: 'ACADEMY' as const, phase: 'ALL_THROUGH' as const };
    expect(allocatedSchoolProblem('ALLOCATE_SCHOOL', allThrough, 3)).toBeNull();
    expect(allocatedSchoolProblem('MANAGED_MOVE', allThrough, 10)).toBeNull();
  });
});

describe('the referral after each decision', () => {
  it('an allocation or managed move allocates, an AP placement places, a deferral keeps it open', () => {
    expect(REFERRAL_STATUS_AFTER).toEqual({
      ALLOCATE_SCHOOL: 'ALLOCATED',
      MANAGED_MOVE: 'ALLOCATED',
      AP_PLACEMENT: 'PLACED_IN_AP',
      DEFER: 'OPEN',
      NOT_ELIGIBLE: 'NOT_ELIGIBLE',
      WITHDRAWN: 'WITHDRAWN',
    });
  });
});
