import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { IDS, addPupil, makeUpn } from '../support/fixtures';
import { createCalendarService } from '../../src/calendar/calendarService';
import { settableClock } from '../../src/time/clock';
import type { Actor } from '../../src/auth/actor';
import { startPlacementImport } from '../../src/usecases/import/startPlacementImport';
import { runPlacementImport } from '../../src/import/placements/runPlacementImport';
import type { ColumnMapping } from '../../src/domain/import/mapping';

/**
 * Issue 16 item 1: bulk import of placements, checked and applied by the import job's engine against the
 * real database (the queue, the CLI and GraphQL are exercised in importJobs.test.ts).
 */
const LA: Actor = { userId: IDS.users.laOfficer, role: 'LA_OFFICER', laId: IDS.laA };
const clock = settableClock('2026-03-02T12:00:00Z');

// An LA's own sheet: its headers, UK dates, its codes, names in one column, a blank row and a totals row.
const LA_MAPPING: ColumnMapping = {
  columns: {
    upn: 'Pupil UPN',
    fullName: 'Name',
    dateOfBirth: 'DOB',
    sex: 'Gender',
    commissioner: 'Arranged by',
    schoolUrn: 'School URN',
    providerUrn: 'AP URN',
    providerUkprn: 'AP UKPRN',
    reason: 'Why',
    tier: 'Tier',
    startDate: 'Started',
    plannedEndDate: 'Planned end',
    hoursPerWeek: 'Hrs/wk',
    registration: 'Reg',
    endDate: 'Left',
    destination: 'Went to',
    objectives: 'Aims',
    reintegrationPlan: 'Exit plan',
  },
  dateFormat: 'DMY',
  values: { reason: { 'Perm Ex': 'PERMANENT_EXCLUSION', Med: 'HEALTH_NEEDS' }, commissioner: { Council: 'LA' } },
};
const HEAD =
  'Pupil UPN,Name,DOB,Gender,Arranged by,School URN,AP URN,AP UKPRN,Why,Tier,Started,Planned end,Hrs/wk,Reg,Left,Went to,Aims,Exit plan';
const csv = (...rows: string[]) => Buffer.from([HEAD, ...rows].join('\r\n') + '\r\n');

