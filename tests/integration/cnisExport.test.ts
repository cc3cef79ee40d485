import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { IDS, addPupil } from '../support/fixtures';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { setCommencement } from '../../src/usecases/law/setCommencement';

/** Issue 16 item 4: the Children Not in School register rows for a date, against hand-built expected rows. */
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function placement(
  prisma: PrismaClient,
  pupilId: string,
  over: Partial<Parameters<PrismaClient['placement']['create']>[0]['data']> & Record<string, unknown>,
) {
  return prisma.placement.create({
    data: {
      pupilId,
      providerId: IDS.pru,
      laId: IDS.laA,
      commissionerKind: 'LA',
      reason: 'PERMANENT_EXCLUSION',
      legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
      tier: 'TIER_3_TRANSITIONAL',
      providerUrn: '900005',
      startDate: d('2026-06-01'),
      hoursPerWeek: 25,
      registration: 'DUAL_REGISTERED',
      objectives: 'x',
      reintegrationPlan: 'y',
      registrationConfirmed: true,
      nextReviewDue: d('2026-10-02'),
      ...over,
    } as never,
  });
}

describe('Children Not in School register export', () => {
  const ctx = useApiWorld();
  const Q = `query($d: LocalDate!) { childrenNotInSchoolCsv(registerDate: $d) {
    registerDate fieldListVersion fieldListStatus commencedOn childCount rowCount csv } }`;
  const v = 'cnis-2026-provisional-1';

  it('is refused until s38 is commenced, and before the date it commences', async () => {
    const { prisma } = ctx.world;
    const before = await ctx.api.gql(ctx.world.tokens.laOfficer, Q, { d: '2026-09-15' });
    expect(before.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(before.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'registerDate', message: expect.stringMatching(/has not been commenced/) },
    ]);
    await setCommencement(prisma, { provision: 'CWSA_S38', commencesOn: '2026-09-01', reason: 'test', setBy: 'test' });
    const early = await ctx.api.gql(ctx.world.tokens.laOfficer, Q, { d: '2026-08-31' });
    expect(early.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'registerDate', message: expect.stringMatching(/starts on 2026-09-01/) },
    ]);
    expect(await prisma.auditEvent.count({ where: { operation: 'export.cnis' } })).toBe(0);
  });

  it('lists each child on a roll educated elsewhere on the date, one row per provider', async () => {
    const { prisma } = ctx.world;
    await prisma.provider.update({
      where: { id: IDS.unregUkprn },
      data: { address: '12 Mill Lane, Sheffield S1 2AB' },
    });
    // A formula in a provider's address is written escaped (CSV injection).
    await prisma.provider.update({ where: { id: IDS.independentAp }, data: { address: '=HYPERLINK("x")' } });

    // School-arranged, part of the week at an unregistered provider known by UKPRN, and LA s19 tuition too.
    const a = await addPupil(prisma, { firstName: 'Amy' });
    await placement(prisma, a.id, {
      commissionerKind: 'SCHOOL',
      commissioningSchoolId: IDS.secondaryA,
      reason: 'SUSPENSION_OVER_FIVE_DAYS',
      legalBasis: 'SCHOOL_DAY_SIX_SUSPENSION',
      providerId: IDS.unregUkprn,
      providerUrn: null,
      providerUkprn: '10012345',
      registration: 'HOME_SCHOOL_ONLY',
      startDate: d('2026-09-07'),
      hoursPerWeek: 10,
    });
    await placement(prisma, a.id, {
      reason: 'BEHAVIOUR_EARLY_INTERVENTION',
      legalBasis: 'S19_OTHER',
      providerId: IDS.unregSetting,
      providerUrn: null,
      settingType: 'OTH',
      registration: 'HOME_SCHOOL_ONLY',
      startDate: d('2026-09-01'),
      hoursPerWeek: 6,
    });
    // LA-arranged, dual registered: on the academy's roll and the PRU's; the academy's roll makes the row.
    const b = await addPupil(prisma, { schoolId: IDS.academyA, firstName: 'Ben' });
    await prisma.enrolment.create({
      data: { pupilId: b.id, schoolId: IDS.pruSchoolA, registration: 'SUBSIDIARY', startDate: d('2026-06-01') },
    });
    await placement(prisma, b.id, {});
    // Health needs, full time at an independent AP, ending after the date.
    const c = await addPupil(prisma, { firstName: 'Cal' });
    await placement(prisma, c.id, {
      providerId: IDS.independentAp,
      providerUrn: '900006',
      reason: 'HEALTH_NEEDS',
      legalBasis: 'S19_HEALTH',
      registration: 'DUAL_REGISTERED',
      startDate: d('2026-05-11'),
      endDate: d('2026-10-16'),
      status: 'ENDED',
      destination: 'MAINSTREAM_SCHOOL',
      hoursPerWeek: 32.5,
    });

    // Not on the register: on the PRU's roll only (educated at their own school) ...
    const pruOnly = await addPupil(prisma, { schoolId: IDS.pruSchoolA });
    await placement(prisma, pruOnly.id, { registration: 'SINGLE_REGISTERED_AT_AP' });
    // ... past compulsory school age (16 in 2025-26: it ended on the last Friday of June 2026) ...
    const old = await addPupil(prisma, { dob: '2010-07-01' });
    await placement(prisma, old.id, {});
    // ... on no roll on the date (register limb (a), not held here) ...
    const offRoll = await addPupil(prisma);
    await prisma.enrolment.updateMany({
      where: { pupilId: offRoll.id },
      data: { endDate: d('2026-07-17'), endCategory: 'PERMANENT_EXCLUSION' },
    });
    await placement(prisma, offRoll.id, {});
    // ... a placement ended before the date; another LA's; a restricted record the officer is not named on.
    const gone = await addPupil(prisma);
    await placement(prisma, gone.id, {
      startDate: d('2026-05-01'),
      endDate: d('2026-07-17'),
      status: 'ENDED',
      destination: 'MAINSTREAM_SCHOOL',
    });
    const other = await addPupil(prisma, { laId: IDS.laB });
    await placement(prisma, other.id, {
      laId: IDS.laB,
      providerId: IDS.unregB,
      providerUrn: null,
      settingType: 'OTH',
      registration: 'HOME_SCHOOL_ONLY',
    });
    const hidden = await addPupil(prisma);
    await placement(prisma, hidden.id, {});
    await prisma.pupil.update({
      where: { id: hidden.id },
      data: { restrictedAt: new Date(), restrictedToUserIds: [IDS.users.laOfficerB] },
    });

    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, Q, { d: '2026-09-15' });
    expect(r.errors).toBeUndefined();
    const out = r.data!.childrenNotInSchoolCsv;
    expect(out).toMatchObject({
      registerDate: '2026-09-15',
      fieldListVersion: v,
      fieldListStatus: 'PROVISIONAL',
      commencedOn: '2026-09-01',
      childCount: 3,
      rowCount: 4,
    });
    const row = (p: { upn: string; lastName: string; firstName: string }, rest: string) =>
      `2026-09-15,373,${p.upn},${p.firstName},${p.lastName},2011-05-10,${rest},${v}`;
    const expected = [
      'RegisterDate,LA,UPN,FirstName,LastName,DateOfBirth,RollSchoolURN,RollSchoolName,Arrangement,ArrangedBy,' +
        'TimeElsewhere,ProviderName,ProviderAddress,ProviderType,ProviderSettingType,ProviderURN,ProviderUKPRN,' +
        'EstimatedHoursPerWeek,ArrangementStartDate,ArrangementEndDate,FieldListVersion',
      row(
        a,
        '900001,Hillside Secondary,S19_PROVISION,LA,SOME_OF_THE_TIME,City Boxing Academy,,Unregistered provider,' +
          'Other unregistered provider,,,6,2026-09-01,',
      ),
      row(
        a,
        '900001,Hillside Secondary,SCHOOL_ARRANGED_AP,SCHOOL,SOME_OF_THE_TIME,Pathways Mentoring,' +
          '"12 Mill Lane, Sheffield S1 2AB",Unregistered provider,Registered provider with UKPRN,,10012345,10,2026-09-07,',
      ),
      row(
        b,
        '900002,Riverside Academy,S19_PROVISION,LA,SOME_OF_THE_TIME,Northside PRU,,State-funded AP school,' +
          'Education setting with URN,900005,,25,2026-06-01,',
      ),
      row(
        c,
        `900001,Hillside Secondary,S19_PROVISION,LA,ALL_OF_THE_TIME,Bridge Independent AP,"'=HYPERLINK(""x"")",` +
          'Registered independent school,Education setting with URN,900006,,32.5,2026-05-11,2026-10-16',
      ),
    ];
    const lines = (out.csv as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(expected[0]);
    expect(lines.slice(1).sort()).toEqual(expected.slice(1).sort());
    const audits = await prisma.auditEvent.findMany({ where: { operation: 'export.cnis' } });
    expect(audits).toHaveLength(1);
    expect([...audits[0]!.subjectIds].sort()).toEqual([a.id, b.id, c.id].sort());

    const analyst = await ctx.api.gql(ctx.world.tokens.analyst, Q, { d: '2026-09-15' });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const school = await ctx.api.gql(ctx.world.tokens.secondaryStaff, Q, { d: '2026-09-15' });
    expect(school.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
