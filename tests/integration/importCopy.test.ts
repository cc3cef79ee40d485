import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { IDS, addPupil } from '../support/fixtures';
import { placementFile, wrongCheckLetterUpn } from '../support/importFiles';
import { createCalendarService } from '../../src/calendar/calendarService';
import { systemClock } from '../../src/time/clock';
import { startPlacementImport } from '../../src/usecases/import/startPlacementImport';
import { runPlacementImport } from '../../src/import/placements/runPlacementImport';
import { copyRows, insertRows, type Columns } from '../../src/import/sqlBatch';
import { EVENT_COLS, OUTBOX_COLS, PLACEMENT_COLS, PUPIL_COLS } from '../../src/import/placements/applyPlacements';

/**
 * The placement import writes its tables by COPY (docs/import.md, Speed) on its own `pg` transaction, and
 * writes chunks while later rows are still being checked. What COPY stores must be exactly what the
 * parameterised INSERT stores; the tables' triggers and foreign keys must still run; and an all-or-nothing
 * import whose refused row comes after chunks were already written must keep nothing.
 */
const TRICKY = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'back\\slash \\N \\t',
  '\\N',
  '',
  'O’Brien, “quoted” — é ü 漢字 🙂',
  ' leading and trailing ',
];

describe('placement import by COPY', () => {
  const ctx = useApiWorld();
  const withClient = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: ctx.db.appUrl });
    await c.connect();
    try {
      await c.query('BEGIN');
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  };

  it('COPY stores exactly what the parameterised INSERT stores, for every column the import writes', async () => {
    const pupilRows = TRICKY.map((t, i) => [
      randomUUID(),
      `A${String(i).padStart(12, '0')}`,
      i % 2 === 0,
      t,
      `Last ${t}`,
      '2011-05-10',
      i % 2 ? 'F' : 'M',
      IDS.laA,
    ]);
    const placementRows = TRICKY.map((t, i) => [
      randomUUID(),
      randomUUID(),
      IDS.pru,
      IDS.laA,
      'LA',
      i === 2 ? IDS.secondaryA : null,
      'OTHER',
      t,
      'S19_OTHER',
      'TIER_2_TIME_LIMITED',
      i % 3 === 0 ? '900005' : null,
      i % 3 === 1 ? '10012345' : null,
      i % 3 === 2 ? 'NFE' : null,
      '2025-09-01',
      i % 2 ? null : '2025-12-19',
      i % 2 ? null : '2025-12-19',
      [0, 12.5, 32.5, 7.25, 20, 1, 30, 3][i],
      'DUAL_REGISTERED',
      t,
      `${t} plan`,
      false,
      i === 4 ? '2025-08-30' : null,
      '2025-10-13',
      null,
      i % 2 ? 'OPEN' : 'ENDED',
      i % 2 ? null : 'MAINSTREAM_SCHOOL',
      true,
    ]);
    const eventRows = TRICKY.map((t, i) => [
      randomUUID(),
      randomUUID(),
      'PLACEMENT_STARTED',
      '2025-09-01',
      'cli:someone@host',
      'LA_OFFICER',
      i % 2 ? null : IDS.laA,
      `Imported from ${t}.csv`,
      JSON.stringify({ note: t, nested: { list: [t, null, 1.5, true] }, followUps: ['P1', 'U4'], line: i + 2 }),
      i % 2 ? null : randomUUID(),
      null,
    ]);
    const outboxRows = TRICKY.map((_, i) => [
      i % 2 ? 'pupil.changed' : 'placement.changed',
      i % 2 ? 'PUPIL' : 'PLACEMENT',
      randomUUID(),
      IDS.laA,
    ]);
    const tables: [string, Columns, unknown[][]][] = [
      ['Pupil', PUPIL_COLS, pupilRows],
      ['Placement', PLACEMENT_COLS, placementRows],
      ['PupilEvent', EVENT_COLS, eventRows],
      ['OutboxEvent', OUTBOX_COLS, outboxRows],
    ];
    await withClient(async (c) => {
      for (const [table, cols, rows] of tables) {
        // Same columns, types and defaults; no keys or triggers, so the rows need no pupils or placements.
        for (const t of ['by_copy', 'by_insert'])
          await c.query(`CREATE TEMP TABLE ${t} (LIKE "${table}" INCLUDING DEFAULTS) ON COMMIT DROP`);
        expect(await copyRows(c, 'by_copy', cols, rows)).toBe(rows.length);
        expect(await insertRows(c, 'by_insert', cols, rows)).toBe(rows.length);
        const names = cols.map(([n]) => `"${n}"`).join(', ');
        const read = async (t: string) =>
          (await c.query(`SELECT ${names} FROM ${t} ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`)).rows;
        const copied = await read('by_copy');
        expect(copied).toHaveLength(rows.length);
        expect(copied, table).toEqual(await read('by_insert'));
        await c.query('DROP TABLE by_copy, by_insert');
      }
    });
    // And the values are the ones given, not merely the same mistake twice.
    await withClient(async (c) => {
      await c.query(`CREATE TEMP TABLE by_copy (LIKE "PupilEvent" INCLUDING DEFAULTS) ON COMMIT DROP`);
      await copyRows(c, 'by_copy', EVENT_COLS, eventRows);
      const read = await c.query(`SELECT reason, data FROM by_copy ORDER BY data->>'line'`);
      expect(read.rows.map((r) => r.reason)).toEqual(TRICKY.map((t) => `Imported from ${t}.csv`));
      expect(read.rows.map((r) => r.data.note)).toEqual(TRICKY);
    });
  });

  it('COPY into the record still runs its foreign keys and the full-time week trigger', async () => {
    const pupil = await addPupil(ctx.world.prisma);
    // At two providers: the same provider twice would meet the overlap exclusion constraint first.
    const placement = (hours: number, start: string, [providerId, providerUrn]: string[] = [IDS.pru, '900005']) => {
      const id = randomUUID();
      const values: Record<string, unknown> = {
        id,
        pupilId: pupil.id,
        providerId,
        laId: IDS.laA,
        commissionerKind: 'LA',
        reason: 'PERMANENT_EXCLUSION',
        legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
        tier: 'TIER_3_TRANSITIONAL',
        providerUrn,
        startDate: start,
        hoursPerWeek: hours,
        registration: 'DUAL_REGISTERED',
        objectives: 'Attendance',
        reintegrationPlan: 'Return',
        registrationConfirmed: false,
        nextReviewDue: '2025-10-13',
        status: 'OPEN',
        imported: true,
      };
      return PLACEMENT_COLS.map(([n]) => values[n] ?? null);
    };
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: { code?: string; constraint?: string }) => ({ code: e.code, constraint: e.constraint }),
      );
    // A placement for a pupil who does not exist: the foreign key refuses it.
    const orphan = placement(10, '2025-09-01');
    orphan[1] = randomUUID();
    expect(await withClient((c) => failure(copyRows(c, 'Placement', PLACEMENT_COLS, [orphan])))).toMatchObject({
      code: '23503',
    });
    const other = [IDS.independentAp, '900006'];
    // Two open placements of 20 hours from the same week: more than a full-time week together.
    expect(
      await withClient((c) =>
        failure(
          copyRows(c, 'Placement', PLACEMENT_COLS, [placement(20, '2025-09-01'), placement(20, '2025-09-08', other)]),
        ),
      ),
    ).toEqual({ code: '23514', constraint: 'Placement_concurrent_hours' });
    // Within the week, the same COPY is accepted.
    expect(
      await withClient((c) =>
        copyRows(c, 'Placement', PLACEMENT_COLS, [placement(20, '2025-09-01'), placement(12.5, '2025-09-08', other)]),
      ),
    ).toBe(2);
  });

  it('all or nothing: rows refused after chunks were written leave nothing, and each refused row is listed', async () => {
    const { prisma } = ctx.world;
    const deps = {
      prisma,
      calendars: createCalendarService(prisma),
      clock: systemClock,
      databaseUrl: ctx.db.appUrl,
    };
    const actor = { userId: IDS.users.laOfficer, role: 'LA_OFFICER' as const, laId: IDS.laA };
    // 6,000 rows: three chunks of 2,000; the refused rows are in the third, after two chunks were written.
    const bad = new Set([4500, 5999]);
    const file = placementFile(6000, (i) => (bad.has(i) ? { upn: wrongCheckLetterUpn() } : {}));
    const started = await startPlacementImport(deps, actor, { fileName: 'late.csv' }, Buffer.from(file));
    const before = {
      placements: await prisma.placement.count(),
      pupils: await prisma.pupil.count(),
      events: await prisma.pupilEvent.count(),
      outbox: await prisma.outboxEvent.count(),
    };
    let writtenBeforeRefusal = 0;
    const status = await runPlacementImport(deps, started.batchId, async (p) => {
      if (p.phase === 'importing') writtenBeforeRefusal = Math.max(writtenBeforeRefusal, p.rowsApplied);
    });
    expect(status).toBe('REFUSED');
    expect(writtenBeforeRefusal).toBeGreaterThanOrEqual(2000);
    const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: started.batchId } });
    expect(batch).toMatchObject({ status: 'REFUSED', rowsTotal: 6000, rowsRefused: 2, rowsImported: 0 });
    expect((batch.problems as { line: number; column: string }[]).map((p) => [p.line, p.column])).toEqual([
      [4502, 'UPN'],
      [6001, 'UPN'],
    ]);
    expect({
      placements: await prisma.placement.count(),
      pupils: await prisma.pupil.count(),
      events: await prisma.pupilEvent.count(),
      outbox: await prisma.outboxEvent.count(),
    }).toEqual(before);
    expect(await prisma.importedPlacement.count({ where: { firstBatchId: started.batchId } })).toBe(0);
    expect(
      await prisma.auditEvent.count({
        where: { operation: 'import.placements', subjectIds: { has: started.batchId } },
      }),
    ).toBe(0);

    // The same file as "the valid rows": every other row is written once, with its events and outbox rows.
    const valid = await startPlacementImport(
      deps,
      actor,
      { fileName: 'late.csv', mode: 'VALID_ROWS' },
      Buffer.from(file),
    );
    expect(await runPlacementImport(deps, valid.batchId)).toBe('DONE');
    expect(await prisma.importBatch.findUniqueOrThrow({ where: { id: valid.batchId } })).toMatchObject({
      rowsImported: 5998,
      rowsRefused: 2,
    });
    expect(await prisma.placement.count()).toBe(before.placements + 5998);
    expect(await prisma.pupil.count()).toBe(before.pupils + 5998);
    // Each new pupil: PUPIL_REGISTERED and PLACEMENT_STARTED; outbox: the pupil and the placement.
    expect(await prisma.pupilEvent.count()).toBe(before.events + 2 * 5998);
    expect(await prisma.outboxEvent.count()).toBe(before.outbox + 2 * 5998);
    expect(
      await prisma.auditEvent.count({ where: { operation: 'import.placements', subjectIds: { has: valid.batchId } } }),
    ).toBe(1);
  }, 240_000);
});
