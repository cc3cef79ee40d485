import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPupil, IDS } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { DIRECT, RESPOND, fapClient, type FapClient } from '../support/fairAccess';
import { setCommencement } from '../../src/usecases/law/setCommencement';
import { loadReferralSnapshots } from '../../src/flags/referralSnapshots';
import { evaluateReferral } from '../../src/domain/flags';
import { createCalendarService } from '../../src/calendar/calendarService';
import { ruleConfigFor } from '../../src/rules/ruleConfig';

/**
 * CWSA 2026 s62 through the API (issue 14 item 5): with the installation's switch set to commence on
 * Thu 1 Oct 2026, a refusing academy is escalated to the Secretary of State when the direction is sought
 * on Wed 30 Sep and directed by the LA when sought on 1 Oct; the flag rules follow (F7 before, F6 after).
 */
describe('CWSA s62: an LA direction for a refusing academy once commenced', () => {
  const ctx = useApiWorld();
  let fa: FapClient;
  let meeting: string;
  beforeAll(async () => {
    fa = fapClient(ctx.api);
    meeting = await fa.meeting(ctx.world.tokens.panel, '2026-09-16');
    await setCommencement(ctx.world.prisma, {
      provision: 'CWSA_S62',
      commencesOn: '2026-10-01',
      reason: 'test commencement',
      setBy: 'test',
    });
  });
  afterAll(async () => {
    await setCommencement(ctx.world.prisma, { provision: 'CWSA_S62', commencesOn: null, reason: 'x', setBy: 'test' });
  });

  async function refusedByAcademy() {
    const pupil = await addPupil(ctx.world.prisma);
    const ref = await fa.refer(ctx.world.tokens.laOfficer, pupil.id, {
      referredOn: '2026-09-07',
      agreedToConsiderOn: '2026-09-07',
    });
    const d = await fa.decide(ctx.world.tokens.panel, {
      referralId: ref.id,
      meetingId: meeting,
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2026-09-25',
    });
    const r = await ctx.api.gql(ctx.world.tokens.academyStaff, RESPOND, {
      input: {
        decisionId: d.id,
        outcome: 'REFUSED',
        respondedOn: '2026-09-18',
        refusalGrounds: ['SCHOOL_FULL'],
        reason: 'Full',
      },
    });
    expect(r.errors).toBeUndefined();
    return { ref, d };
  }

  it('the day before commencement: a request to the Secretary of State (F7)', async () => {
    const { d } = await refusedByAcademy();
    const dir = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
        input: { decisionId: d.id, requestedOn: '2026-09-30', note: 'Request to DfE' },
      })
    ).data!.requestDirection;
    expect(dir).toMatchObject({
      route: 'SECRETARY_OF_STATE_DIRECTION',
      adjudicatorReferralDeadline: null,
      academyAnswerBy: '2026-10-07',
    });
  });

  it('from commencement: the LA directs the academy, which may refer to the adjudicator (F6)', async () => {
    const { d } = await refusedByAcademy();
    const dir = (
      await ctx.api.gql(ctx.world.tokens.laOfficer, DIRECT, {
        input: { decisionId: d.id, requestedOn: '2026-10-01', note: 'Notice of intention to direct (s62)' },
      })
    ).data!.requestDirection;
    expect(dir).toMatchObject({
      route: 'LA_DIRECTION',
      laIsAdmissionAuthority: false,
      adjudicatorReferralDeadline: '2026-10-16',
      academyAnswerBy: null,
    });
  });

  it('the flag for a refusal with no escalation yet is F7 before commencement and F6 from it', async () => {
    const { ref } = await refusedByAcademy();
    const cal = await createCalendarService(ctx.world.prisma).calendarFor(IDS.laA);
    const t = await ruleConfigFor(ctx.world.prisma, IDS.laA);
    const rules = async (asOf: string) =>
      evaluateReferral((await loadReferralSnapshots(ctx.world.prisma, [ref.id], asOf))[0]!, asOf, cal, t)
        .map((f) => f.ruleId)
        .filter((r) => r === 'F6' || r === 'F7');
    expect(await rules('2026-09-30')).toEqual(['F7']);
    expect(await rules('2026-10-01')).toEqual(['F6']);
  });
});
