import { describe, expect, it } from 'vitest';
import { IDS, type UserKey } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { pick, readWalkthrough, substitute } from '../support/walkthrough';

/** The README's fair access walkthrough, run step by step against the real service. */
const ROLE_USERS: Record<string, UserKey> = {
  LA_OFFICER: 'laOfficer',
  PANEL_MEMBER: 'panel',
  SCHOOL_STAFF: 'academyStaff',
  ANALYST: 'analyst',
};

describe('fair access walkthrough: refer, decide, refuse, direct, admit, time to place, fair share', () => {
  const ctx = useApiWorld();

  it('every step answers without errors and the saved and expected values hold', async () => {
    const steps = readWalkthrough('README.md', 'fair-access-walkthrough');
    expect(steps.length).toBeGreaterThanOrEqual(12);
    const saved: Record<string, string> = {};
    const answers: Record<string, any>[] = [];
    for (const [i, step] of steps.entries()) {
      const user = ROLE_USERS[step.role];
      expect(user, `step ${i + 1}: unknown role ${step.role}`).toBeDefined();
      const variables = step.variables ? substitute(step.variables, saved) : undefined;
      const r = await ctx.api.gql(ctx.world.tokens[user!], step.query, variables);
      expect(r.errors, `step ${i + 1} (${step.role}): ${JSON.stringify(r.errors)}`).toBeUndefined();
      answers.push(r.data!);
      for (const s of step.saves) {
        const v = pick(r.data, s.path);
        expect(typeof v, `step ${i + 1}: ${s.path}`).toBe('string');
        saved[s.name] = v as string;
      }
      for (const e of step.expects) expect(String(pick(r.data, e.path)), `step ${i + 1}: ${e.path}`).toBe(e.value);
    }

    // The academy was the whose-turn school in this world (the larger of two empty secondaries), so no override was stored.
    expect(saved.SCHOOL).toBe(IDS.academyA);
    const turn = answers.find((a) => a.whoseTurn)!.whoseTurn;
    expect(turn.entries.map((e: any) => e.school.id)).toEqual([IDS.academyA, IDS.secondaryA]);
    const decision = answers.find((a) => a.recordPanelDecision)!.recordPanelDecision;
    expect(decision).toMatchObject({ whoseTurnSchool: { id: IDS.academyA }, overrideReason: null });

    // Fair share and the adjudicator CSV count the admission.
    const share = answers.find((a) => a.fairShare)!.fairShare;
    expect(share[0]).toMatchObject({
      school: { name: 'Riverside Academy' },
      total: 1,
      per100OnRoll: 0.08,
      byYearGroup: [{ yearGroup: 9, admissions: 1 }],
    });
    const ret = answers.find((a) => a.adjudicatorReturn)!.adjudicatorReturn;
    expect(ret.total).toBe(1);
    expect(ret.csv.split('\n')).toContain('2025-26,373,900002,3734002,Riverside Academy,ACADEMY,SECONDARY,1');

    // Each state change wrote an outbox event for the flag workers, and the pupil's timeline tells the story.
    const outbox = await ctx.world.prisma.outboxEvent.findMany({
      where: { aggregateType: 'REFERRAL', aggregateId: saved.REFERRAL },
    });
    expect(outbox).toHaveLength(6); // refer, decide, respond, direction, direction outcome, admit
    expect(outbox.every((o) => o.type === 'referral.changed' && o.laId === IDS.laA)).toBe(true);
    const timeline = await ctx.world.prisma.pupilEvent.findMany({
      where: { pupilId: saved.PUPIL },
      orderBy: { seq: 'asc' },
    });
    expect(timeline.map((e) => e.type)).toEqual([
      'PUPIL_REGISTERED',
      'FAIR_ACCESS_REFERRED',
      'FAIR_ACCESS_DECISION',
      'FAIR_ACCESS_SCHOOL_RESPONSE',
      'FAIR_ACCESS_DIRECTION_REQUESTED',
      'FAIR_ACCESS_DIRECTION_OUTCOME',
      'FAIR_ACCESS_ADMITTED',
    ]);
    expect(
      await ctx.world.prisma.enrolment.count({
        where: { pupilId: saved.PUPIL, schoolId: IDS.academyA, endDate: null },
      }),
    ).toBe(1);
  });
});
