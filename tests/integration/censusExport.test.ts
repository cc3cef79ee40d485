import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { IDS, addPupil } from '../support/fixtures';
import type { PrismaClient } from '../../src/generated/prisma/client';

/** Issue 16 item 3: the census AP placement rows for a census date, against hand-built expected rows. */
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
      startDate: d('2025-11-03'),
      hoursPerWeek: 25,
      registration: 'DUAL_REGISTERED',
      objectives: 'x',
      reintegrationPlan: 'y',
      registrationConfirmed: true,
      nextReviewDue: d('2026-02-02'),
      ...over,
    } as never,
  });
}

describe('census AP placements export', () => {
  const ctx = useApiWorld();
  const Q = `query($d: LocalDate!) { censusApPlacementsCsv(censusDate: $d) { censusDate mappingVersion mappingStatus rowCount csv } }`;

  it('returns each open placement once, by who returns it, with one identifier and the coded reason', async () => {
    const { prisma } = ctx.world;
    const v = 'census-ap-2026-27-provisional-1';
    // School-arranged (secondary A) at an unregistered provider known by UKPRN: the school returns it.
    const a = await addPupil(prisma);
    await placement(prisma, a.id, {
      commissionerKind: 'SCHOOL',
      commissioningSchoolId: IDS.secondaryA,
      reason: 'SUSPENSION_OVER_FIVE_DAYS',
      legalBasis: 'SCHOOL_DAY_SIX_SUSPENSION',
      providerId: IDS.unregUkprn,
      providerUrn: null,
      providerUkprn: '10012345',
      registration: 'HOME_SCHOOL_ONLY',
      startDate: d('2026-01-05'),
      hoursPerWeek: 10,
    });
    // LA-arranged, dual registered, on the academy's roll (and the PRU's): the academy returns it.
    const b = await addPupil(prisma, { schoolId: IDS.academyA });
    await prisma.enrolment.create({
      data: { pupilId: b.id, schoolId: IDS.pruSchoolA, registration: 'SUBSIDIARY', startDate: d('2025-11-03') },
    });
    await placement(prisma, b.id, {});
    // LA-arranged, single registered at an independent AP, ending after the census date: the LA returns it.
    const c = await addPupil(prisma);
    await placement(prisma, c.id, {
      providerId: IDS.independentAp,
      providerUrn: '900006',
      reason: 'HEALTH_NEEDS',
      legalBasis: 'S19_HEALTH',
      registration: 'SINGLE_REGISTERED_AT_AP',
      startDate: d('2025-09-08'),
      endDate: d('2026-02-13'),
      status: 'ENDED',
      destination: 'MAINSTREAM_SCHOOL',
      hoursPerWeek: 30,
    });
    // Known only by its setting type.
    const e = await addPupil(prisma);
    await placement(prisma, e.id, {
      providerId: IDS.unregSetting,
      providerUrn: null,
      settingType: 'OTH',
      reason: 'BEHAVIOUR_EARLY_INTERVENTION',
      legalBasis: 'S19_OTHER',
      registration: 'HOME_SCHOOL_ONLY',
      startDate: d('2025-12-01'),
      hoursPerWeek: 6,
    });
    // Not in the return: ended before the census date; another LA's.
    const gone = await addPupil(prisma);
    await placement(prisma, gone.id, {
      startDate: d('2025-09-01'),
      endDate: d('2026-01-09'),
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

    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, Q, { d: '2026-01-15' });
    expect(r.errors).toBeUndefined();
    const out = r.data!.censusApPlacementsCsv;
    expect(out).toMatchObject({
      censusDate: '2026-01-15',
      mappingVersion: v,
      mappingStatus: 'PROVISIONAL',
      rowCount: 4,
    });
    const expected = [
      'ReturnedBy,LAESTAB,ReturningSchoolURN,LA,UPN,PlacementStartDate,PlacementEndDate,URN,UKPRN,APSettingType,SettingTypeLabel,PrimaryReason,HoursPerWeek,MappingVersion',
      `LA,,,373,${c.upn},2025-09-08,2026-02-13,900006,,,Education setting with URN,HEA,30,${v}`,
      `LA,,,373,${e.upn},2025-12-01,,,,OTH,Other unregistered provider,BEH,6,${v}`,
      `SCHOOL,3734001,900001,373,${a.upn},2026-01-05,,,10012345,,Registered provider with UKPRN,SUS,10,${v}`,
      `SCHOOL,3734002,900002,373,${b.upn},2025-11-03,,900005,,,Education setting with URN,PEX,25,${v}`,
    ];
    const lines = (out.csv as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(expected[0]);
    expect(lines.slice(1).sort()).toEqual(expected.slice(1).sort());
    expect(
      await prisma.auditEvent.count({
        where: { operation: 'export.census', subjectIds: { hasEvery: [a.id, b.id, c.id, e.id] } },
      }),
    ).toBe(1);
    const analyst = await ctx.api.gql(ctx.world.tokens.analyst, Q, { d: '2026-01-15' });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
