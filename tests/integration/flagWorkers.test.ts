import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApi, type TestApi } from '../support/api';
import { addPupil, buildWorld, IDS, type World } from '../support/fixtures';
import { COMMISSION, END, placementInput, unregisteredInput } from '../support/movements';
import { fapClient } from '../support/fairAccess';
import { eventually, startTestWorkers } from '../support/workers';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';
import { JOBS } from '../../workers/registry';

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
    const r = await api.gql(world.tokens.laOfficer, `mutation { configureWebhook(url: "http://127.0.0.1:${port}/hooks", secret: "${SECRET}") { url } }`);
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
    const p = (await api.gql(world.tokens.laOfficer, COMMISSION, {
      input: placementInput(pupil.id, { startDate: addDays(today, -120), plannedEndDate: addDays(today, -30) }),
    })).data!.commissionPlacement;
    const raised = await eventually(async () => (await flagsOf({ placementId: p.id, ruleId: 'P3' }))[0]);
    expect(raised).toMatchObject({ status: 'OPEN', severity: 'HIGH', subjectType: 'PLACEMENT', subjectId: p.id, laId: IDS.laA, pupilId: pupil.id });
    expect(raised!.evidence).toMatchObject({ plannedEndDate: addDays(today, -30) });
    // The outbox was relayed: nothing is left unpublished.
    expect(await eventually(async () => (await world.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0)).toBe(true);

    const ended = await api.gql(world.tokens.laOfficer, END, { input: { placementId: p.id, endDate: today, destination: 'NEET', reason: 'Left' } });
    expect(ended.errors).toBeUndefined();
    const cleared = await eventually(async () => (await flagsOf({ placementId: p.id, ruleId: 'P3', status: 'RESOLVED' }))[0]);
    expect(cleared?.resolvedAt).not.toBeNull();
    expect(await world.prisma.flag.count({ where: { placementId: p.id, ruleId: 'P3' } })).toBe(1);
  });

  it('U1 counts full-time pupils at an unregistered provider across commissioners, and clears below five', async () => {
    const start = addDays(today, -14);
    const placements: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const pupil = await addPupil(world.prisma, { dob: '2011-03-01' });
      const viaSchool = i < 3;
      const input = viaSchool
        ? unregisteredInput(pupil.id, { startDate: start, hoursPerWeek: 20, safeguardingConfirmedOn: addDays(start, -7), laNotifiedOn: start })
        : placementInput(pupil.id, {
            providerId: IDS.unregUkprn, tier: 'TIER_3_TRANSITIONAL', plannedEndDate: null, startDate: start, hoursPerWeek: 20,
            registration: 'HOME_SCHOOL_ONLY', safeguardingConfirmedOn: addDays(start, -7),
          });
      const r = await api.gql(viaSchool ? world.tokens.secondaryStaff : world.tokens.laOfficer, COMMISSION, { input });
      expect(r.errors).toBeUndefined();
      placements.push(r.data!.commissionPlacement.id);
    }
    const u1 = await eventually(async () => (await flagsOf({ providerId: IDS.unregUkprn, ruleId: 'U1', status: 'OPEN' }))[0]);
    expect(u1).toMatchObject({ severity: 'CRIT', subjectType: 'PROVIDER', subjectId: IDS.unregUkprn });
    expect(JSON.stringify(u1!.evidence)).toMatch(/5/);
    expect(JSON.stringify(u1!.evidence)).not.toMatch(/Test|Pupil\d/); // IDs and figures, never names

    await api.gql(world.tokens.laOfficer, END, { input: { placementId: placements[4], endDate: today, destination: 'NEET', reason: 'Ended' } });
    await api.gql(world.tokens.laOfficer, END, { input: { placementId: placements[3], endDate: addDays(today, -1), destination: 'NEET', reason: 'Ended' } });
    const gone = await eventually(async () => (await flagsOf({ providerId: IDS.unregUkprn, ruleId: 'U1', status: 'RESOLVED' }))[0]);
    expect(gone).toBeDefined();
    expect(await world.prisma.flag.count({ where: { ruleId: 'U1', subjectId: IDS.unregUkprn } })).toBe(1);
  });

  it('a new high-severity flag is delivered by signed webhook with IDs only', async () => {
    const u1 = await world.prisma.flag.findFirstOrThrow({ where: { ruleId: 'U1' } });
    const delivery = await eventually(async () => received.find((r) => r.body.includes(u1.id)));
    expect(delivery).toBeDefined();
    const [t, v1] = delivery!.signature.split(',').map((x) => x.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${delivery!.body}`).digest('hex'));
    const payload = JSON.parse(delivery!.body);
    expect(payload).toMatchObject({ event: 'flag.opened', flagId: u1.id, ruleId: 'U1', severity: 'CRIT', localAuthorityCode: '373' });
    expect(payload.link).toContain(`/flags/${u1.id}`);
    expect(delivery!.body).not.toMatch(/firstName|lastName|dateOfBirth|Test/);
    // The link opens the flag for a user in scope, and for nobody else.
    const open = (token: string) => fetch(`${api.url}/flags/${u1.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await (await open(world.tokens.laOfficer)).json()) as any).data.flag.id).toBe(u1.id);
    expect((await open(world.tokens.laOfficerB)).status).toBe(404);
    expect((await fetch(`${api.url}/flags/${u1.id}`)).status).toBe(401);
  });

  it('acknowledge and dismiss through the API; a dismissed flag reopens only when its evidence gets worse', async () => {
    const pupil = await addPupil(world.prisma);
    const p = (await api.gql(world.tokens.laOfficer, COMMISSION, {
      input: placementInput(pupil.id, { startDate: addDays(today, -100), plannedEndDate: addDays(today, -10) }),
    })).data!.commissionPlacement;
    const flag = await eventually(async () => (await flagsOf({ placementId: p.id, ruleId: 'P3' }))[0]);
    const ack = await api.gql(world.tokens.pruStaff, `mutation($id: UUID!) { acknowledgeFlag(flagId: $id) { status } }`, { id: flag!.id });
    expect(ack.data?.acknowledgeFlag.status).toBe('ACKNOWLEDGED');
    const notAllowed = await api.gql(world.tokens.pruStaff, `mutation($id: UUID!) { dismissFlag(flagId: $id, reason: "x") { status } }`, { id: flag!.id });
    expect(notAllowed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const dismissed = await api.gql(world.tokens.laOfficer, `mutation($id: UUID!) { dismissFlag(flagId: $id, reason: "Agreed extension pending paperwork") { status dismissedReason } }`, { id: flag!.id });
    expect(dismissed.data?.dismissFlag).toEqual({ status: 'DISMISSED', dismissedReason: 'Agreed extension pending paperwork' });

    // Re-evaluation today (a change to the placement): the evidence is the same, so it stays dismissed.
    await api.gql(world.tokens.laOfficer, `mutation($i: ChangeHoursInput!) { changePlacementHours(input: $i) { id } }`, {
      i: { placementId: p.id, effectiveOn: today, hoursPerWeek: 24, reason: 'Timetable change' },
    });
    await eventually(async () => (await world.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0);
    await new Promise((r) => setTimeout(r, 500));
    expect((await world.prisma.flag.findUniqueOrThrow({ where: { id: flag!.id } })).status).toBe('DISMISSED');

    // Dismissed at 10 days overdue; 5 days later (15) is not materially worse: still dismissed.
    await workers.queues.flags.add(JOBS.nightlyScan, { asOf: addDays(today, 5) });
    await eventually(async () => (await world.prisma.scanRun.count({ where: { finishedAt: { not: null } } })) === 1, 30_000);
    expect((await world.prisma.flag.findUniqueOrThrow({ where: { id: flag!.id } })).status).toBe('DISMISSED');
    // Ten days later (20 days overdue) the evidence has doubled: it reopens.
    await workers.queues.flags.add(JOBS.nightlyScan, { asOf: addDays(today, 10) });
    const reopened = await eventually(async () => (await world.prisma.flag.findUniqueOrThrow({ where: { id: flag!.id } })).status === 'OPEN', 30_000);

    expect(reopened).toBe(true);
  });

  it('fair access: F1 is raised for a case with no place after 20 school days, and clears on allocation', async () => {
    const fap = fapClient(api);
    const pupil = await addPupil(world.prisma, { dob: '2011-05-10' });
    // Referred and agreed 40 calendar days ago: well past 20 school days, nothing allocated.
    const referral = await fap.refer(world.tokens.panel, pupil.id, { referredOn: addDays(today, -40), agreedToConsiderOn: addDays(today, -40) });
    const f1 = await eventually(async () => (await flagsOf({ subjectId: referral.id, ruleId: 'F1', status: 'OPEN' }))[0]);
    expect(f1).toMatchObject({ severity: 'CRIT', subjectType: 'REFERRAL', laId: IDS.laA });
    // The panel sees it; a school does not.
    const LIST = `query { flags(filter: { ruleId: "F1" }) { nodes { id } } }`;
    expect((await api.gql(world.tokens.panel, LIST)).data?.flags.nodes.map((n: any) => n.id)).toContain(f1!.id);
    expect((await api.gql(world.tokens.secondaryStaff, LIST)).data?.flags.nodes).toEqual([]);

    const meetingId = await fap.meeting(world.tokens.panel, addDays(today, -1));
    await fap.decide(world.tokens.panel, { referralId: referral.id, meetingId, outcome: 'ALLOCATE_SCHOOL', allocatedSchoolId: IDS.academyA, admissionDeadline: addDays(today, 10) });
    const cleared = await eventually(async () => (await flagsOf({ subjectId: referral.id, ruleId: 'F1', status: 'RESOLVED' }))[0]);
    expect(cleared).toBeDefined();
  });

  it('lists flags scoped by role, filtered and paginated, and shows them on the pupil', async () => {
    const LIST = `query($f: FlagFilter, $after: String) { flags(filter: $f, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id ruleId severity } } }`;
    const la = await api.gql(world.tokens.laOfficer, LIST, { f: { severity: ['CRIT'] } });
    expect(la.data?.flags.totalCount).toBeGreaterThan(0);
    expect(la.data?.flags.nodes.every((n: any) => n.severity === 'CRIT')).toBe(true);
    const all = await api.gql(world.tokens.laOfficer, LIST, {});
    const page2 = await api.gql(world.tokens.laOfficer, LIST, { after: all.data?.flags.pageInfo.endCursor });
    expect(page2.data?.flags.nodes.map((n: any) => n.id)).not.toContain(all.data?.flags.nodes[0].id);
    expect((await api.gql(world.tokens.laOfficerB, LIST, {})).data?.flags.totalCount).toBe(0);
    expect((await api.gql(world.tokens.analyst, LIST, {})).data?.flags.totalCount).toBe(0);
    const unreg = await api.gql(world.tokens.unregStaff, LIST, {});
    const own = await world.prisma.flag.count({ where: { providerId: IDS.unregUkprn } });
    expect(unreg.data?.flags.totalCount).toBe(own);
    const rules = await api.gql(world.tokens.laOfficer, `{ flagRules { ruleId proposal title } }`);
    const u9 = rules.data?.flagRules.find((r: any) => r.ruleId === 'U9');
    expect(u9.proposal).toBe(true);
  });
});
