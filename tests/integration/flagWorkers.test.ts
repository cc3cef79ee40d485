import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi, type TestApi } from '../support/api';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { COMMISSION, END, placementInput, unregisteredInput } from '../support/movements';
import { fapClient } from '../support/fairAccess';
import { eventually, startTestWorkers } from '../support/workers';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { JOBS } from '../../src/jobs/registry';

/** Moves made through the API raise flags through the real Redis-backed workers, and clear them. */
describe('flag workers end to end', () => {
  let db: TestDatabase;
  let world: World;
  let api: TestApi;
  let workers: Awaited<ReturnType<typeof startTestWorkers>>;
  let hook: Server;
  const received: { body: string; signature: string }[] = [];
  const today = systemClock.today();
  const SECRET = 'webhook-secret-0123456789-0123456789-abc';

  beforeAll(async () => {
    db = await createTestDatabase();
    world = await buildWorld(db);
    // The receiver is local, so this test opts in to private webhook addresses (refused by default).
    api = await startTestApi(db, { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' });
    workers = await startTestWorkers(db, { env: { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' } });
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-ap-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const port = (hook.address() as { port: number }).port;
    const r = await api.gql(
      world.tokens.laOfficer,
      `mutation { configureWebhook(url: "http://127.0.0.1:${port}/hooks", secret: "${SECRET}") { url } }`,
    );
    expect(r.errors).toBeUndefined();
  });
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await world?.close();
    hook?.close();
    await db?.drop();
  });

  const flagsOf = (where: object) => world.prisma.flag.findMany({ where, orderBy: { ruleId: 'asc' } });

  it('P3 appears within seconds of a move and resolves when the placement ends', async () => {
    const pupil = await addPupil(world.prisma);
    const p = (
      await api.gql(world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: addDays(today, -120), plannedEndDate: addDays(today, -30) }),
      })
    ).data!.commissionPlacement;
    const raised = await eventually(async () => (await flagsOf({ placementId: p.id, ruleId: 'P3' }))[0]);
    expect(raised).toMatchObject({
      status: 'OPEN',
      severity: 'HIGH',
      subjectType: 'PLACEMENT',
      subjectId: p.id,
      laId: IDS.laA,
      pupilId: pupil.id,
    });
    expect(raised!.evidence).toMatchObject({ plannedEndDate: addDays(today, -30) });
    // The outbox was relayed: nothing is left unpublished.
    expect(
      await eventually(async () => (await world.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0),
    ).toBe(true);

    const ended = await api.gql(world.tokens.laOfficer, END, {
      input: { placementId: p.id, endDate: today, destination: 'NEET', reason: 'Left' },
    });
    expect(ended.errors).toBeUndefined();
    const cleared = await eventually(
      async () => (await flagsOf({ placementId: p.id, ruleId: 'P3', status: 'RESOLVED' }))[0],
      15_000,
      100,
      'P3 resolved',
    );
    expect(cleared.id).toBe(raised.id);
    expect(cleared.resolvedAt).toBeInstanceOf(Date);
    expect(cleared.resolvedAt!.getTime()).toBeGreaterThanOrEqual(raised.firstSeenAt.getTime());
    expect(await world.prisma.flag.count({ where: { placementId: p.id, ruleId: 'P3' } })).toBe(1);
  });

  it('U1 counts full-time pupils at an unregistered provider across commissioners, and keeps the period it was a school after it falls below five', async () => {
    const start = addDays(today, -14);
    const placements: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const pupil = await addPupil(world.prisma, { dob: '2011-03-01' });
      const viaSchool = i < 3;
      const input = viaSchool
        ? unregisteredInput(pupil.id, {
            startDate: start,
            hoursPerWeek: 20,
            safeguardingConfirmedOn: addDays(start, -7),
            laNotifiedOn: start,
          })
        : placementInput(pupil.id, {
            providerId: IDS.unregUkprn,
            tier: 'TIER_3_TRANSITIONAL',
            plannedEndDate: null,
            startDate: start,
            hoursPerWeek: 20,
            registration: 'HOME_SCHOOL_ONLY',
            safeguardingConfirmedOn: addDays(start, -7),
          });
      const r = await api.gql(viaSchool ? world.tokens.secondaryStaff : world.tokens.laOfficer, COMMISSION, { input });
      expect(r.errors).toBeUndefined();
      placements.push(r.data!.commissionPlacement.id);
    }
    const u1 = await eventually(
      async () => (await flagsOf({ providerId: IDS.unregUkprn, ruleId: 'U1', status: 'OPEN' }))[0],
    );
    expect(u1).toMatchObject({ severity: 'CRIT', subjectType: 'PROVIDER', subjectId: IDS.unregUkprn });
    // Five full-time pupils, three commissioned by one school and two by the LA: two commissioners.
    const evidence = u1.evidence as {
      fullTimePupils: number;
      commissioners: number;
      pupils: { placementIds: string[]; hoursPerWeek: number }[];
    };
    expect(evidence).toMatchObject({ fullTimePupils: 5, commissioners: 2 });
    expect(evidence.pupils.flatMap((x) => x.placementIds).sort()).toEqual([...placements].sort());
    expect(evidence.pupils.map((x) => x.hoursPerWeek)).toEqual([20, 20, 20, 20, 20]);
    expect(JSON.stringify(u1!.evidence)).not.toMatch(/Test|Pupil\d/); // IDs and figures, never names

    await api.gql(world.tokens.laOfficer, END, {
      input: { placementId: placements[4], endDate: today, destination: 'NEET', reason: 'Ended' },
    });
    await api.gql(world.tokens.laOfficer, END, {
      input: { placementId: placements[3], endDate: addDays(today, -1), destination: 'NEET', reason: 'Ended' },
    });
    // Below five from today, but it was a school from the start until yesterday: the registration test looks
    // back (issue 14 item 6), so the same flag stays open and now names the finished period.
    const past = await eventually(async () => {
      const f = (await flagsOf({ providerId: IDS.unregUkprn, ruleId: 'U1', status: 'OPEN' }))[0];
      return (f?.evidence as { period?: { ongoing: boolean } }).period?.ongoing === false ? f : undefined;
    });
    expect(past.id).toBe(u1.id);
    expect(past.periodKey).toBe(start);
    expect(past.evidence).toMatchObject({ period: { from: start, to: addDays(today, -1), ongoing: false } });
    expect(past.title).toContain(`${start} to ${addDays(today, -1)}`);
    expect(await world.prisma.flag.count({ where: { ruleId: 'U1', subjectId: IDS.unregUkprn } })).toBe(1);
  });

  it('a new high-severity flag is delivered by signed webhook with IDs only', async () => {
    // Its own flag: a placement 20 days past its planned end raises P3 (HIGH).
    const pupil = await addPupil(world.prisma);
    const p = (
      await api.gql(world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: addDays(today, -90), plannedEndDate: addDays(today, -20) }),
      })
    ).data!.commissionPlacement;
    const flag = await eventually(
      async () => (await flagsOf({ placementId: p.id, ruleId: 'P3' }))[0],
      15_000,
      100,
      'P3 raised',
    );
    const delivery = await eventually(
      async () => received.find((r) => r.body.includes(flag.id)),
      15_000,
      100,
      'webhook delivered',
    );
    const [t, v1] = delivery!.signature.split(',').map((x) => x.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${delivery!.body}`).digest('hex'));
    const payload = JSON.parse(delivery!.body);
    expect(payload).toMatchObject({
      event: 'flag.opened',
      flagId: flag.id,
      ruleId: 'P3',
      severity: 'HIGH',
      subjectType: 'PLACEMENT',
      subjectId: p.id,
      localAuthorityCode: '373',
    });
    expect(payload.link).toContain(`/flags/${flag.id}`);
    expect(delivery!.body).not.toMatch(/firstName|lastName|dateOfBirth|Test/);
    // The link opens the flag for a user in scope, and for nobody else.
    const open = (token: string) =>
      fetch(`${api.url}/flags/${flag.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await (await open(world.tokens.laOfficer)).json()) as any).data.flag.id).toBe(flag.id);
    expect((await open(world.tokens.laOfficerB)).status).toBe(404);
    expect((await fetch(`${api.url}/flags/${flag.id}`)).status).toBe(401);
  });

  it('acknowledge and dismiss through the API; a dismissed flag reopens only when its evidence gets worse', async () => {
    const pupil = await addPupil(world.prisma);
    const p = (
      await api.gql(world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, { startDate: addDays(today, -100), plannedEndDate: addDays(today, -10) }),
      })
    ).data!.commissionPlacement;
    const flag = await eventually(async () => (await flagsOf({ placementId: p.id, ruleId: 'P3' }))[0]);
    const ack = await api.gql(
      world.tokens.pruStaff,
      `mutation($id: UUID!) { acknowledgeFlag(flagId: $id) { status } }`,
      { id: flag!.id },
    );
    expect(ack.data?.acknowledgeFlag.status).toBe('ACKNOWLEDGED');
    const notAllowed = await api.gql(
      world.tokens.pruStaff,
      `mutation($id: UUID!) { dismissFlag(flagId: $id, reason: "x") { status } }`,
      { id: flag!.id },
    );
    expect(notAllowed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const dismissed = await api.gql(
      world.tokens.laOfficer,
      `mutation($id: UUID!) { dismissFlag(flagId: $id, reason: "Agreed extension pending paperwork") { status dismissedReason } }`,
      { id: flag!.id },
    );
    expect(dismissed.data?.dismissFlag).toEqual({
      status: 'DISMISSED',
      dismissedReason: 'Agreed extension pending paperwork',
    });

    // Re-evaluation today (a change to the placement): the evidence is the same, so it stays dismissed.
    // The evaluation refreshes the flag's lastSeenAt: waiting for that proves it ran.
    const seen = (await world.prisma.flag.findUniqueOrThrow({ where: { id: flag!.id } })).lastSeenAt;
    const changed = await api.gql(
      world.tokens.laOfficer,
      `mutation($i: ChangeHoursInput!) { changePlacementHours(input: $i) { id } }`,
      {
        i: { placementId: p.id, effectiveOn: today, hoursPerWeek: 24, reason: 'Timetable change' },
      },
    );
    expect(changed.errors).toBeUndefined();
    const reevaluated = await eventually(
      async () => {
        const f = await world.prisma.flag.findUniqueOrThrow({ where: { id: flag!.id } });
        return f.lastSeenAt > seen ? f : null;
      },
      15_000,
      100,
      'P3 re-evaluated after the hours change',
    );
    expect(reevaluated.status).toBe('DISMISSED');
    expect(reevaluated.evidenceScore).toBe(10);

    // Dismissed at 10 days overdue; 5 days later (15) is not materially worse: still dismissed (a full sweep,
    // which evaluates it whatever its next-due date).
    const finished = () => world.prisma.scanRun.count({ where: { finishedAt: { not: null } } });
    const runs = await finished();
    await workers.queues.flags.add(JOBS.nightlyScan, { asOf: addDays(today, 5), full: true });
    await eventually(async () => (await finished()) === runs + 1, 30_000, 100, 'first scan finished');
    const after15 = await world.prisma.flag.findUniqueOrThrow({ where: { id: flag!.id } });
    expect([after15.status, after15.evidenceScore]).toEqual(['DISMISSED', 15]);
    // Ten days later (20 days overdue) the evidence has doubled: the due-only scan finds it due, and it reopens.
    await workers.queues.flags.add(JOBS.nightlyScan, { asOf: addDays(today, 10), full: false });
    const reopened = await eventually(
      async () => {
        const f = await world.prisma.flag.findUniqueOrThrow({ where: { id: flag!.id } });
        return f.status === 'OPEN' ? f : null;
      },
      30_000,
      100,
      'P3 reopened',
    );
    expect(reopened.evidenceScore).toBe(20);
  });

  it('setThresholdOverride: an LA that tightens the registration count (rule U1) sees U1 raised at the lower count; loosening a legal limit is refused and saves nothing', async () => {
    const TH = `{ thresholds { key value nationalValue status overridden } }`;
    const SET = `mutation($k: String!, $v: Float!, $r: String!) { setThresholdOverride(key: $k, value: $v, reason: $r) { key value overridden } }`;
    const national = (await api.gql(world.tokens.laOfficer, TH)).data!.thresholds.find(
      (t: any) => t.key === 'registrationPupilCount',
    );
    expect(national).toMatchObject({ overridden: false });
    const count = national.nationalValue as number;
    const saved = () => world.prisma.laRuleOverride.count();
    const audits = () => world.prisma.auditEvent.count({ where: { operation: 'settings.threshold' } });

    // Refusals: loosening (one more pupil), a role other than LA officer, an unknown key. Nothing saved or audited.
    const [s0, a0] = [await saved(), await audits()];
    const looser = await api.gql(world.tokens.laOfficer, SET, {
      k: 'registrationPupilCount',
      v: count + 1,
      r: 'Fewer flags',
    });
    expect(looser.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(
      (await api.gql(world.tokens.panel, SET, { k: 'registrationPupilCount', v: count - 2, r: 'x' })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await api.gql(world.tokens.laOfficer, SET, { k: 'noSuchThreshold', v: 1, r: 'x' })).errors?.[0]?.extensions
        ?.code,
    ).toBe('VALIDATION_FAILED');
    expect([await saved(), await audits()]).toEqual([s0, a0]);

    // Tightened to two fewer pupils: in force for LA A only.
    const tight = count - 2;
    const set = await api.gql(world.tokens.laOfficer, SET, {
      k: 'registrationPupilCount',
      v: tight,
      r: 'Local protocol: flag earlier',
    });
    expect(set.errors).toBeUndefined();
    expect([await saved(), await audits()]).toEqual([s0 + 1, a0 + 1]);
    expect(
      (await api.gql(world.tokens.laOfficer, TH)).data!.thresholds.find((t: any) => t.key === 'registrationPupilCount'),
    ).toMatchObject({ value: tight, nationalValue: count, overridden: true });
    expect(
      (await api.gql(world.tokens.laOfficerB, TH)).data!.thresholds.find(
        (t: any) => t.key === 'registrationPupilCount',
      ),
    ).toMatchObject({ value: count, overridden: false });

    // That many full-time pupils at another unregistered provider: U1 is raised by the workers at the tightened count.
    const start = addDays(today, -14);
    for (let i = 0; i < tight; i += 1) {
      const pupil = await addPupil(world.prisma, { dob: '2011-03-01' });
      const r = await api.gql(world.tokens.laOfficer, COMMISSION, {
        input: placementInput(pupil.id, {
          providerId: IDS.unregSetting,
          tier: 'TIER_3_TRANSITIONAL',
          plannedEndDate: null,
          startDate: start,
          hoursPerWeek: 20,
          registration: 'HOME_SCHOOL_ONLY',
          safeguardingConfirmedOn: addDays(start, -7),
        }),
      });
      expect(r.errors).toBeUndefined();
    }
    const u1 = await eventually(
      async () => (await flagsOf({ providerId: IDS.unregSetting, ruleId: 'U1', status: 'OPEN' }))[0],
      15_000,
      100,
      'U1 at the tightened count',
    );
    expect(u1.evidence).toMatchObject({ fullTimePupils: tight, registrationCount: tight });

    // Back to the national value: the override row goes, and the next evaluation clears U1 (below the count again).
    expect(
      (await api.gql(world.tokens.laOfficer, SET, { k: 'registrationPupilCount', v: count, r: 'Back to the law' }))
        .errors,
    ).toBeUndefined();
    expect(await saved()).toBe(s0);
    await workers.queues.flags.add(JOBS.nightlyScan, { asOf: today });
    await eventually(
      async () => (await flagsOf({ providerId: IDS.unregSetting, ruleId: 'U1', status: 'RESOLVED' }))[0],
      30_000,
      100,
      'U1 resolved at the national count',
    );
  });

  it('fair access: F1 is raised for a case with no place after 20 school days, and clears on allocation', async () => {
    const fap = fapClient(api);
    const pupil = await addPupil(world.prisma, { dob: '2011-05-10' });
    // Referred and agreed 40 calendar days ago: well past 20 school days, nothing allocated.
    const referral = await fap.refer(world.tokens.laOfficer, pupil.id, {
      referredOn: addDays(today, -40),
      agreedToConsiderOn: addDays(today, -40),
    });
    const f1 = await eventually(
      async () => (await flagsOf({ subjectId: referral.id, ruleId: 'F1', status: 'OPEN' }))[0],
    );
    expect(f1).toMatchObject({ severity: 'CRIT', subjectType: 'REFERRAL', laId: IDS.laA });
    // The panel sees it; a school does not.
    const LIST = `query { flags(filter: { ruleId: "F1" }) { nodes { id } } }`;
    expect((await api.gql(world.tokens.panel, LIST)).data?.flags.nodes.map((n: any) => n.id)).toContain(f1!.id);
    expect((await api.gql(world.tokens.secondaryStaff, LIST)).data?.flags.nodes).toEqual([]);

    const meetingId = await fap.meeting(world.tokens.panel, addDays(today, -1));
    await fap.decide(world.tokens.panel, {
      referralId: referral.id,
      meetingId,
      outcome: 'ALLOCATE_SCHOOL',
      allocatedSchoolId: IDS.academyA,
      admissionDeadline: addDays(today, 10),
    });
    const cleared = await eventually(
      async () => (await flagsOf({ subjectId: referral.id, ruleId: 'F1', status: 'RESOLVED' }))[0],
    );
    expect(cleared).toBeDefined();
  });

  it('lists flags scoped by role, filtered and paginated, and shows them on the pupil', async () => {
    // Its own flags: one overdue placement at the PRU, one at the unregistered provider (P3, HIGH, each).
    const atPru = await addPupil(world.prisma);
    const atUnreg = await addPupil(world.prisma);
    const pru = (
      await api.gql(world.tokens.laOfficer, COMMISSION, {
        input: placementInput(atPru.id, { startDate: addDays(today, -60), plannedEndDate: addDays(today, -3) }),
      })
    ).data!.commissionPlacement;
    const unreg = await api.gql(world.tokens.secondaryStaff, COMMISSION, {
      input: unregisteredInput(atUnreg.id, {
        startDate: addDays(today, -30),
        plannedEndDate: addDays(today, -2),
        safeguardingConfirmedOn: addDays(today, -40),
        laNotifiedOn: addDays(today, -30),
      }),
    });
    expect(unreg.errors).toBeUndefined();
    const pruFlag = await eventually(
      async () => (await flagsOf({ placementId: pru.id, ruleId: 'P3' }))[0],
      15_000,
      100,
      'P3 at the PRU',
    );
    const unregFlag = await eventually(
      async () => (await flagsOf({ placementId: unreg.data!.commissionPlacement.id, ruleId: 'P3' }))[0],
      15_000,
      100,
      'P3 at the unregistered provider',
    );

    const LIST = `query($f: FlagFilter, $after: String) { flags(filter: $f, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id ruleId severity } } }`;
    const allPages = async (token: string, f: object = {}) => {
      const ids: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let page = 0; page < 500; page += 1) {
        const r: any = await api.gql(token, LIST, { f, after });
        expect(r.errors).toBeUndefined();
        total = r.data.flags.totalCount;
        expect(r.data.flags.nodes.length).toBeLessThanOrEqual(2);
        ids.push(...r.data.flags.nodes.map((n: any) => n.id));
        if (!r.data.flags.pageInfo.hasNextPage) break;
        after = r.data.flags.pageInfo.endCursor;
      }
      return { ids, total };
    };
    const idsIn = async (where: object) =>
      (await world.prisma.flag.findMany({ where, select: { id: true } })).map((f) => f.id).sort();

    // The LA officer: every flag of LA A, each once, across pages; totalCount agrees.
    const la = await allPages(world.tokens.laOfficer);
    expect([...la.ids].sort()).toEqual(await idsIn({ laId: IDS.laA }));
    expect(new Set(la.ids).size).toBe(la.ids.length);
    expect(la.total).toBe(la.ids.length);
    expect(la.ids).toEqual(expect.arrayContaining([pruFlag.id, unregFlag.id]));
    // Filters: severity and pupil.
    const high = await allPages(world.tokens.laOfficer, { severity: ['HIGH'] });
    expect([...high.ids].sort()).toEqual(await idsIn({ laId: IDS.laA, severity: 'HIGH' }));
    const ofPupil = await allPages(world.tokens.laOfficer, { pupilId: atPru.id });
    expect([...ofPupil.ids].sort()).toEqual(await idsIn({ pupilId: atPru.id }));
    expect(ofPupil.ids).toContain(pruFlag.id);
    // Other LA, analyst: nothing. Unregistered provider staff: their provider's flags only.
    expect((await api.gql(world.tokens.laOfficerB, LIST, {})).data?.flags.totalCount).toBe(0);
    expect((await api.gql(world.tokens.analyst, LIST, {})).data?.flags.totalCount).toBe(0);
    const own = await allPages(world.tokens.unregStaff);
    expect([...own.ids].sort()).toEqual(await idsIn({ providerId: IDS.unregUkprn }));
    expect(own.ids).toContain(unregFlag.id);
    expect(own.ids).not.toContain(pruFlag.id);
    // On the pupil.
    const onPupil = await api.gql(
      world.tokens.laOfficer,
      `query($id: UUID!) { pupil(id: $id) { flags { id ruleId } } }`,
      { id: atPru.id },
    );
    expect(onPupil.data?.pupil.flags.map((f: any) => f.id).sort()).toEqual(await idsIn({ pupilId: atPru.id }));
    expect(onPupil.data?.pupil.flags).toContainEqual({ id: pruFlag.id, ruleId: 'P3' });
    const rules = await api.gql(world.tokens.laOfficer, `{ flagRules { ruleId proposal title } }`);
    const u9 = rules.data?.flagRules.find((r: any) => r.ruleId === 'U9');
    expect(u9.proposal).toBe(true);
  });
});
