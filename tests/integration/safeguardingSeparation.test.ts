import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { SUSPEND } from '../support/movements';
import { createCalendarService } from '../../src/calendar/calendarService';
import { evaluateBatch } from '../../src/flags/evaluate';

/**
 * Safeguarding separation through the API (issue 14 item 3, domain.md §10.2). Hand-counted on
 * Sheffield's dates (LA 373): autumn half-term 2026 is Sat 24 Oct – Sun 1 Nov. Separated Wed 21 Oct
 * 2026: Wed 21 (1), Thu 22 (2), Fri 23 (3), Mon 2 Nov (4), Tue 3 Nov (5), Wed 4 Nov (6).
 */
describe('safeguarding separation, through the API', () => {
  const ctx = useApiWorld();
  const FIELDS = 'id startDate endDate reasonCategory decidedBy educationDueBy school { id } pupil { id }';
  const RECORD = `mutation($input: SafeguardingSeparationInput!) { recordSafeguardingSeparation(input: $input) { ${FIELDS} } }`;
  const END = `mutation($input: EndSafeguardingSeparationInput!) { endSafeguardingSeparation(input: $input) { ${FIELDS} } }`;
  const input = (pupilId: string, over: Record<string, unknown> = {}) => ({
    pupilId,
    schoolId: IDS.secondaryA,
    startDate: '2026-10-21',
    reasonCategory: 'ALLEGATION_UNDER_INVESTIGATION',
    decidedBy: 'Ms Okafor, headteacher, with the DSL',
    note: 'Police investigation',
    ...over,
  });
  const evaluate = (pupilId: string, asOf: string) =>
    evaluateBatch(
      { prisma: ctx.world.prisma, calendars: createCalendarService(ctx.world.prisma) },
      'PUPIL',
      [pupilId],
      asOf,
    );
  const sep1 = (pupilId: string) => ctx.world.prisma.flag.findMany({ where: { pupilId, ruleId: 'SEP1' } });

  it('records a separation, flags SEP1 from its sixth school day across the half-term, and resolves it when it ends', async () => {
    const { api, world } = ctx;
    const pupil = await addPupil(world.prisma, { dob: '2012-02-01' });
    const r = await api.gql(world.tokens.secondaryStaff, RECORD, { input: input(pupil.id) });
    expect(r.errors).toBeUndefined();
    const s = r.data!.recordSafeguardingSeparation;
    expect(s).toMatchObject({
      startDate: '2026-10-21',
      endDate: null,
      reasonCategory: 'ALLEGATION_UNDER_INVESTIGATION',
      educationDueBy: '2026-11-04',
      school: { id: IDS.secondaryA },
    });

    await evaluate(pupil.id, '2026-11-03');
    expect(await sep1(pupil.id)).toEqual([]);
    await evaluate(pupil.id, '2026-11-04');
    const [flag] = await sep1(pupil.id);
    expect(flag).toMatchObject({
      status: 'OPEN',
      severity: 'CRIT',
      subjectType: 'PUPIL',
      subjectId: pupil.id,
      periodKey: `SEPARATION:${s.id}`,
      schoolId: IDS.secondaryA,
    });
    expect(flag!.evidence).toMatchObject({ educationDueBy: '2026-11-04', schoolDaysWithoutEducation: 1 });

    const ended = await api.gql(world.tokens.secondaryStaff, END, {
      input: { separationId: s.id, endDate: '2026-11-05', note: 'Returned to school' },
    });
    expect(ended.errors).toBeUndefined();
    expect(ended.data!.endSafeguardingSeparation.endDate).toBe('2026-11-05');
    await evaluate(pupil.id, '2026-11-06');
    expect((await sep1(pupil.id)).map((f) => f.status)).toEqual(['RESOLVED']);

    const timeline = (
      await api.gql(
        world.tokens.laOfficer,
        `query($p: UUID!) { pupilTimeline(pupilId: $p) { type occurredOn reason } }`,
        { p: pupil.id },
      )
    ).data!.pupilTimeline;
    expect(timeline.filter((e: { type: string }) => e.type.startsWith('SAFEGUARDING_SEPARATION'))).toEqual([
      { type: 'SAFEGUARDING_SEPARATION_STARTED', occurredOn: '2026-10-21', reason: 'Police investigation' },
      { type: 'SAFEGUARDING_SEPARATION_ENDED', occurredOn: '2026-11-05', reason: 'Returned to school' },
    ]);
    const again = await api.gql(world.tokens.secondaryStaff, END, {
      input: { separationId: s.id, endDate: '2026-11-06', note: 'x' },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('is not a suspension: it never counts towards the 45-day cap', async () => {
    const { api, world } = ctx;
    const pupil = await addPupil(world.prisma, { dob: '2012-02-01' });
    expect(
      (
        await api.gql(world.tokens.secondaryStaff, RECORD, {
          input: input(pupil.id, { startDate: '2026-09-14', endDate: '2026-10-23' }),
        })
      ).errors,
    ).toBeUndefined();
    const total = await api.gql(
      world.tokens.laOfficer,
      `query($p: UUID!) { suspensionTotal(pupilId: $p, academicYear: "2026-27") { schoolDays remaining } }`,
      { p: pupil.id },
    );
    expect(total.data!.suspensionTotal).toEqual({ schoolDays: 0, remaining: 45 });
    const full = await api.gql(world.tokens.secondaryStaff, SUSPEND, {
      input: {
        pupilId: pupil.id,
        schoolId: IDS.secondaryA,
        startDate: '2026-09-01',
        schoolDays: 45,
        reasonCategory: 'PERSISTENT_DISRUPTIVE',
        note: 'x',
      },
    });
    expect(full.errors).toBeUndefined();
  });

  it('shows in the movement summary, apart from AP movements', async () => {
    const { api, world } = ctx;
    const Q = `query($s: UUID) { movementSummary(period: { academicYear: "2026-27" }, filter: { schoolId: $s }) { entries { value } safeguardingSeparations { value } } }`;
    const la = (await api.gql(world.tokens.laOfficer, Q, {})).data!.movementSummary;
    expect(la.safeguardingSeparations.value).toBe(2); // the two above
    const other = (await api.gql(world.tokens.laOfficer, Q, { s: IDS.academyA })).data!.movementSummary;
    expect(other.safeguardingSeparations.value).toBe(0);
    expect(la.entries.value).toBe(0);
  });

  it('refuses bad input and other schools, writing nothing', async () => {
    const { api, world } = ctx;
    const pupil = await addPupil(world.prisma, { dob: '2012-02-01' });
    const noWho = await api.gql(world.tokens.secondaryStaff, RECORD, { input: input(pupil.id, { decidedBy: '  ' }) });
    expect(noWho.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const backwards = await api.gql(world.tokens.secondaryStaff, RECORD, {
      input: input(pupil.id, { endDate: '2026-10-20' }),
    });
    expect(backwards.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const otherSchool = await api.gql(world.tokens.academyStaff, RECORD, { input: input(pupil.id) });
    expect(otherSchool.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await world.prisma.safeguardingSeparation.count({ where: { pupilId: pupil.id } })).toBe(0);
  });
});
