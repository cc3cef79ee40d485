import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestApi, type TestApi } from '../support/api';
import { addPupil, buildWorld, type World } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';
import { OwnPostgres } from '../support/ownPostgres';
import { eventually } from '../support/workers';
import type { TestDatabase } from '../support/database';
import { addDays } from '../../src/domain/dates';
import { systemClock } from '../../src/time/clock';

/**
 * Issue 18 goal 8: reports read from a PostgreSQL streaming replica named by REPORTS_DATABASE_URL,
 * while writes, ordinary reads and the report's own audit row stay on the primary. A cluster of the
 * test's own is the primary (pg_basebackup needs a replication connection the shared cluster may not
 * allow), and a second cluster on another port follows it. Pausing the replica's replay is what
 * proves where a report reads: a placement written on the primary while replay is paused is in the
 * pupil list at once but not in the report until replay resumes.
 */
describe('reports from a streaming replica (REPORTS_DATABASE_URL)', () => {
  let primary: OwnPostgres;
  let replica: OwnPostgres;
  let db: TestDatabase;
  let world: World;
  let api: TestApi;
  const today = systemClock.today();
  const DB = 'ap_replica';

  beforeAll(async () => {
    primary = await OwnPostgres.create();
    db = await primary.migratedDatabase(DB);
    world = await buildWorld(db);
    replica = await primary.streamingReplica();
    api = await startTestApi(db, { REPORTS_DATABASE_URL: replica.url('ap_app', DB) });
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await world?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  async function onReplica<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: replica.url('postgres', DB) });
    await c.connect();
    try {
      return (await c.query<T>(sql)).rows;
    } finally {
      await c.end();
    }
  }
  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp() {
    const [row] = await world.prisma.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`;
    const lsn = row!.lsn;
    await eventually(
      async () => {
        const [r] = await onReplica<{ done: boolean }>(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`);
        return r?.done;
      },
      30_000,
      100,
      'the replica to replay up to the primary',
    );
  }
  const commission = async () => {
    const pupil = await addPupil(world.prisma);
    const r = await api.gql(world.tokens.laOfficer, COMMISSION, {
      input: placementInput(pupil.id, { startDate: addDays(today, -10), plannedEndDate: addDays(today, 40) }),
    });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return pupil.id;
  };
  const POPULATION = `query($on: LocalDate) { apPopulation(on: $on) { placements { value suppressed } } }`;
  const population = async () => {
    const r = await api.gql(world.tokens.laOfficer, POPULATION, { on: today });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!.apPopulation.placements as { value: number; suppressed: boolean };
  };
  const reportAudits = () => world.prisma.auditEvent.count({ where: { operation: 'report.query.AP_POPULATION' } });

  it('the replica is a hot standby of the primary', async () => {
    const [r] = await onReplica<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery');
    expect(r?.recovery).toBe(true);
  });

  it('a report reads the replica: a write made while replay is paused appears only after it resumes; the audit row is on the primary', async () => {
    await commission();
    await caughtUp();
    const auditsBefore = await reportAudits();
    expect(await population()).toEqual({ value: 1, suppressed: false });

    await onReplica('SELECT pg_wal_replay_pause()');
    try {
      const second = await commission();
      // The primary has it: the pupil list (not a report) reads the primary.
      const list = await api.gql(
        world.tokens.laOfficer,
        `query { pupils(first: 50, filter: { inAp: true }) { nodes { id } } }`,
      );
      expect(list.errors, JSON.stringify(list.errors)).toBeUndefined();
      expect((list.data!.pupils.nodes as { id: string }[]).map((n) => n.id)).toContain(second);
      // The report does not, yet: it read the paused replica.
      expect(await population()).toEqual({ value: 1, suppressed: false });
    } finally {
      await onReplica('SELECT pg_wal_replay_resume()');
    }
    await caughtUp();
    expect(await population()).toEqual({ value: 2, suppressed: false });
    // Three report runs, three audit rows, all written to the primary (the replica is read-only).
    expect(await reportAudits()).toBe(auditsBefore + 3);
  });

  it('/metrics reports how far the replica is behind', async () => {
    await onReplica('SELECT pg_wal_replay_pause()');
    try {
      await commission();
      const text = await (await fetch(`${api.url}/metrics`)).text();
      const lag = Number(/^reports_replica_replay_lag_bytes (\S+)$/m.exec(text)?.[1]);
      expect(lag).toBeGreaterThan(0);
    } finally {
      await onReplica('SELECT pg_wal_replay_resume()');
    }
    // Once replay resumes the gauge falls back to 0 (polled: the server writes WAL of its own now and then).
    await eventually(
      async () => /^reports_replica_replay_lag_bytes 0$/m.test(await (await fetch(`${api.url}/metrics`)).text()),
      30_000,
      200,
      'the replica lag gauge to return to 0',
    );
  });
});
