import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { useApiWorld } from '../support/apiWorld';
import { eventually, startTestWorkers } from '../support/workers';
import { runProcess } from '../support/processes';
import { testEnv } from '../support/env';
import { TEST_JWT } from '../support/api';
import { placementFile, wrongCheckLetterUpn } from '../support/importFiles';
import { IDS, makeUpn } from '../support/fixtures';
import { createCalendarService } from '../../src/calendar/calendarService';
import { systemClock } from '../../src/time/clock';
import { startPlacementImport } from '../../src/usecases/import/startPlacementImport';
import { runPlacementImport } from '../../src/import/placements/runPlacementImport';

/**
 * Issue 16 item 1, the running import: queued through GraphQL and run by the worker's import job, followed
 * with importJob; cancelled; a worker killed with SIGKILL mid-import leaves nothing and the retry finishes
 * it; the CLI with its progress bar, summary and exit codes.
 */
const START = `mutation($input: ImportPlacementsInput!) {
  importPlacements(input: $input) { job { id status } mapping { field header } unmappedHeaders preview }
}`;
const JOB = `query($id: UUID!) { importJob(id: $id) {
  id status rowsTotal rowsImported rowsRefused rowsDuplicate followUps refusedRows { line column message rule duplicate }
} }`;

describe('placement import jobs', () => {
  const ctx = useApiWorld();
  const prefix = () => `t${ctx.db.name.slice(-8)}`;
  const env = () => ({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: ctx.db.ownerUrl,
    APP_DATABASE_URL: ctx.db.appUrl,
    REDIS_URL: testEnv().redisUrl,
    QUEUE_PREFIX: prefix(),
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT.secret,
  });
  const start = async (input: Record<string, unknown>) => {
    const r = await ctx.api.gql(ctx.world.tokens.laOfficer, START, { input: { fileName: 'p.csv', ...input } });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!.importPlacements;
  };
  const status = async (id: string, token = ctx.world.tokens.laOfficer) =>
    (await ctx.api.gql(token, JOB, { id })).data!.importJob;
  const batch = (id: string) => ctx.world.prisma.importBatch.findUniqueOrThrow({ where: { id } });

  it('runs as a job through GraphQL; importJob reports the counts and each refused row; other LAs see nothing', async () => {
    const workers = await startTestWorkers(ctx.db);
    try {
      const csv = placementFile(3, (i) => (i === 1 ? { hoursPerWeek: '40' } : {}));
      const started = await start({ csv, mode: 'VALID_ROWS' });
      expect(started.job.status).toBe('QUEUED');
      expect(started.unmappedHeaders).toEqual([]);
      expect(started.preview).toHaveLength(3);
      const done = await eventually(async () => {
        const j = await status(started.job.id);
        return j.status === 'DONE' ? j : null;
      }, 30_000);
      expect(done).toMatchObject({ rowsTotal: 3, rowsImported: 2, rowsRefused: 1, rowsDuplicate: 0 });
      expect(done.refusedRows).toEqual([
        {
          line: 3,
          column: 'Hours per week',
          message: 'Hours per week must be more than 0 and at most 32.5.',
          rule: null,
          duplicate: false,
        },
      ]);
      expect(await status(started.job.id, ctx.world.tokens.laOfficerB)).toBeNull();
      // The flags follow: the outbox rows of the imported placements are relayed.
      await eventually(
        async () =>
          (await ctx.world.prisma.outboxEvent.count({ where: { type: 'placement.changed', publishedAt: null } })) === 0,
        30_000,
      );
    } finally {
      await workers.close();
    }
  });

  it('a cancelled import keeps nothing: cancelled while queued, or part-way through writing', async () => {
    const { prisma } = ctx.world;
    const queued = await start({ csv: placementFile(50) });
    const c = await ctx.api.gql(
      ctx.world.tokens.laOfficer,
      'mutation($id: UUID!) { cancelImportJob(id: $id) { id } }',
      {
        id: queued.job.id,
      },
    );
    expect(c.errors).toBeUndefined();
    const workers = await startTestWorkers(ctx.db);
    try {
      await eventually(async () => (await batch(queued.job.id)).status === 'CANCELLED', 30_000);
      expect(await prisma.importedPlacement.count({ where: { firstBatchId: queued.job.id } })).toBe(0);
      expect(await prisma.importFile.count({ where: { batchId: queued.job.id } })).toBe(0);
    } finally {
      await workers.close();
    }

    // Part-way: the cancel lands after the first chunk of 2,000 was written inside the transaction.
    const deps = { prisma, calendars: createCalendarService(prisma), clock: systemClock, databaseUrl: ctx.db.appUrl };
    const actor = { userId: IDS.users.laOfficer, role: 'LA_OFFICER' as const, laId: IDS.laA };
    const started = await startPlacementImport(deps, actor, { fileName: 'p.csv' }, Buffer.from(placementFile(5000)));
    const before = await prisma.placement.count();
    let sawWriting = false;
    const result = await runPlacementImport(deps, started.batchId, async (p) => {
      if (p.phase === 'importing' && !sawWriting) {
        sawWriting = p.rowsApplied > 0;
        await prisma.importBatch.update({ where: { id: started.batchId }, data: { cancelRequested: true } });
      }
    });
    expect(sawWriting).toBe(true);
    expect(result).toBe('CANCELLED');
    expect(await prisma.placement.count()).toBe(before);
    expect(await batch(started.batchId)).toMatchObject({ status: 'CANCELLED', rowsImported: 0 });
  });

  it('a worker killed with SIGKILL mid-import leaves nothing; the retried job imports every row once', async () => {
    const { prisma } = ctx.world;
    const N = 8_000;
    const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
    const file = path.join(dir, 'big.csv');
    writeFileSync(file, placementFile(N));
    // Uploaded through the CLI without its own worker, so the killed worker process is the only one.
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', 'workers/importCli.ts', 'placements', file, '--la', '373', '--no-worker'],
      {
        env: env(),
        stdio: 'ignore',
      },
    );
    const batchId = await eventually(
      async () => (await prisma.importBatch.findFirst({ where: { fileName: 'big.csv' } }))?.id,
      60_000,
    );
    const placementsBefore = await prisma.placement.count();
    const worker = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      env: { ...env(), WORKER_LOCK_MS: '3000' },
      stdio: 'ignore',
    });
    try {
      await eventually(async () => (await batch(batchId)).rowsImported > 0, 120_000, 20, 'rows being imported');
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      // The one transaction was rolled back: nothing of the batch is in the record.
      expect(await prisma.importedPlacement.count({ where: { firstBatchId: batchId } })).toBe(0);
      expect(await prisma.placement.count()).toBe(placementsBefore);
      expect((await batch(batchId)).status).toBe('RUNNING');
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    // A new worker finds the stalled job and runs it again from the stored file.
    const workers = await startTestWorkers(ctx.db, { lockDurationMs: 3000 });
    try {
      const done = await eventually(
        async () => {
          const b = await batch(batchId);
          return b.status === 'DONE' ? b : null;
        },
        180_000,
        200,
        'the retried import',
      );
      expect(done).toMatchObject({ rowsTotal: N, rowsImported: N, rowsRefused: 0 });
      expect(await prisma.importedPlacement.count({ where: { firstBatchId: batchId } })).toBe(N);
      expect(await prisma.placement.count()).toBe(placementsBefore + N);
      expect(
        await prisma.auditEvent.count({ where: { operation: 'import.placements', subjectIds: { has: batchId } } }),
      ).toBe(1);
      const code = await new Promise<number | null>((r) =>
        cli.exitCode !== null ? r(cli.exitCode) : cli.once('exit', r),
      );
      expect(code).toBe(0);
    } finally {
      await workers.close();
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
  }, 400_000);

  it('the CLI: a progress bar, the summary last, exit 1 with each refused row, 0 when all import, 2 for a bad file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      placementFile(4, (i) => (i === 2 ? { upn: wrongCheckLetterUpn() } : {})),
    );
    const cli = (...args: string[]) =>
      runProcess(process.execPath, ['--import', 'tsx', 'workers/importCli.ts', ...args], env());
    const dry = await cli('placements', bad, '--la', '373', '--dry-run');
    expect(dry.code, dry.output).toBe(1);
    expect(dry.output).toMatch(/line 4, column "UPN": UPN invalid/);
    expect(dry.output).toMatch(/Checking {2}\[#+\] 100%/);
    expect(dry.output.trim().split('\n').slice(-3).join('\n')).toMatch(
      /DONE \(dry run: nothing was written\): 4 rows read, would import 3/,
    );
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, placementFile(5));
    const ok = await cli('placements', good, '--la', '373');
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toMatch(/DONE: 5 rows read, imported 5, updated 0, unchanged 0, refused 0, duplicates 0\./);
    const again = await cli('placements', good, '--la', '373');
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/imported 0, updated 0, unchanged 5/);
    const latin = path.join(dir, 'latin1.csv');
    writeFileSync(latin, Buffer.from('UPN,Name\r\nA,Caf\xe9\r\n', 'latin1'));
    const enc = await cli('placements', latin, '--la', '373');
    expect(enc.code).toBe(2);
    expect(enc.output).toMatch(/not UTF-8 text \(line 2/);
    const template = await cli('template', 'placements');
    expect(template.output.split('\r\n')[0]).toMatch(/^UPN,First name,Last name,Date of birth,Sex,/);
  }, 240_000);

  it('the CLI reads an LA’s own Excel sheet through a mapping: date cells, serial dates, the sheet’s row numbers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'import-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('AP placements');
    const upns = [makeUpn(), makeUpn(), makeUpn()];
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    ws.addRow([
      'Pupil UPN',
      'Surname',
      'Forename',
      'DOB',
      'Gender',
      'Arranged by',
      'Provider URN',
      'Why',
      'Tier',
      'Started',
      'Hrs',
      'Reg',
    ]);
    ws.addRow([
      upns[0],
      'Ash',
      'Amy',
      day('2011-05-10'),
      'F',
      'Council',
      '900005',
      'Perm Ex',
      3,
      day('2025-09-08'),
      10,
      'dual',
    ]);
    ws.addRow([]);
    // A start date typed as a number: Excel's serial 45910 is 10 September 2025.
    ws.addRow([upns[1], 'Bell', 'Bo', day('2011-02-01'), 'M', 'Council', '900005', 'Perm Ex', 3, 45910, 12.5, 'dual']);
    ws.addRow([
      upns[2],
      'Cole',
      'Cy',
      day('2011-03-01'),
      'M',
      'Council',
      '900005',
      'Perm Ex',
      3,
      day('2025-09-08'),
      40,
      'dual',
    ]);
    ws.addRow(['Total', null, null, null, null, null, null, null, null, null, { formula: 'SUM(K2:K5)', result: 62.5 }]);
    for (const row of [2, 4, 5]) ws.getCell(`D${row}`).numFmt = 'dd/mm/yyyy';
    const sheet = path.join(dir, 'ap-placements.xlsx');
    writeFileSync(sheet, Buffer.from(await wb.xlsx.writeBuffer()));
    const mapping = path.join(dir, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        columns: {
          upn: 'Pupil UPN',
          lastName: 'Surname',
          firstName: 'Forename',
          dateOfBirth: 'DOB',
          sex: 'Gender',
          commissioner: 'Arranged by',
          providerUrn: 'Provider URN',
          reason: 'Why',
          tier: 'Tier',
          startDate: 'Started',
          hoursPerWeek: 'Hrs',
          registration: 'Reg',
        },
        dateFormat: 'DMY',
        values: { commissioner: { Council: 'LA' }, reason: { 'Perm Ex': 'PERMANENT_EXCLUSION' } },
      }),
    );
    const cli = (...args: string[]) =>
      runProcess(process.execPath, ['--import', 'tsx', 'workers/importCli.ts', ...args], env());
    const run = await cli(
      'placements',
      sheet,
      '--la',
      '373',
      '--mapping',
      mapping,
      '--source',
      'Excel',
      '--valid-rows',
    );
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/line 5, column "Hrs": Hours per week must be more than 0 and at most 32.5/);
    expect(run.output).toMatch(/imported 2, updated 0, unchanged 0, refused 1/);
    const placed = await ctx.world.prisma.placement.findMany({
      where: { pupil: { upn: { in: upns } } },
      select: {
        startDate: true,
        hoursPerWeek: true,
        reason: true,
        commissionerKind: true,
        pupil: { select: { upn: true, dateOfBirth: true } },
      },
      orderBy: { startDate: 'asc' },
    });
    expect(
      placed.map((p) => [
        p.pupil.upn,
        p.pupil.dateOfBirth.toISOString().slice(0, 10),
        p.startDate.toISOString().slice(0, 10),
        Number(p.hoursPerWeek),
        p.reason,
        p.commissionerKind,
      ]),
    ).toEqual([
      [upns[0], '2011-05-10', '2025-09-08', 10, 'PERMANENT_EXCLUSION', 'LA'],
      [upns[1], '2011-02-01', '2025-09-10', 12.5, 'PERMANENT_EXCLUSION', 'LA'],
    ]);
    // Next month's sheet imports with the saved mapping alone; the same sheet again changes nothing.
    const again = await cli('placements', sheet, '--la', '373', '--source', 'Excel', '--valid-rows');
    expect(again.output).toMatch(/imported 0, updated 0, unchanged 2, refused 1/);
  }, 240_000);
});
