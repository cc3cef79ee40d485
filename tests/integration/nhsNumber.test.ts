import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, makeUpn } from '../support/fixtures';

/** NHS number (issue 14 item 9; CWSA 2026 s4, not yet in force): optional, mod-11 checked, one child per number. */
describe('NHS number on the pupil, through the API', () => {
  const ctx = useApiWorld();
  const REGISTER = `mutation($input: RegisterPupilInput!) { registerPupil(input: $input) { id nhsNumber } }`;
  const RECORD = `mutation($p: UUID!, $n: String!) { recordNhsNumber(pupilId: $p, nhsNumber: $n, reason: "From the health visitor") { id nhsNumber } }`;
  const input = (nhsNumber?: string) => ({
    upn: makeUpn(),
    firstName: 'Nia',
    lastName: 'Test',
    dateOfBirth: '2013-04-02',
    sex: 'F',
    reason: 'Test',
    ...(nhsNumber === undefined ? {} : { nhsNumber }),
  });

  it('is optional, stored as ten digits, and refused when its check digit is wrong', async () => {
    const { api, world } = ctx;
    const none = await api.gql(world.tokens.laOfficer, REGISTER, { input: input() });
    expect(none.data!.registerPupil.nhsNumber).toBeNull();
    const ok = await api.gql(world.tokens.laOfficer, REGISTER, { input: input('943 476 5919') });
    expect(ok.data!.registerPupil.nhsNumber).toBe('9434765919');
    const before = await world.prisma.pupil.count();
    const bad = await api.gql(world.tokens.laOfficer, REGISTER, { input: input('943 476 5918') });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(bad.errors?.[0]?.extensions)).toMatch(/check digit/);
    const dup = await api.gql(world.tokens.laOfficer, REGISTER, { input: input('9434765919') });
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await world.prisma.pupil.count()).toBe(before);
  });

  it('can be recorded later, with a timeline event that does not repeat the number', async () => {
    const { api, world } = ctx;
    const pupil = await addPupil(world.prisma);
    const bad = await api.gql(world.tokens.laOfficer, RECORD, { p: pupil.id, n: '4010232138' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const ok = await api.gql(world.tokens.laOfficer, RECORD, { p: pupil.id, n: '4010232137' });
    expect(ok.data!.recordNhsNumber.nhsNumber).toBe('4010232137');
    const taken = await api.gql(world.tokens.laOfficer, RECORD, {
      p: (await addPupil(world.prisma)).id,
      n: '4010232137',
    });
    expect(taken.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const events = await world.prisma.pupilEvent.findMany({
      where: { pupilId: pupil.id, type: 'NHS_NUMBER_RECORDED' },
    });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.data)).not.toContain('4010232137');
  });
});
