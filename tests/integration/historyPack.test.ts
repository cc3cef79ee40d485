import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { CHECKPOINT, COMMISSION, END, HOURS, REVIEW, SUSPEND, placementInput } from '../support/movements';
import { fapClient } from '../support/fairAccess';
import { historyPackProblems } from '../../src/transfer/packSchema';

const PACK = `query($id: UUID!) { pupilHistoryPack(pupilId: $id) { pupilId generatedAt format schemaUrl pack } }`;

/**
 * Issue 16 item 5: a pupil's AP history pack, against content built by hand from the writes below — a suspension,
 * a fair access referral and decision, a placement with a review, an hours change and a return to a mainstream
 * school with a reported checkpoint, and a flag — and against its published JSON Schema. Reading it is audited.
 */
describe('a pupil’s AP history pack', () => {
  const ctx = useApiWorld();
  const ok = async (token: string, query: string, variables: Record<string, unknown>) => {
    const r = await ctx.api.gql(token, query, variables);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data as any;
  };

  it('holds everything the record holds about the pupil’s AP history, as the schema says', async () => {
    const t = ctx.world.tokens;
    const pupil = await addPupil(ctx.world.prisma, { firstName: 'Robin', senStatus: 'SEN_SUPPORT' });
    const suspension = (
      await ok(t.secondaryStaff, SUSPEND, {
        input: {
          pupilId: pupil.id,
          schoolId: IDS.secondaryA,
          startDate: '2025-06-16',
          schoolDays: 3,
          reasonCategory: 'OTHER',
          note: 'Three days',
        },
      })
    ).recordSuspension;
    const fap = fapClient(ctx.api);
    const referral = await fap.refer(t.laOfficer, pupil.id, {});
    const meetingId = await fap.meeting(t.panel, '2025-10-15');
    await fap.decide(t.panel, {
      referralId: referral.id,
      meetingId,
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: '2025-10-24',
    });
    const placement = (
      await ok(t.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: '2025-09-08', plannedEndDate: '2025-12-19' }),
      })
    ).commissionPlacement;
    await ok(t.laOfficer, REVIEW, {
      input: { placementId: placement.id, reviewDate: '2025-10-17', outcome: 'CONTINUE', notes: 'Settling well' },
    });
    await ok(t.laOfficer, HOURS, {
      input: { placementId: placement.id, effectiveOn: '2025-11-03', hoursPerWeek: 20, reason: 'Phased timetable' },
    });
    const ended = (
      await ok(t.pruStaff, END, {
        input: {
          placementId: placement.id,
          endDate: '2025-12-19',
          destination: 'MAINSTREAM_SCHOOL',
          destinationSchoolId: IDS.academyA,
          reason: 'Ready to return',
        },
      })
    ).endPlacement;
    const r = ended.reintegration;
    await ok(t.academyStaff, CHECKPOINT, {
      input: {
        reintegrationId: r.id,
        label: 'SIX_WEEKS',
        outcome: 'SUSTAINED',
        reportedOn: '2026-02-13',
        reason: 'Attending well',
      },
    });
    const flag = await ctx.world.prisma.flag.create({
      data: {
        ruleId: 'P3',
        outcome: 'OVERDUE',
        severity: 'HIGH',
        subjectType: 'PLACEMENT',
        subjectId: placement.id,
        placementId: placement.id,
        pupilId: pupil.id,
        providerId: IDS.pru,
        laId: IDS.laA,
        title: 'Placement still open after its planned end date',
        evidence: {},
        configVersion: 'test',
      },
    });
    const placementRow = await ctx.world.prisma.placement.findUniqueOrThrow({ where: { id: placement.id } });

    const lastAudit = (await ctx.world.prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const answer = (await ok(t.laOfficer, PACK, { id: pupil.id })).pupilHistoryPack;
    expect(
      await ctx.world.prisma.auditEvent.findMany({
        where: { id: { gt: lastAudit } },
        select: { operation: true, actorId: true, subjectIds: true },
      }),
    ).toEqual([{ operation: 'pupil.historyPack', actorId: IDS.users.laOfficer, subjectIds: [pupil.id] }]);
    expect(answer.format).toBe('ap-movement-tracker/ap-history-pack/v1');
    expect(answer.schemaUrl).toMatch(/\/schemas\/ap-history-pack\.v1\.schema\.json$/);
    expect(historyPackProblems(answer.pack)).toEqual([]);

    const due = r.checkpoints.map((c: any) => c.dueDate);
    expect(answer.pack).toEqual({
      format: 'ap-movement-tracker/ap-history-pack/v1',
      generatedAt: answer.generatedAt,
      producedBy: { laCode: '373', laName: 'Sheffield (test)' },
      pupil: {
        upn: pupil.upn,
        upnIsTemporary: false,
        firstName: 'Robin',
        lastName: pupil.lastName,
        dateOfBirth: '2011-05-10',
        sex: 'F',
        ethnicityCode: null,
        senStatus: 'SEN_SUPPORT',
        lookedAfter: false,
        socialCareStatus: 'NONE',
        fsmEligible: false,
        homeLaCode: '373',
      },
      placements: [
        {
          ref: placement.id,
          laCode: '373',
          provider: { name: 'Northside PRU', urn: '900005', ukprn: null, settingType: null },
          commissionerKind: 'LA',
          commissioningSchool: null,
          reason: 'PERMANENT_EXCLUSION',
          reasonOther: null,
          legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
          tier: 'TIER_2_TIME_LIMITED',
          registration: 'DUAL_REGISTERED',
          startDate: '2025-09-08',
          plannedEndDate: '2025-12-19',
          endDate: '2025-12-19',
          status: 'ENDED',
          hoursPerWeek: 20,
          objectives: 'Re-engage with learning; stabilise behaviour.',
          reintegrationPlan: 'Phased return to a mainstream school after assessment.',
          lastReviewDate: '2025-10-17',
          nextReviewDue: placementRow.nextReviewDue.toISOString().slice(0, 10),
          destination: 'MAINSTREAM_SCHOOL',
          destinationSchool: { urn: '900002', name: 'Riverside Academy' },
          destinationDetail: null,
          imported: false,
          previousPlacementRef: null,
          reviews: [{ reviewDate: '2025-10-17', outcome: 'CONTINUE', newPlannedEndDate: null, notes: 'Settling well' }],
          hoursChanges: [{ effectiveOn: '2025-11-03', from: 25, to: 20, reason: 'Phased timetable' }],
          reintegration: {
            school: { urn: '900002', name: 'Riverside Academy' },
            // Last AP day Fri 19 Dec; back after Christmas on Mon 5 Jan 2026; 30th school day Fri 13 Feb.
            startDate: '2026-01-05',
            status: 'PENDING',
            checkpoints: [
              {
                label: 'SIX_WEEKS',
                schoolDays: 30,
                dueDate: '2026-02-13',
                isFinal: false,
                outcome: 'SUSTAINED',
                reportedOn: '2026-02-13',
                reason: 'Attending well',
              },
              {
                label: 'ONE_TERM',
                schoolDays: expect.any(Number),
                dueDate: due[1],
                isFinal: false,
                outcome: null,
                reportedOn: null,
                reason: null,
              },
              {
                label: 'TWO_TERMS',
                schoolDays: expect.any(Number),
                dueDate: due[2],
                isFinal: true,
                outcome: null,
                reportedOn: null,
                reason: null,
              },
            ],
          },
        },
      ],
      exclusions: [
        {
          ref: suspension.id,
          school: { urn: '900001', name: 'Hillside Secondary' },
          kind: 'SUSPENSION',
          startDate: '2025-06-16',
          schoolDays: 3,
          reasonCategory: 'OTHER',
          academicYear: '2024-25',
          governorOutcome: 'PENDING',
          governorDecisionDate: null,
        },
      ],
      fairAccessReferrals: [
        {
          ref: referral.id,
          laCode: '373',
          referredOn: '2025-10-06',
          categories: ['AP_REINTEGRATION_OR_PEX'],
          route: 'PANEL',
          status: 'ALLOCATED',
          yearGroupSought: 9,
          agreedToConsiderOn: '2025-10-06',
          admittedOn: null,
          admittedSchool: null,
          closedOn: null,
          decisions: [
            {
              recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
              outcome: 'ALLOCATE_SCHOOL',
              rationale: 'Panel agreed.',
              allocatedSchool: { urn: '900002', name: 'Riverside Academy' },
              admissionDeadline: '2025-10-24',
              supersedesEarlier: false,
              response: null,
              direction: null,
            },
          ],
        },
      ],
      flags: [
        {
          ruleId: 'P3',
          title: 'Placement still open after its planned end date',
          severity: 'HIGH',
          status: 'OPEN',
          firstSeenAt: flag.firstSeenAt.toISOString(),
          lastSeenAt: flag.lastSeenAt.toISOString(),
          resolvedAt: null,
          dismissedAt: null,
          dismissedReason: null,
        },
      ],
      earlierHistories: [],
    });
    // The schema's own checks bite: a pack missing its pupil's UPN, or with an unknown placement reason, fails it.
    const broken = structuredClone(answer.pack);
    delete broken.pupil.upn;
    broken.placements[0].reason = 'BORED';
    expect(historyPackProblems(broken).map((p) => p.path)).toEqual(['/pupil', '/placements/0/reason']);
  });

  it('is read with the pupil’s scope: another LA’s officer gets what a missing pupil gets, and that is audited too', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    const other = await ctx.api.gql(ctx.world.tokens.laOfficerB, PACK, { id: pupil.id });
    const missing = await ctx.api.gql(ctx.world.tokens.laOfficerB, PACK, {
      id: '00000000-0000-4000-8000-00000000dead',
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(other)).toBe(JSON.stringify(missing));
    expect(
      await ctx.world.prisma.auditEvent.count({
        where: { operation: 'pupil.historyPack', actorId: IDS.users.laOfficerB, subjectIds: { isEmpty: true } },
      }),
    ).toBe(2);
    // The school the pupil is on the roll of reads it (as it reads the pupil); the analyst may not.
    expect((await ctx.api.gql(ctx.world.tokens.secondaryStaff, PACK, { id: pupil.id })).errors).toBeUndefined();
    expect((await ctx.api.gql(ctx.world.tokens.analyst, PACK, { id: pupil.id })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('publishes its JSON Schema over HTTP, the same file as docs/schemas', async () => {
    const res = await fetch(`${ctx.api.url}/schemas/ap-history-pack.v1.schema.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(await res.json()).toEqual(JSON.parse(readFileSync('docs/schemas/ap-history-pack.v1.schema.json', 'utf8')));
  });
});
