import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { SUSPEND } from '../support/movements';

/**
 * Rule E1 through the API (issue 14 item 11): a suspension's days count in the academic year they fall
 * in. Hand-counted on Sheffield's dates (loaded for LA 373): 2025-26 ends Mon 20 Jul 2026, 2026-27
 * starts Tue 1 Sep 2026; school days 13, 14, 15, 16, 17, 20 Jul and 1, 2, 3, 4, 7, 8 Sep.
 * Earlier suspensions (hand-counted, clear of half-terms):
 *   Mon 5 Jan 2026 for 20 days: 5 Jan – 30 Jan 2026 (4 full weeks), all in 2025-26.
 *   Mon 2 Mar 2026 for 20 days: 2 Mar – 27 Mar 2026 (4 full weeks), all in 2025-26.
 *   Mon 21 Sep 2026 for 20 days: 21 Sep – 16 Oct 2026 (4 full weeks), all in 2026-27.
 *   Mon 2 Nov 2026 for 20 days: 2 Nov – 27 Nov 2026 (4 full weeks), all in 2026-27.
 */
describe('E1: suspension days in the academic year they fall in, through the API', () => {
  const ctx = useApiWorld();
  const TOTAL = `query($p: UUID!, $y: String!) { suspensionTotal(pupilId: $p, academicYear: $y) { academicYear schoolDays cap remaining } }`;
  const SUSPEND_SPLIT = `mutation($input: SuspensionInput!) { recordSuspension(input: $input) { startDate schoolDays academicYear daysByAcademicYear { academicYear schoolDays } } }`;
  const suspend = (pupilId: string, startDate: string, schoolDays: number) =>
    ctx.api.gql(ctx.world.tokens.secondaryStaff, SUSPEND, {
      input: {
        pupilId,
        schoolId: IDS.secondaryA,
        startDate,
        schoolDays,
        reasonCategory: 'PERSISTENT_DISRUPTIVE',
        note: 'Test',
      },
    });
  const total = async (p: string, y: string) =>
    (await ctx.api.gql(ctx.world.tokens.laOfficer, TOTAL, { p, y })).data!.suspensionTotal;
  const withForty = async (dates: [string, string]) => {
    const pupil = await addPupil(ctx.world.prisma);
    for (const d of dates) expect((await suspend(pupil.id, d, 20)).errors).toBeUndefined();
    return pupil.id;
  };

  it('40 days in 2025-26: ten days from Tue 14 Jul (5 + 5) is allowed, from Mon 13 Jul (6 + 4) refused', async () => {
    const p = await withForty(['2026-01-05', '2026-03-02']);
    const refused = await suspend(p, '2026-07-13', 10);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'E1' });
    expect(refused.errors?.[0]?.message).toMatch(/2025-26 to 46 school days/);
    const ok = await ctx.api.gql(ctx.world.tokens.secondaryStaff, SUSPEND_SPLIT, {
      input: {
        pupilId: p,
        schoolId: IDS.secondaryA,
        startDate: '2026-07-14',
        schoolDays: 10,
        reasonCategory: 'PERSISTENT_DISRUPTIVE',
        note: 'Test',
      },
    });
    expect(ok.errors).toBeUndefined();
    expect(await total(p, '2025-26')).toEqual({ academicYear: '2025-26', schoolDays: 45, cap: 45, remaining: 0 });
    expect(await total(p, '2026-27')).toEqual({ academicYear: '2026-27', schoolDays: 5, cap: 45, remaining: 40 });
    expect(ok.data!.recordSuspension).toMatchObject({
      academicYear: '2025-26',
      schoolDays: 10,
      daysByAcademicYear: [
        { academicYear: '2025-26', schoolDays: 5 },
        { academicYear: '2026-27', schoolDays: 5 },
      ],
    });
  });

  it('40 days in 2026-27: eleven days from Mon 13 Jul (6 + 5) is allowed, twelve (6 + 6) refused', async () => {
    const p = await withForty(['2026-09-21', '2026-11-02']);
    const refused = await suspend(p, '2026-07-13', 12);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'E1' });
    expect(refused.errors?.[0]?.message).toMatch(/2026-27 to 46 school days \(6 of its school days fall in 2026-27\)/);
    expect((await suspend(p, '2026-07-13', 11)).errors).toBeUndefined();
    expect(await total(p, '2025-26')).toMatchObject({ schoolDays: 6, remaining: 39 });
    expect(await total(p, '2026-27')).toMatchObject({ schoolDays: 45, remaining: 0 });
  });

  it('a correction that moves a suspension re-splits it, and is capped in its new years', async () => {
    const p = await withForty(['2026-09-21', '2026-11-02']);
    // Mon 6 Jul for 10 days: 6, 7, 8, 9, 10, 13, 14, 15, 16, 17 Jul, all in 2025-26.
    expect((await suspend(p, '2026-07-06', 10)).errors).toBeUndefined();
    expect(await total(p, '2026-27')).toMatchObject({ schoolDays: 40 });
    const timeline = (
      await ctx.api.gql(
        ctx.world.tokens.laOfficer,
        `query($p: UUID!) { pupilTimeline(pupilId: $p) { id type occurredOn } }`,
        { p },
      )
    ).data!.pupilTimeline;
    const ev = timeline.find(
      (e: { type: string; occurredOn: string }) => e.type === 'SUSPENSION_RECORDED' && e.occurredOn === '2026-07-06',
    );
    const CORRECT = `mutation($input: CorrectEventInput!) { correctEvent(input: $input) { id } }`;
    // Moved to Tue 14 Jul: 14, 15, 16, 17, 20 Jul (5) and 1, 2, 3, 4, 7 Sep (5): 45 in 2026-27.
    const moved = await ctx.api.gql(ctx.world.tokens.laOfficer, CORRECT, {
      input: { eventId: ev.id, correction: { startDate: '2026-07-14' }, reason: 'Wrong start date' },
    });
    expect(moved.errors).toBeUndefined();
    expect(await total(p, '2025-26')).toMatchObject({ schoolDays: 5 });
    expect(await total(p, '2026-27')).toMatchObject({ schoolDays: 45 });
    // Moved to Wed 15 Jul: 15, 16, 17, 20 Jul (4) and 1, 2, 3, 4, 7, 8 Sep (6): 46 in 2026-27, refused; nothing changes.
    const ev2 = (
      await ctx.api.gql(
        ctx.world.tokens.laOfficer,
        `query($p: UUID!) { pupilTimeline(pupilId: $p) { id type occurredOn } }`,
        { p },
      )
    ).data!.pupilTimeline.find(
      (e: { type: string; occurredOn: string }) => e.type === 'SUSPENSION_RECORDED' && e.occurredOn === '2026-07-06',
    );
    const refused = await ctx.api.gql(ctx.world.tokens.laOfficer, CORRECT, {
      input: { eventId: ev2.id, correction: { startDate: '2026-07-15' }, reason: 'Wrong again' },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'E1' });
    expect(await total(p, '2026-27')).toMatchObject({ schoolDays: 45 });
  });
});