describe('placement import: checking and applying a file', () => {
  const ctx = useApiWorld();
  const deps = () => ({
    prisma: ctx.world.prisma,
    calendars: createCalendarService(ctx.world.prisma),
    clock,
    databaseUrl: ctx.db.appUrl,
  });
  const start = (content: Buffer, input: Record<string, unknown> = {}) =>
    startPlacementImport(deps(), LA, { fileName: 'placements.csv', ...input }, content);
  const run = async (content: Buffer, input: Record<string, unknown> = {}) => {
    const started = await start(content, input);
    await runPlacementImport(deps(), started.batchId);
    return ctx.world.prisma.importBatch.findUniqueOrThrow({ where: { id: started.batchId } });
  };

  it('imports an LA’s own sheet through a saved mapping; a dry run first writes nothing', async () => {
    const { prisma } = ctx.world;
    const [a, b] = [makeUpn(), makeUpn()];
    const file = csv(
      `${a},"Example, Sam",14/02/2011,M,Council,,900005,,Perm Ex,2,08/09/2025,19/12/2025,25,Dual,19/12/2025,mainstream,Attendance,Return in January`,
      '',
      `${b},Alex Test,02/03/2011,F,School,900001,,10012345,Med,1,06/01/2026,,10,Home school only,,,,`,
      'Total,,,,,,,,,,,,35,,,,,',
    );
    const placementsBefore = await prisma.placement.count();
    const dry = await run(file, { dryRun: true, source: 'Case system', mapping: LA_MAPPING });
    expect(dry).toMatchObject({ status: 'DONE', dryRun: true, rowsTotal: 2, rowsImported: 2, rowsRefused: 0 });
    expect(await prisma.placement.count()).toBe(placementsBefore);
    expect(await prisma.importFile.count({ where: { batchId: dry.id } })).toBe(0);

    // Next time: the source's name alone brings its mapping back.
    const done = await run(file, { source: 'Case system' });
    expect(done).toMatchObject({ status: 'DONE', rowsTotal: 2, rowsImported: 2, rowsRefused: 0, rowsDuplicate: 0 });
    // The second row has no plan and is at an unregistered provider without safeguarding confirmation:
    // history, so it imports, and P1 and U4 are listed to follow up.
    expect(done.followUps).toEqual({ P1: 1, U4: 1 });
    const placements = await prisma.placement.findMany({
      where: { pupil: { upn: { in: [a, b] } } },
      include: { pupil: true, importMark: true },
      orderBy: { startDate: 'asc' },
    });
    expect(placements).toHaveLength(2);
    expect(placements[0]).toMatchObject({
      imported: true,
      providerId: IDS.pru,
      reason: 'PERMANENT_EXCLUSION',
      legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
      commissionerKind: 'LA',
      status: 'ENDED',
      destination: 'MAINSTREAM_SCHOOL',
      providerUrn: '900005',
    });
    expect(placements[0]!.pupil).toMatchObject({ firstName: 'Sam', lastName: 'Example', sex: 'M' });
    expect(placements[0]!.startDate.toISOString().slice(0, 10)).toBe('2025-09-08');
    expect(placements[1]).toMatchObject({
      providerId: IDS.unregUkprn,
      commissioningSchoolId: IDS.secondaryA,
      reason: 'HEALTH_NEEDS',
      tier: 'TIER_1_TARGETED_SUPPORT',
      status: 'OPEN',
      objectives: '',
      providerUkprn: '10012345',
    });
    expect(placements[1]!.pupil).toMatchObject({ firstName: 'Alex', lastName: 'Test' });
    const events = await prisma.pupilEvent.findMany({
      where: { pupilId: { in: placements.map((p) => p.pupilId) } },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.type).sort()).toEqual(
      ['PLACEMENT_ENDED', 'PLACEMENT_STARTED', 'PLACEMENT_STARTED', 'PUPIL_REGISTERED', 'PUPIL_REGISTERED'].sort(),
    );
    expect(events.every((e) => e.actorId === IDS.users.laOfficer && e.reason.includes(done.id))).toBe(true);
    expect(await prisma.outboxEvent.count({ where: { aggregateId: { in: placements.map((p) => p.id) } } })).toBe(2);
    const audits = await prisma.auditEvent.findMany({
      where: { operation: 'import.placements', subjectIds: { has: done.id } },
    });
    expect(audits).toHaveLength(1);
  });

  it('refuses rows by line, column and reason; all or nothing writes none, "the valid rows" writes those', async () => {
    const { prisma } = ctx.world;
    const good = makeUpn();
    const bad = `Z${makeUpn().slice(1)}`.replace(/^Z/, (z) => z); // replaced below with a wrong check letter
    const wrongLetter = `${good[0] === 'A' ? 'B' : 'A'}${makeUpn().slice(1)}`;
    void bad;
    const file = csv(
      `${good},Kim Lee,01/01/2012,F,Council,,900005,,Perm Ex,3,01/10/2025,,20,Dual,,,Aims,Plan`,
      `${wrongLetter},Jo Bloggs,01/01/2012,F,Council,,900005,,Perm Ex,3,01/10/2025,,20,Dual,,,Aims,Plan`,
      `${makeUpn()},Ann Other,01/01/2012,F,Council,,900005,,Perm Ex,3,01/10/2025,30/09/2025,20,Dual,,,Aims,Plan`,
      `${makeUpn()},Ann Other,01/01/2012,F,Council,,999999,,Perm Ex,3,31/02/2025,,20,Dual,,,Aims,Plan`,
      `${makeUpn()},Ann Other,01/01/2012,F,Council,,900005,,Perm Ex,3,01/10/2025,,20,Dual,,,Aims,Plan,surplus`,
    );
    const before = await prisma.placement.count();
    const all = await run(file, { mapping: LA_MAPPING });
    expect(all).toMatchObject({ status: 'REFUSED', rowsRefused: 4, rowsImported: 0 });
    expect(await prisma.placement.count()).toBe(before);
    const problems = all.problems as { line: number; column: string; message: string; rule?: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: 3,
          column: 'Pupil UPN',
          rule: 'V1',
          message: expect.stringMatching(/check letter/),
        }),
        expect.objectContaining({
          line: 4,
          column: 'Planned end',
          message: 'The planned end date is before the start date.',
        }),
        expect.objectContaining({ line: 5, column: 'Started', message: expect.stringMatching(/not a real date/) }),
        expect.objectContaining({ line: 6, column: 'column 19', message: expect.stringMatching(/19 values/) }),
      ]),
    );
    const valid = await run(file, { mapping: LA_MAPPING, mode: 'VALID_ROWS' });
    expect(valid).toMatchObject({ status: 'DONE', rowsRefused: 4, rowsImported: 1 });
    expect(await prisma.placement.count()).toBe(before + 1);
    expect(await prisma.placement.count({ where: { pupil: { upn: good } } })).toBe(1);
  });

  it('refuses an unknown provider, an overlap with the record, a pupil out of reach; reports a duplicate', async () => {
    const { prisma } = ctx.world;
    const known = await addPupil(prisma, { dob: '2011-05-10' });
    await prisma.placement.create({
      data: {
        pupilId: known.id,
        providerId: IDS.pru,
        laId: IDS.laA,
        commissionerKind: 'LA',
        reason: 'PERMANENT_EXCLUSION',
        legalBasis: 'S19_LA_DAY_SIX_PERMANENT_EXCLUSION',
        tier: 'TIER_3_TRANSITIONAL',
        providerUrn: '900005',
        startDate: new Date('2025-09-01'),
        hoursPerWeek: 25,
        registration: 'DUAL_REGISTERED',
        objectives: 'x',
        reintegrationPlan: 'y',
        registrationConfirmed: true,
        nextReviewDue: new Date('2025-10-13'),
      },
    });
    const otherLa = await addPupil(prisma, { laId: IDS.laB });
    const fresh = makeUpn();
    const row = `${fresh},Sam Ray,01/01/2012,M,Council,,900005,,Perm Ex,3,01/10/2025,,20,Dual,,,Aims,Plan`;
    const file = csv(
      `${makeUpn()},Ann Other,01/01/2012,F,Council,,123456,,Perm Ex,3,01/10/2025,,20,Dual,,,Aims,Plan`,
      `${known.upn},,10/05/2011,F,Council,,900005,,Perm Ex,3,01/01/2026,,10,Dual,,,Aims,Plan`,
      `${otherLa.upn},,,,Council,,900005,,Perm Ex,3,01/01/2026,,10,Dual,,,Aims,Plan`,
      row,
      row,
    );
    const result = await run(file, { mapping: LA_MAPPING, mode: 'VALID_ROWS' });
    expect(result).toMatchObject({ status: 'DONE', rowsRefused: 3, rowsImported: 1, rowsDuplicate: 1 });
    const problems = result.problems as { line: number; column: string; message: string; duplicate?: boolean }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: 2,
          column: 'AP URN',
          message: expect.stringMatching(/No provider with URN 123456/),
        }),
        expect.objectContaining({
          line: 3,
          column: 'Started',
          message: expect.stringMatching(/overlaps a placement at the same provider/),
        }),
        expect.objectContaining({
          line: 4,
          column: 'Pupil UPN',
          message: expect.stringMatching(/cannot be imported by you/),
        }),
        expect.objectContaining({ line: 6, duplicate: true, message: 'A duplicate of line 5: not imported twice.' }),
      ]),
    );
    // The refusal of a pupil out of reach says nothing about them.
    expect(JSON.stringify(problems)).not.toContain(otherLa.lastName);
    expect(await prisma.placement.count({ where: { pupil: { upn: fresh } } })).toBe(1);
  });

  it('re-importing the same file changes nothing; a corrected file updates only the row that changed', async () => {
    const { prisma } = ctx.world;
    const [a, b] = [makeUpn(), makeUpn()];
    const rowA = `${a},Pat One,01/01/2012,F,Council,,900005,,Perm Ex,3,01/10/2025,,20,Dual,,,Aims,Plan`;
    const rowB = `${b},Pat Two,01/01/2012,F,Council,,900006,,Perm Ex,3,01/10/2025,,20,Single,,,Aims,Plan`;
    const first = await run(csv(rowA, rowB), { mapping: LA_MAPPING });
    expect(first).toMatchObject({ status: 'DONE', rowsImported: 2 });
    const counts = async () => ({
      placements: await prisma.placement.count(),
      events: await prisma.pupilEvent.count(),
      outbox: await prisma.outboxEvent.count(),
      pupils: await prisma.pupil.count(),
    });
    const before = await counts();
    const again = await run(csv(rowA, rowB), { mapping: LA_MAPPING });
    expect(again).toMatchObject({ status: 'DONE', rowsImported: 0, rowsUpdated: 0, rowsUnchanged: 2 });
    expect(await counts()).toEqual(before);

    const corrected = rowB.replace(',20,Single,,', ',15,Single,,');
    const fix = await run(csv(rowA, corrected), { mapping: LA_MAPPING });
    expect(fix).toMatchObject({ status: 'DONE', rowsImported: 0, rowsUpdated: 1, rowsUnchanged: 1 });
    const after = await counts();
    expect(after).toEqual({ ...before, events: before.events + 1, outbox: before.outbox + 1 });
    const p = await prisma.placement.findFirstOrThrow({ where: { pupil: { upn: b } }, include: { importMark: true } });
    expect(Number(p.hoursPerWeek)).toBe(15);
    const correction = await prisma.pupilEvent.findFirstOrThrow({ where: { placementId: p.id, type: 'CORRECTION' } });
    expect(correction.correctsEventId).toBe(p.importMark!.startedEventId);
    expect(correction.data).toMatchObject({ correction: { hoursPerWeek: { from: '20', to: 15 } } });
  });

  it('refuses a bad file as a whole with a typed error and stores nothing', async () => {
    const { prisma } = ctx.world;
    const batches = await prisma.importBatch.count();
    const code = async (content: Buffer, input: Record<string, unknown> = {}, env?: NodeJS.ProcessEnv) => {
      try {
        await startPlacementImport(deps(), LA, { fileName: 'x.csv', mapping: LA_MAPPING, ...input }, content, env);
      } catch (err) {
        return (err as { extensions: { code: string; importError: string; line?: number } }).extensions;
      }
      throw new Error('accepted a bad file');
    };
    expect(await code(Buffer.alloc(0))).toMatchObject({ code: 'VALIDATION_FAILED', importError: 'EMPTY_FILE' });
    expect(await code(Buffer.from(`${HEAD}\r\n`))).toMatchObject({ importError: 'EMPTY_FILE' });
    expect(await code(Buffer.concat([csv(), Buffer.from('K3739999250,Caf\xe9\r\n', 'latin1')]))).toMatchObject({
      importError: 'NOT_UTF8',
      line: 2,
    });
    expect(await code(Buffer.from(`${HEAD},,Notes\r\nx\r\n`))).toMatchObject({ importError: 'MISSING_HEADER' });
    expect(await code(Buffer.from(`${HEAD},Tier\r\nx\r\n`))).toMatchObject({ importError: 'DUPLICATE_HEADER' });
    expect(await code(csv('x'), {}, { IMPORT_MAX_BYTES: '100' })).toMatchObject({ importError: 'TOO_LARGE' });
    expect(await code(Buffer.from('UPN,Start\r\nx,y\r\n'))).toMatchObject({ importError: 'MAPPING_PROBLEM' });
    expect(await code(csv('x'), { mapping: null, source: 'never saved' })).toMatchObject({
      importError: 'UNKNOWN_MAPPING',
    });
    expect(await prisma.importBatch.count()).toBe(batches);
  });

  it('suggests a mapping from the template’s headers and previews the first rows as read', async () => {
    const { placementTemplateCsv } = await import('../../src/domain/import/placementColumns');
    const started = await start(Buffer.from(placementTemplateCsv()), { dryRun: true });
    expect(started.unmappedHeaders).toEqual([]);
    expect(started.mapping.columns).toMatchObject({
      upn: 'UPN',
      startDate: 'Start date',
      hoursPerWeek: 'Hours per week',
    });
    expect(started.preview[0]).toMatchObject({ upn: 'H801200001001', startDate: '2025-09-08' });
  });
});
