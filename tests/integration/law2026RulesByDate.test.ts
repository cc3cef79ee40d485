import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { COMMISSION, unregisteredInput } from '../support/movements';
import { createCalendarService } from '../../src/calendar/calendarService';
import { evaluateBatch } from '../../src/flags/evaluate';
import { setCommencement } from '../../src/usecases/law/setCommencement';

/**
 * Rules that change on a date (domain.md §10.1–10.3, issue 14 item 1): off-site directions are judged by
 * the rules in force on their first day for the directing school, at write time (O1, O4 block) and by
 * the flag rules (O2); CWSA 2026 switches are off until the installation commences them, and the
 * `thresholds` and `flagRules` queries show both.
 */
describe('rules that change on a date, through the API', () => {
  const ctx = useApiWorld();
  const notice = {
    address: '1 High St',
    personToReportTo: 'Ms Khan',
    numberOfDays: 30,
    reasonsAndObjectives: 'Improve behaviour',
    sessionTimes: '09:00-15:00',
  };
  /** A direction by `schoolId` starting on `startDate`, with the notice given on Thu 16 Jul 2026 (4 school days before). */
  const direction = (pupilId: string, schoolId: string, startDate: string, over: Record<string, unknown> = {}) =>
    unregisteredInput(pupilId, {
      commissioningSchoolId: schoolId,
      providerId: IDS.independentAp,
      reason: 'OFF_SITE_DIRECTION',
      tier: 'TIER_2_TIME_LIMITED',
      registration: 'DUAL_REGISTERED',
      startDate,
      plannedEndDate: '2026-12-18',
      maximumPeriodSchoolDays: 60,
      directionNoticeDate: '2026-07-16',
      directionNotice: notice,
      hoursPerWeek: 25,
      ...over,
    });

  it('refuses an academy direction without notice from 26 July 2026, and accepts one starting the day before', async () => {
    const { api, world } = ctx;
    const before = await addPupil(world.prisma, { schoolId: IDS.academyA });
    const ok = await api.gql(world.tokens.academyStaff, COMMISSION, {
      input: direction(before.id, IDS.academyA, '2026-07-25', {
        directionNoticeDate: null,
        directionNotice: null,
        maximumPeriodSchoolDays: null,
      }),
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.commissionPlacement.legalBasis).toBe('S29A_OFF_SITE_DIRECTION');

    const after = await addPupil(world.prisma, { schoolId: IDS.academyA });
    const refused = await api.gql(world.tokens.academyStaff, COMMISSION, {
      input: direction(after.id, IDS.academyA, '2026-07-26', { directionNoticeDate: null, directionNotice: null }),
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'O1' });
    const noMaximum = await api.gql(world.tokens.academyStaff, COMMISSION, {
      input: direction(after.id, IDS.academyA, '2026-07-26', { maximumPeriodSchoolDays: null }),
    });
    expect(noMaximum.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(noMaximum.errors?.[0]?.extensions)).toContain('rule O4');
    expect(await world.prisma.placement.count({ where: { pupilId: after.id } })).toBe(0);
  });

  it('refuses a maintained school direction without notice on either side of the date', async () => {
    const { api, world } = ctx;
    for (const startDate of ['2026-07-25', '2026-07-26']) {
      const pupil = await addPupil(world.prisma);
      const r = await api.gql(world.tokens.secondaryStaff, COMMISSION, {
        input: direction(pupil.id, IDS.secondaryA, startDate, { directionNoticeDate: null, directionNotice: null }),
      });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_BLOCKED', rule: 'O1' });
    }
  });

  it('flags O2 for an academy direction of a pupil with an EHC plan from 26 July 2026 only', async () => {
    const { api, world } = ctx;
    const ids: Record<string, string> = {};
    for (const startDate of ['2026-07-25', '2026-07-26']) {
      const pupil = await addPupil(world.prisma, { schoolId: IDS.academyA, senStatus: 'EHCP' });
      const r = await api.gql(world.tokens.academyStaff, COMMISSION, {
        input: direction(pupil.id, IDS.academyA, startDate),
      });
      expect(r.errors).toBeUndefined();
      ids[startDate] = r.data!.commissionPlacement.id;
    }
    await evaluateBatch(
      { prisma: world.prisma, calendars: createCalendarService(world.prisma) },
      'PLACEMENT',
      Object.values(ids),
      '2026-09-07',
    );
    const flags = await world.prisma.flag.findMany({
      where: { placementId: { in: Object.values(ids) }, ruleId: { in: ['O1', 'O2', 'O4'] } },
    });
    expect(flags.map((f) => [f.placementId, f.ruleId])).toEqual([[ids['2026-07-26'], 'O2']]);
    expect((flags[0]!.evidence as { judgedUnder: string }).judgedUnder).toMatch(
      /Application to Academies and Pupil Referral Units/,
    );
  });

  it('shows effective dates, the commencement switches and rule applicability in thresholds and flagRules', async () => {
    const { api, world } = ctx;
    const Q = `{ thresholds { key value unit status effectiveFrom effectiveTo commencement { provision commenced commencesOn effect } }
      flagRules { ruleId proposal applicability { appliesTo schoolTypes effectiveFrom effectiveTo status source commencement { provision commenced commencesOn } } } }`;
    const first = await api.gql<{
      thresholds: {
        key: string;
        value: number;
        unit: string;
        effectiveFrom: string | null;
        commencement: { commenced: boolean; commencesOn: string | null } | null;
      }[];
      flagRules: {
        ruleId: string;
        proposal: boolean;
        applicability: {
          effectiveFrom: string;
          schoolTypes: string[] | null;
          commencement: { commencesOn: string | null } | null;
        }[];
      }[];
    }>(world.tokens.laOfficer, Q);
    expect(first.errors).toBeUndefined();
    const rows = first.data!.thresholds;
    expect(rows.find((r) => r.key === 'suspensionCapSchoolDays')).toMatchObject({
      value: 45,
      effectiveFrom: '2012-09-01',
      effectiveTo: null,
    });
    const switches = rows.filter((r) => r.unit === 'commencement');
    expect(switches.map((r) => [r.key, r.value, r.commencement?.commencesOn])).toEqual([
      ['CWSA_S38', 0, null],
      ['CWSA_S43', 0, null],
      ['CWSA_S62', 0, null],
      ['CWSA_EHE_CONSENT', 0, null],
    ]);
    const o1 = first.data!.flagRules.find((r) => r.ruleId === 'O1')!;
    expect(o1.applicability.map((p) => [p.effectiveFrom, p.schoolTypes])).toEqual([
      ['2013-01-01', ['MAINTAINED', 'SPECIAL']],
      ['2026-07-26', ['ACADEMY', 'AP_ACADEMY', 'AP_FREE_SCHOOL', 'PRU']],
    ]);
    expect(first.data!.flagRules.find((r) => r.ruleId === 'U2b')).toMatchObject({ proposal: true });

    await setCommencement(world.prisma, {
      provision: 'CWSA_S43',
      commencesOn: '2026-09-01',
      reason: 'test: commencement regulations',
      setBy: 'test',
    });
    await setCommencement(world.prisma, {
      provision: 'CWSA_S62',
      commencesOn: '2099-01-04',
      reason: 'test',
      setBy: 'test',
    });
    const second = await api.gql<typeof first.data>(world.tokens.laOfficer, Q);
    const s2 = second.data!.thresholds.filter((r) => r.unit === 'commencement');
    expect(s2.map((r) => [r.key, r.value, r.commencement?.commencesOn, r.commencement?.commenced])).toEqual([
      ['CWSA_S38', 0, null, false],
      ['CWSA_S43', 1, '2026-09-01', true],
      ['CWSA_S62', 0, '2099-01-04', false],
      ['CWSA_EHE_CONSENT', 0, null, false],
    ]);
    expect(second.data!.flagRules.find((r) => r.ruleId === 'U2b')).toMatchObject({ proposal: false });
    await expect(
      setCommencement(world.prisma, { provision: 'CWSA_S62', commencesOn: '2026-04-28', reason: 'x', setBy: 'test' }),
    ).rejects.toThrow(/Royal Assent/);
    await setCommencement(world.prisma, { provision: 'CWSA_S43', commencesOn: null, reason: 'x', setBy: 'test' });
    await setCommencement(world.prisma, { provision: 'CWSA_S62', commencesOn: null, reason: 'x', setBy: 'test' });
  });

  it('lets the app role read the switches but not set them', async () => {
    const { db } = ctx;
    const { createPrisma } = await import('../../src/db/prisma');
    const app = createPrisma(db.appUrl, 1);
    try {
      expect(await app.provisionCommencement.count()).toBe(0);
      await expect(
        setCommencement(app, { provision: 'CWSA_S62', commencesOn: '2027-01-04', reason: 'x', setBy: 'app' }),
      ).rejects.toThrow();
    } finally {
      await app.$disconnect();
    }
  });
});
