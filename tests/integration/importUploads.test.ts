import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { IDS, makeUpn } from '../support/fixtures';
import { deleteExpiredUploads } from '../../src/import/heldUploads';

/**
 * Issue 16 item 1 on the web, through GraphQL: a file held once (uploadImportFile), read through a mapping on
 * the mapping step (importUpload: writes nothing), queued from there (startImportUpload), and a dry run's file
 * imported without sending it again (importCheckedFile). The jobs themselves are importJobs.test.ts's.
 */
const HOLD = `mutation($input: UploadImportFileInput!) { uploadImportFile(input: $input) { id kind headers
  mapping { columns { field header } dateFormat values { field from to } } problems { field message }
  unmappedHeaders untranslated { field header values } preview { line problem cells { field value reads problem } } } }`;
const READ = `query($id: UUID!, $mapping: ImportMappingInput, $source: String) { importUpload(id: $id, mapping: $mapping, source: $source) {
  id source mapping { columns { field header } dateFormat values { field from to } } problems { field message }
  untranslated { field header values } preview { line cells { field value reads problem } } } }`;
const START = `mutation($input: StartImportUploadInput!) { startImportUpload(input: $input) { job { id status dryRun mode uploadId } preview } }`;
const CHECKED = `mutation($id: UUID!, $mode: ImportMode!) { importCheckedFile(jobId: $id, mode: $mode) { job { id dryRun mode uploadId } } }`;
const SOURCES = `query { importMappings(kind: PLACEMENTS) { source kind } }`;

const HEAD = 'Pupil UPN,Name,DOB,Gender,Arranged by,AP URN,Why,Tier,Started,Hours,Registration,Aims,Exit plan';
const sheet = (...rows: string[]) => [HEAD, ...rows, '', 'Total,,,,,,,,,45,,,'].join('\r\n') + '\r\n';
const row = (upn: string, why: string, started = '08/09/2025') =>
  `${upn},"Ash, Amy",14/02/2012,F,LA,900005,${why},3,${started},20,dual,Attendance,Return to school`;

