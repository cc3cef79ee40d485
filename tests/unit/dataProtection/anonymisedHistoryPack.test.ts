import { describe, expect, it } from 'vitest';
import { anonymisedHistoryPack } from '../../../src/domain/anonymisedHistoryPack';

const R = { upn: 'ANON000000070', name: 'Anonymised', text: '[anonymised]' };

/** A received pack's identity and free text, anonymised like the pupil's own record (docs/data-protection.md §4). */
describe('anonymisedHistoryPack', () => {
  const pack = {
    format: 'ap-history-pack/v1',
    producedBy: { laCode: '886', laName: 'Kent' },
    pupil: {
      upn: 'H801200001001',
      firstName: 'Ada',
      lastName: 'Lovelace',
      dateOfBirth: '2011-05-10',
      senStatus: 'EHCP',
    },
    placements: [
      {
        ref: 'P1',
        startDate: '2025-10-20',
        provider: { name: 'Northside PRU' },
        objectives: 'Help Ada settle',
        reintegrationPlan: 'Back to Hillside',
        reasonOther: null,
        destinationDetail: 'Hillside, Ada’s old school',
        hoursChanges: [{ on: '2025-11-03', hoursPerWeek: 20, reason: 'Ada tired' }],
        reviews: [{ reviewDate: '2025-11-10', notes: 'Ada did well' }],
        reintegration: { checkpoints: [{ label: '6 weeks', outcome: 'ON_ROLL', reason: 'Ada on roll' }] },
      },
    ],
    exclusions: [{ ref: 'E1', kind: 'SUSPENSION', reasonCategory: 'PHYSICAL_ASSAULT_ADULT' }],
    fairAccessReferrals: [{ ref: 'F1', decisions: [{ rationale: 'Ada needs', response: { reason: 'Ada said' } }] }],
    flags: [
      { ruleId: 'P3', dismissedReason: 'Ada moved' },
      { ruleId: 'P4', dismissedReason: null },
    ],
    earlierHistories: [
      {
        sendingLaCode: '372',
        pack: { pupil: { upn: 'H801200001001', firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2011-05-10' } },
      },
    ],
  };

  it('replaces the identity and every free-text field, keeps codes, dates and organisations', () => {
    const out = anonymisedHistoryPack(pack, R) as typeof pack;
    expect(JSON.stringify(out)).not.toMatch(/Ada|Lovelace|H801200001001|2011-05-10/);
    // Born 10 May 2011: the academic year of birth 2010-11 begins on 1 September 2010.
    expect(out.pupil).toEqual({
      upn: R.upn,
      firstName: R.name,
      lastName: R.name,
      dateOfBirth: '2010-09-01',
      senStatus: 'EHCP',
    });
    const p = out.placements[0]!;
    expect(p).toMatchObject({
      ref: 'P1',
      startDate: '2025-10-20',
      provider: { name: 'Northside PRU' },
      objectives: R.text,
      reintegrationPlan: R.text,
      reasonOther: null, // absent text stays absent, not "[anonymised]"
      destinationDetail: R.text,
    });
    expect(p.hoursChanges).toEqual([{ on: '2025-11-03', hoursPerWeek: 20, reason: R.text }]);
    expect(p.reviews).toEqual([{ reviewDate: '2025-11-10', notes: R.text }]);
    expect(p.reintegration.checkpoints).toEqual([{ label: '6 weeks', outcome: 'ON_ROLL', reason: R.text }]);
    expect(out.exclusions).toEqual(pack.exclusions);
    expect(out.fairAccessReferrals[0]!.decisions[0]).toEqual({ rationale: R.text, response: { reason: R.text } });
    expect(out.flags).toEqual([
      { ruleId: 'P3', dismissedReason: R.text },
      { ruleId: 'P4', dismissedReason: null },
    ]);
    expect(out.earlierHistories[0]).toMatchObject({
      sendingLaCode: '372',
      pack: { pupil: { upn: R.upn, firstName: R.name, lastName: R.name, dateOfBirth: '2010-09-01' } },
    });
    expect(out.producedBy).toEqual(pack.producedBy);
  });

  it('adds no field the pack did not have, and leaves the input as it was', () => {
    const minimal = { format: 'ap-history-pack/v1', pupil: { firstName: 'Ada' } };
    const before = structuredClone(minimal);
    expect(anonymisedHistoryPack(minimal, R)).toEqual({
      format: 'ap-history-pack/v1',
      pupil: { upn: R.upn, firstName: R.name, lastName: R.name },
    });
    expect(minimal).toEqual(before);
    expect(anonymisedHistoryPack(null, R)).toBeNull();
  });
});
