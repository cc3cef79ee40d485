import { describe, expect, it } from 'vitest';
import { type UserKey } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';
import { pick, readWalkthrough, substitute } from '../support/walkthrough';

/** The README's walkthrough, run step by step against the real service. */
const ROLE_USERS: Record<string, UserKey> = {
  LA_OFFICER: 'laOfficer',
  PROVIDER_STAFF: 'pruStaff',
  SCHOOL_STAFF: 'academyStaff',
  PANEL_MEMBER: 'panel',
  ANALYST: 'analyst',
};

describe('README walkthrough: commission, review, reintegrate, follow up, read the timeline', () => {
  const ctx = useApiWorld();

  it('every step answers without errors and the saved and expected values hold', async () => {
    const steps = readWalkthrough('README.md');
    expect(steps.length).toBeGreaterThanOrEqual(10);
    const saved: Record<string, string> = {};
    for (const [i, step] of steps.entries()) {
      const user = ROLE_USERS[step.role];
      expect(user, `step ${i + 1}: unknown role ${step.role}`).toBeDefined();
      const variables = step.variables ? substitute(step.variables, saved) : undefined;
      const r = await ctx.api.gql(ctx.world.tokens[user!], step.query, variables);
      expect(r.errors, `step ${i + 1} (${step.role}): ${JSON.stringify(r.errors)}`).toBeUndefined();
      for (const s of step.saves) {
        const v = pick(r.data, s.path);
        expect(typeof v, `step ${i + 1}: ${s.path}`).toBe('string');
        saved[s.name] = v as string;
      }
      for (const e of step.expects) expect(String(pick(r.data, e.path)), `step ${i + 1}: ${e.path}`).toBe(e.value);
    }
    // In the order they were recorded.
    const timeline = await ctx.world.prisma.pupilEvent.findMany({
      where: { pupilId: saved.PUPIL },
      orderBy: { seq: 'asc' },
    });
    expect(timeline.map((e) => e.type)).toEqual([
      'PUPIL_REGISTERED',
      'PLACEMENT_STARTED',
      'PLACEMENT_REVIEWED',
      'PLACEMENT_ENDED',
      'REINTEGRATION_STARTED',
      'REINTEGRATION_CHECKPOINT_REPORTED',
      'REINTEGRATION_CHECKPOINT_REPORTED',
      'REINTEGRATION_CHECKPOINT_REPORTED',
    ]);
  });
});