describe('import in steps through GraphQL: hold, map, preview, start, import the checked file', () => {
  const ctx = useApiWorld();
  const gql = async (query: string, variables: Record<string, unknown>, as: 'laOfficer' | 'laOfficerB' = 'laOfficer') =>
    ctx.api.gql(ctx.world.tokens[as], query, variables);
  const ok = async (query: string, variables: Record<string, unknown>, as?: 'laOfficer' | 'laOfficerB') => {
    const r = await gql(query, variables, as);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data as any;
  };

  it('reads a held file through the suggested and then an edited mapping, writing nothing, as the job will', async () => {
    const { prisma } = ctx.world;
    const held = (
      await ok(HOLD, {
        input: { kind: 'PLACEMENTS', fileName: 'sheet.csv', csv: sheet(row(makeUpn(), 'Excl'), row(makeUpn(), 'PEX')) },
      })
    ).uploadImportFile;
    // "Why" and "Started" are not among the headers the suggestion knows: the required fields are named.
    expect(held.problems.map((p: any) => p.field).sort()).toEqual(['reason', 'startDate']);
    expect(held.unmappedHeaders).toEqual(['Why', 'Started']);
    // Two rows read; the blank row and the totals line are passed over.
    expect(held.preview.map((r: any) => r.line)).toEqual([2, 3]);

    const before = { batches: await prisma.importBatch.count(), mappings: await prisma.importMapping.count() };
    const mapping = {
      columns: [...held.mapping.columns, { field: 'reason', header: 'Why' }, { field: 'startDate', header: 'Started' }],
      dateFormat: 'DMY',
      values: [],
    };
    const read = (await ok(READ, { id: held.id, mapping })).importUpload;
    expect(read.problems).toEqual([]);
    expect(read.untranslated).toEqual([{ field: 'reason', header: 'Why', values: ['Excl'] }]);
    const cells = (line: number) => read.preview.find((r: any) => r.line === line).cells;
    expect(cells(2).find((c: any) => c.field === 'reason')).toMatchObject({ value: 'Excl', reads: null });
    expect(cells(3).find((c: any) => c.field === 'reason')).toMatchObject({
      value: 'PEX',
      reads: 'PERMANENT_EXCLUSION',
    });
    expect(cells(2).find((c: any) => c.field === 'startDate')).toMatchObject({ reads: '2025-09-08' });
    const translated = (
      await ok(READ, {
        id: held.id,
        mapping: { ...mapping, values: [{ field: 'reason', from: 'Excl', to: 'HEALTH_NEEDS' }] },
      })
    ).importUpload;
    expect(translated.untranslated).toEqual([]);
    expect(translated.preview[0].cells.find((c: any) => c.field === 'reason').reads).toBe('HEALTH_NEEDS');
    // A translation to a code we do not have is named by its field.
    const wrong = (
      await ok(READ, {
        id: held.id,
        mapping: { ...mapping, values: [{ field: 'reason', from: 'Excl', to: 'EXPELLED' }] },
      })
    ).importUpload;
    expect(wrong.problems).toEqual([{ field: 'reason', message: expect.stringContaining('"EXPELLED"') }]);
    expect({ batches: await prisma.importBatch.count(), mappings: await prisma.importMapping.count() }).toEqual(before);

    // Another LA's officer: the held file answers like a missing one.
    expect((await ok(READ, { id: held.id }, 'laOfficerB')).importUpload).toBeNull();
  });

  it('saves the mapping under a source; the source then reads the next file, and a dry run’s file imports in one call', async () => {
    const { prisma } = ctx.world;
    const mapping = {
      columns: [
        { field: 'upn', header: 'Pupil UPN' },
        { field: 'fullName', header: 'Name' },
        { field: 'dateOfBirth', header: 'DOB' },
        { field: 'sex', header: 'Gender' },
        { field: 'commissioner', header: 'Arranged by' },
        { field: 'providerUrn', header: 'AP URN' },
        { field: 'reason', header: 'Why' },
        { field: 'tier', header: 'Tier' },
        { field: 'startDate', header: 'Started' },
        { field: 'hoursPerWeek', header: 'Hours' },
        { field: 'registration', header: 'Registration' },
        { field: 'objectives', header: 'Aims' },
        { field: 'reintegrationPlan', header: 'Exit plan' },
      ],
      dateFormat: 'DMY',
      values: [{ field: 'reason', from: 'Excl', to: 'PERMANENT_EXCLUSION' }],
    };
    const upn = makeUpn();
    const held = (await ok(HOLD, { input: { kind: 'PLACEMENTS', fileName: 'oct.csv', csv: sheet(row(upn, 'Excl')) } }))
      .uploadImportFile;
    const dry = (
      await ok(START, {
        input: { uploadId: held.id, mapping, source: 'Case system', dryRun: true, mode: 'VALID_ROWS' },
      })
    ).startImportUpload;
    expect(dry.job).toMatchObject({ status: 'QUEUED', dryRun: true, uploadId: held.id });
    expect(dry.preview).toHaveLength(1);
    expect((await ok(SOURCES, {})).importMappings).toEqual([{ source: 'Case system', kind: 'PLACEMENTS' }]);
    // A dry run still running cannot start the import; once finished it can, with the same file and mapping.
    const early = await gql(CHECKED, { id: dry.job.id, mode: 'ALL_OR_NOTHING' });
    expect(early.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await prisma.importBatch.update({ where: { id: dry.job.id }, data: { status: 'DONE' } });
    const other = await gql(CHECKED, { id: dry.job.id, mode: 'ALL_OR_NOTHING' }, 'laOfficerB');
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const real = (await ok(CHECKED, { id: dry.job.id, mode: 'ALL_OR_NOTHING' })).importCheckedFile;
    expect(real.job).toMatchObject({ dryRun: false, mode: 'ALL_OR_NOTHING', uploadId: null });
    const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: real.job.id }, include: { file: true } });
    expect(batch.mapping).toMatchObject({
      columns: { reason: 'Why' },
      values: { reason: { Excl: 'PERMANENT_EXCLUSION' } },
    });
    expect(batch.file).not.toBeNull();
    // The real import used the held file up.
    expect(await prisma.importUpload.count({ where: { id: held.id } })).toBe(0);
    const again = await gql(CHECKED, { id: dry.job.id, mode: 'VALID_ROWS' });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Next month's workbook: the source alone reads it (an Excel serial date in a plain cell).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(HEAD.split(','));
    ws.addRow([makeUpn(), 'Bo Bell', '14/02/2012', 'M', 'LA', 900005, 'Excl', 3, 45936, 20, 'dual', 'A', 'B']);
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const next = (await ok(HOLD, { input: { kind: 'PLACEMENTS', fileName: 'nov.xlsx', base64 } })).uploadImportFile;
    const bySource = (await ok(READ, { id: next.id, source: 'Case system' })).importUpload;
    expect(bySource.source).toBe('Case system');
    expect(bySource.problems).toEqual([]);
    const started = bySource.preview[0].cells.find((c: any) => c.field === 'startDate');
    expect(started).toMatchObject({ value: '45936', reads: '2025-10-06' });
    expect(bySource.preview[0].cells.find((c: any) => c.field === 'reason').reads).toBe('PERMANENT_EXCLUSION');
    const missing = (await ok(READ, { id: next.id, source: 'Never saved' })).importUpload;
    expect(missing.problems[0]).toEqual({
      field: 'source',
      message: 'No mapping is saved for the source "Never saved".',
    });
  });

  it('refuses a file that is not whole CSV when it is held, and keeps a held file a day at most', async () => {
    const { prisma } = ctx.world;
    const before = await prisma.importUpload.count();
    const broken = await gql(HOLD, {
      input: { kind: 'PLACEMENTS', fileName: 'b.csv', csv: `${HEAD}\r\n${row(makeUpn(), 'PEX')}\r\nx,"open quote\r\n` },
    });
    expect(broken.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', importError: 'NOT_CSV' });
    const both = await gql(HOLD, {
      input: { kind: 'PLACEMENTS', fileName: 'b.csv', csv: 'UPN\r\nx\r\n', base64: 'eA==' },
    });
    expect(both.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(await prisma.importUpload.count()).toBe(before);

    const old = await prisma.importUpload.create({
      data: {
        laId: IDS.laA,
        kind: 'PLACEMENTS',
        fileName: 'old.csv',
        byteSize: 8,
        content: new Uint8Array(Buffer.from('UPN\r\nx\r\n')),
        actorId: IDS.users.laOfficer,
        createdAt: new Date(Date.now() - 25 * 3600_000),
      },
    });
    const otherLa = await prisma.importUpload.create({
      data: { ...old, id: undefined, laId: IDS.laB, actorId: IDS.users.laOfficerB },
    });
    // Past its day a held file answers like a missing one, before anything deletes it.
    expect((await gql(READ, { id: old.id })).data?.importUpload).toBeNull();
    const late = await gql(START, { input: { uploadId: old.id, dryRun: true, mode: 'ALL_OR_NOTHING' } });
    expect(late.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await ok(HOLD, { input: { kind: 'PLACEMENTS', fileName: 'new.csv', csv: 'UPN\r\nx\r\n' } });
    expect(await prisma.importUpload.count({ where: { id: old.id } })).toBe(0);
    // Only the uploading LA's own old files go.
    expect(await prisma.importUpload.count({ where: { id: otherLa.id } })).toBe(1);
    // The nightly retention review's sweep takes every LA's, and nothing still held.
    const held = await prisma.importUpload.count({ where: { createdAt: { gte: new Date(Date.now() - 3600_000) } } });
    expect(await deleteExpiredUploads(prisma)).toBe(1);
    expect(await prisma.importUpload.count({ where: { id: otherLa.id } })).toBe(0);
    expect(await prisma.importUpload.count()).toBe(held);
  });
});
