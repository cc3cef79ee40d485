import { describe, expect, it } from 'vitest';
import { addPupil, IDS, makeUpn, type UserKey } from '../support/fixtures';
import { useApiWorld } from '../support/apiWorld';

/** Every platform write: valid input works; bad input is a typed error and writes nothing (rows counted). */
describe('platform writes', () => {
  const ctx = useApiWorld();

  const counts = async () => {
    const p = ctx.world.prisma;
    const rows = await Promise.all([
      p.pupil.count(),
      p.enrolment.count(),
      p.school.count(),
      p.provider.count(),
      p.termDates.count(),
      p.pupilEvent.count(),
      p.outboxEvent.count(),
      p.auditEvent.count({ where: { NOT: { operation: { startsWith: 'pupil.read' } } } }),
    ]);
    return rows;
  };

  async function expectRefused(who: UserKey, query: string, variables: Record<string, unknown>, code: string) {
    const before = await counts();
    const r = await ctx.api.gql(ctx.world.tokens[who], query, variables);
    expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe(code);
    expect(r.data ?? null).toBeNull();
    expect(await counts()).toEqual(before);
    return r.errors![0]!;
  }

  const REGISTER = `mutation($input: RegisterPupilInput!) { registerPupil(input: $input) { id upn upnIsTemporary yearGroup(academicYear: "2025-26") enrolments { school { id } } } }`;
  const pupilInput = (o: Record<string, unknown> = {}) => ({
    upn: makeUpn(),
    firstName: 'Ada',
    lastName: 'Lovelace',
    dateOfBirth: '2011-05-10',
    sex: 'F',
    reason: 'New to the LA',
    ...o,
  });

  it('registers a pupil with a valid UPN, deriving the year group; a school puts them on its roll', async () => {
    // Born 10 May 2011: 14 on 31 Aug 2025, so Year 10 in 2025-26.
    const r = await ctx.api.gql(ctx.world.tokens.secondaryStaff, REGISTER, {
      input: pupilInput({ onRollFrom: '2025-09-03' }),
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.registerPupil).toMatchObject({
      upnIsTemporary: false,
      yearGroup: 10,
      enrolments: [{ school: { id: IDS.secondaryA } }],
    });
    const temp = await ctx.api.gql(ctx.world.tokens.laOfficer, REGISTER, {
      input: pupilInput({ upn: 'G80120000101A' }),
    });
    expect(temp.data?.registerPupil).toMatchObject({ upn: 'G80120000101A', upnIsTemporary: true });
  });

  it.each([
    ['a wrong check letter', 'Z801200001001', /check letter/],
    ['an unknown LA code', 'R900400001001', /LA code/],
    ['letters in characters 5-12', 'A8012000A1001', /5-12/],
    ['the wrong length', 'H80120000100', /.+/],
  ])('refuses a UPN with %s as UPN_INVALID', async (_l, upn, message) => {
    const e = await expectRefused('laOfficer', REGISTER, { input: pupilInput({ upn }) }, 'UPN_INVALID');
    expect(e.message).toMatch(message);
  });

  it('refuses a duplicate UPN, a future birth date, and a school registering without a roll date', async () => {
    const upn = makeUpn();
    expect(
      (await ctx.api.gql(ctx.world.tokens.laOfficer, REGISTER, { input: pupilInput({ upn }) })).errors,
    ).toBeUndefined();
    await expectRefused('laOfficer', REGISTER, { input: pupilInput({ upn }) }, 'CONFLICT');
    await expectRefused(
      'laOfficer',
      REGISTER,
      { input: pupilInput({ dateOfBirth: '2099-01-01' }) },
      'VALIDATION_FAILED',
    );
    await expectRefused('secondaryStaff', REGISTER, { input: pupilInput() }, 'VALIDATION_FAILED');
    await expectRefused('pruStaff', REGISTER, { input: pupilInput() }, 'FORBIDDEN');
    await expectRefused('laOfficer', REGISTER, { input: pupilInput({ firstName: ' ' }) }, 'VALIDATION_FAILED');
  });

  const CHANGE = `mutation($input: ChangeCharacteristicsInput!) { changePupilCharacteristics(input: $input) { id senStatus } }`;
  it('changes characteristics as an event with before and after; bad changes write nothing', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, CHANGE, {
      input: { pupilId: pupil.id, effectiveOn: '2025-11-01', senStatus: 'EHCP', reason: 'EHC plan issued' },
    });
    expect(r.data?.changePupilCharacteristics.senStatus).toBe('EHCP');
    const ev = await ctx.world.prisma.pupilEvent.findFirstOrThrow({
      where: { pupilId: pupil.id, type: 'CHARACTERISTICS_CHANGED' },
    });
    expect(ev.data).toEqual({ before: { senStatus: 'NONE' }, after: { senStatus: 'EHCP' } });
    await expectRefused(
      'laOfficer',
      CHANGE,
      { input: { pupilId: pupil.id, effectiveOn: '2025-11-01', reason: 'nothing' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      CHANGE,
      { input: { pupilId: pupil.id, effectiveOn: '2001-01-01', fsmEligible: true, reason: 'x' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficerB',
      CHANGE,
      { input: { pupilId: pupil.id, effectiveOn: '2025-11-01', fsmEligible: true, reason: 'x' } },
      'NOT_FOUND',
    );
  });

  const ENROL = `mutation($input: EnrolPupilInput!) { enrolPupil(input: $input) { id startDate } }`;
  const LEAVE = `mutation($input: LeaveRollInput!) { recordLeavingRoll(input: $input) { id endDate endReason } }`;
  it('enrols and removes from roll; duplicates, other schools and bad dates are refused', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    // A school reaches only pupils it already sees (issue 11, finding 4): another school's pupil answers
    // like a missing one, so the LA records this managed move.
    const asAcademy = (pupilId: string) =>
      ctx.api.gql(ctx.world.tokens.academyStaff, ENROL, {
        input: { pupilId, schoolId: IDS.academyA, startDate: '2025-11-03', reason: 'Managed move' },
      });
    expect(JSON.stringify(await asAcademy(pupil.id))).toBe(
      JSON.stringify(await asAcademy('00000000-0000-4000-8000-00000000ffff')),
    );
    const e = await ctx.api.gql(ctx.world.tokens.laOfficer, ENROL, {
      input: { pupilId: pupil.id, schoolId: IDS.academyA, startDate: '2025-11-03', reason: 'Managed move' },
    });
    expect(e.errors).toBeUndefined();
    await expectRefused(
      'academyStaff',
      ENROL,
      { input: { pupilId: pupil.id, schoolId: IDS.academyA, startDate: '2025-11-04', reason: 'again' } },
      'CONFLICT',
    );
    await expectRefused(
      'academyStaff',
      ENROL,
      { input: { pupilId: pupil.id, schoolId: IDS.secondaryA, startDate: '2025-11-04', reason: 'x' } },
      'FORBIDDEN',
    );
    await expectRefused(
      'laOfficer',
      ENROL,
      { input: { pupilId: pupil.id, schoolId: IDS.secondaryB, startDate: '2025-11-04', reason: 'x' } },
      'NOT_FOUND',
    );
    const id = e.data!.enrolPupil.id;
    await expectRefused(
      'academyStaff',
      LEAVE,
      { input: { enrolmentId: id, endDate: '2025-10-01', category: 'OTHER', endReason: 'x' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'secondaryStaff',
      LEAVE,
      { input: { enrolmentId: id, endDate: '2025-12-01', category: 'OTHER', endReason: 'x' } },
      'NOT_FOUND',
    );
    const left = await ctx.api.gql(ctx.world.tokens.academyStaff, LEAVE, {
      input: { enrolmentId: id, endDate: '2025-12-01', category: 'MOVED_AWAY', endReason: 'Moved out of area' },
    });
    expect(left.data?.recordLeavingRoll).toMatchObject({ endDate: '2025-12-01' });
    await expectRefused(
      'academyStaff',
      LEAVE,
      { input: { enrolmentId: id, endDate: '2025-12-02', category: 'OTHER', endReason: 'x' } },
      'CONFLICT',
    );
  });

  const SCHOOL = `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id urn laestab } }`;
  const school = (o: Record<string, unknown> = {}) => ({
    urn: '912345',
    laestab: '3734999',
    name: 'New School',
    phase: 'SECONDARY',
    type: 'ACADEMY',
    numberOnRoll: 800,
    ...o,
  });
  it('registers schools with rule V5 identifiers; the LAESTAB must belong to this LA', async () => {
    expect((await ctx.api.gql(ctx.world.tokens.laOfficer, SCHOOL, { input: school() })).errors).toBeUndefined();
    await expectRefused('laOfficer', SCHOOL, { input: school({ urn: '912346', laestab: '3734999' }) }, 'CONFLICT');
    await expectRefused(
      'laOfficer',
      SCHOOL,
      { input: school({ urn: '12345', laestab: '3734998' }) },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      SCHOOL,
      { input: school({ urn: '912347', laestab: '3724998' }) },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      SCHOOL,
      { input: school({ urn: '912348', laestab: '3734997', numberOnRoll: -1 }) },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'secondaryStaff',
      SCHOOL,
      { input: school({ urn: '912349', laestab: '3734996' }) },
      'FORBIDDEN',
    );
  });

  const PROVIDER = `mutation($input: RegisterProviderInput!) { registerProvider(input: $input) { id kind urn ukprn settingType } }`;
  const CHECKS = `mutation($input: ProviderChecksInput!) { recordProviderChecks(input: $input) { id safeguardingOutcome onApprovedList } }`;
  it('registers providers and records checks; inconsistent identifiers and half-recorded checks are refused', async () => {
    const ok = await ctx.api.gql(ctx.world.tokens.laOfficer, PROVIDER, {
      input: { name: 'Tuition Co', kind: 'UNREGISTERED', settingType: 'OOT' },
    });
    expect(ok.data?.registerProvider).toMatchObject({ kind: 'UNREGISTERED', settingType: 'OOT', urn: null });
    await expectRefused(
      'laOfficer',
      PROVIDER,
      { input: { name: 'X', kind: 'UNREGISTERED', urn: '912399' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      PROVIDER,
      { input: { name: 'X', kind: 'REGISTERED_INDEPENDENT_SCHOOL', ukprn: '10099999' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      PROVIDER,
      { input: { name: 'X', kind: 'UNREGISTERED', ukprn: '10099999', settingType: 'OTH' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      PROVIDER,
      { input: { name: 'X', kind: 'UNREGISTERED', settingType: 'ZZZ' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      PROVIDER,
      { input: { name: 'Dup', kind: 'UNREGISTERED', ukprn: '10012345' } },
      'CONFLICT',
    );
    const id = ok.data!.registerProvider.id;
    const checked = await ctx.api.gql(ctx.world.tokens.laOfficer, CHECKS, {
      input: {
        providerId: id,
        safeguardingCheckDate: '2025-10-01',
        safeguardingOutcome: 'SATISFACTORY',
        onApprovedList: true,
      },
    });
    expect(checked.data?.recordProviderChecks).toMatchObject({
      safeguardingOutcome: 'SATISFACTORY',
      onApprovedList: true,
    });
    await expectRefused(
      'laOfficer',
      CHECKS,
      { input: { providerId: id, qaCheckDate: '2025-10-01' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      CHECKS,
      { input: { providerId: id, riskAssessmentDate: '2099-10-01' } },
      'VALIDATION_FAILED',
    );
    await expectRefused('laOfficerB', CHECKS, { input: { providerId: id, onApprovedList: false } }, 'NOT_FOUND');
  });

  const TERMS = `mutation($input: TermDatesInput!) { loadTermDates(input: $input) { academicYear schoolDaysInYear } }`;
  const DAYS = `query { schoolDays(from: "2028-10-23", to: "2028-11-03") { schoolDays calendarDays calendarSource } }`;
  it('loads term dates for an LA; school-day counts use them at once; bad dates are refused', async () => {
    const before = (await ctx.api.gql(ctx.world.tokens.laOfficer, DAYS)).data!.schoolDays;
    const holidays = [
      { start: '2028-10-23', end: '2028-10-27', label: 'October half-term' },
      { start: '2028-12-18', end: '2029-01-01', label: 'Christmas' },
      { start: '2029-02-12', end: '2029-02-16', label: 'February half-term' },
      { start: '2029-03-26', end: '2029-04-06', label: 'Easter' },
      { start: '2029-05-28', end: '2029-06-01', label: 'May half-term' },
      { start: '2029-07-20', end: '2029-08-31', label: 'Summer' },
      { start: '2028-09-01', end: '2028-09-04', label: 'Before term' },
    ];
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, TERMS, {
      input: { academicYear: '2028-29', holidays, source: 'Test LA published dates' },
    });
    expect(r.errors).toBeUndefined();
    const after = (await ctx.api.gql(ctx.world.tokens.laOfficer, DAYS)).data!.schoolDays;
    // 23–27 Oct is now the holiday: only 30 Oct–3 Nov (5 days) remain of the 10 weekdays.
    expect(after.schoolDays).toBe(5);
    expect(after.calendarSource).toMatch(/2028-29/);
    expect(before.calendarSource).not.toMatch(/2028-29/);
    await expectRefused(
      'laOfficer',
      TERMS,
      { input: { academicYear: '2028-30', holidays, source: 'x' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      TERMS,
      { input: { academicYear: '2029-30', holidays, source: 'x' } },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'laOfficer',
      TERMS,
      {
        input: {
          academicYear: '2028-29',
          holidays: [{ start: '2028-10-27', end: '2028-10-23', label: 'Backwards' }],
          source: 'x',
        },
      },
      'VALIDATION_FAILED',
    );
    await expectRefused(
      'secondaryStaff',
      TERMS,
      { input: { academicYear: '2028-29', holidays, source: 'x' } },
      'FORBIDDEN',
    );
  });
});
