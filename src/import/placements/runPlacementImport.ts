import pg from 'pg';
import type { PrismaClient } from '../../generated/prisma/client';
import type { CalendarService } from '../../calendar/calendarService';
import type { Clock } from '../../time/clock';
import type { ColumnMapping } from '../../domain/import/mapping';
import type { SenStatus } from '../../generated/prisma/enums';
import type { RowProblem } from '../../domain/import/placementRow';
import { validateUpn } from '../../domain/identifiers';
import { pupilScope } from '../../access/scope';
import { decodeUtf8, parseCsv } from '../csvFile';
import { unpackUploadedFile } from '../storedFile';
import { giveWay } from '../sqlBatch';
import { fromDb } from '../../usecases/dates';
import {
  checkPlacementRows,
  placementChecker,
  type CheckContext,
  type CheckedRow,
  type CheckResult,
  type PlacementRef,
} from './checkPlacements';
import { applyPlacements, timed, type ImportProfile } from './applyPlacements';

export interface ImportDeps {
  prisma: PrismaClient;
  calendars: CalendarService;
  clock: Clock;
}

/** The placement import also connects with `pg` itself: its transaction COPYs into the tables. */
export interface PlacementImportDeps extends ImportDeps {
  databaseUrl: string;
}

/** Accepted rows are written this many at a time (one COPY per table per chunk; progress and cancel between). */
const CHUNK_ROWS = 2000;
/** Rows checked between two turns of the event loop while a chunk is being written. */
const YIELD_EVERY = 50;

/** The batch's standing, as the job, the CLI and `importJob` report it. */
export const FINAL_STATUSES = ['DONE', 'REFUSED', 'CANCELLED', 'FAILED'] as const;

export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled.');
  }
}

/** At most this many refused rows are kept on the batch (the count is always exact). */
const MAX_PROBLEMS_KEPT = 10_000;

/**
 * Runs one placement import batch from its stored file: read, map, check every row, then (unless a dry
 * run, or refused rows in an all-or-nothing import) write the accepted rows in ONE transaction. A worker
 * killed part-way leaves nothing behind (PostgreSQL rolls the transaction back) and the job's retry starts
 * again from the stored file; a finished batch is never run twice. Cancelling is checked between chunks.
 */
export async function runPlacementImport(
  deps: PlacementImportDeps,
  batchId: string,
  report: (p: { phase: string; rowsChecked: number; rowsApplied: number }) => Promise<void> = async () => {},
  profile?: ImportProfile,
): Promise<string> {
  const { prisma } = deps;
  const batch = await prisma.importBatch.findUnique({ where: { id: batchId }, include: { file: true } });
  if (!batch) throw new Error(`No import batch ${batchId}`);
  if ((FINAL_STATUSES as readonly string[]).includes(batch.status)) return batch.status;
  if (!batch.file) throw new Error(`Import batch ${batchId} has no file`);
  if (batch.cancelRequested) {
    await prisma.importBatch.update({
      where: { id: batchId },
      data: { status: 'CANCELLED', finishedAt: new Date(), message: 'The import was cancelled before it started.' },
    });
    await prisma.importFile.deleteMany({ where: { batchId } });
    return 'CANCELLED';
  }
  await prisma.importBatch.update({ where: { id: batchId }, data: { status: 'RUNNING', startedAt: new Date() } });
  const finish = async (
    status: string,
    data: Record<string, unknown>,
    db: Pick<PrismaClient, 'importBatch' | 'importFile'> = prisma,
  ) => {
    await db.importBatch.update({ where: { id: batchId }, data: { status, finishedAt: new Date(), ...data } });
    await db.importFile.deleteMany({ where: { batchId } });
    return status;
  };
  const cancelled = async () =>
    (await prisma.importBatch.findUnique({ where: { id: batchId }, select: { cancelRequested: true } }))
      ?.cancelRequested ?? false;

  try {
    const table = await timed(profile, 'check: read the CSV', () =>
      parseCsv(decodeUtf8(unpackUploadedFile(batch.file!.content))),
    );
    const mapping = batch.mapping as unknown as ColumnMapping;
    const index = Object.entries(mapping.columns).map(
      ([field, header]) => [field, table.headers.indexOf(header)] as const,
    );
    const extra: RowProblem[] = [];
    const rows = table.rows.flatMap(({ line, cells }) => {
      const beyond = cells.slice(table.headers.length);
      if (beyond.some((c) => c.trim() !== '')) {
        extra.push({
          line,
          column: `column ${table.headers.length + 1}`,
          message: `This row has ${cells.length} values but the header has ${table.headers.length} columns.`,
        });
        return [];
      }
      return [{ line, cells: Object.fromEntries(index.map(([f, i]) => [f, cells[i] ?? ''])) }];
    });

    const actor = { userId: batch.actorId, role: batch.actorRole, laId: batch.laId };
    const load = () =>
      timed(profile, 'check: load pupils, providers, placements (SQL)', () =>
        loadContext(
          deps,
          batch.laId,
          actor,
          rows.map((r) => r.cells.upn ?? ''),
        ),
      );
    let rowsApplied = 0; // rows already written (inside the transaction) while later ones are checked
    const reportChecking = async (n: number) => {
      await prisma.importBatch.update({ where: { id: batchId }, data: { rowsChecked: n } });
      await report({ phase: 'checking', rowsChecked: n, rowsApplied });
    };
    const countsOf = async (checked: CheckResult) => {
      const refusedLines = checked.refusedLines + extra.length;
      const problems = [...extra, ...checked.refused].sort((a, b) => a.line - b.line);
      const counts = {
        rowsTotal: checked.rowsTotal + extra.length,
        rowsChecked: checked.rowsTotal + extra.length,
        rowsRefused: refusedLines,
        rowsDuplicate: checked.duplicates.length,
        rowsUnchanged: checked.accepted.filter((r) => r.action === 'UNCHANGED').length,
        problems: [
          ...problems.slice(0, MAX_PROBLEMS_KEPT),
          ...checked.duplicates.map((d) => ({
            line: d.line,
            column: '',
            message: `A duplicate of line ${d.duplicateOf}: not imported twice.`,
            duplicate: true,
          })),
        ] as never,
        followUps: checked.followUps,
      };
      await prisma.importBatch.update({
        where: { id: batchId },
        data: { rowsTotal: counts.rowsTotal, rowsChecked: counts.rowsChecked },
      });
      await report({ phase: 'checked', rowsChecked: counts.rowsChecked, rowsApplied: 0 });
      return counts;
    };
    const refusedMessage = (n: number) =>
      `${n} row${n === 1 ? '' : 's'} refused: nothing was imported (all or nothing).`;

    if (batch.dryRun) {
      const ctx = await load();
      await prisma.importBatch.update({ where: { id: batchId }, data: { rowsTotal: rows.length + extra.length } });
      const checked = await timed(profile, 'check: rules, every row (Node)', () =>
        checkPlacementRows(rows, mapping, ctx, reportChecking),
      );
      const counts = await countsOf(checked);
      const action = (a: CheckedRow['action']) => checked.accepted.filter((r) => r.action === a).length;
      return await finish('DONE', { ...counts, rowsImported: action('CREATE'), rowsUpdated: action('UPDATE') });
    }
    if (await cancelled()) throw new ImportCancelled();

    const cal = await deps.calendars.calendarFor(batch.laId);
    const today = deps.clock.today();
    // The import's ONE transaction, on a connection of its own: COPY needs the `pg` client that holds it.
    const db = new pg.Client({ connectionString: deps.databaseUrl });
    await db.connect();
    try {
      await db.query('BEGIN');
      // One import at a time per LA: a second batch waits here, then checks against what the first wrote.
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`import:${batch.laId}`]);
      const ctx = await load();
      await prisma.importBatch.update({ where: { id: batchId }, data: { rowsTotal: rows.length + extra.length } });
      const checker = placementChecker(mapping, ctx);
      // All or nothing: from the first refused row on, nothing more is written (the transaction is rolled
      // back at the end), but every row is still checked so each refused one is reported.
      const refusing = () => batch.mode === 'ALL_OR_NOTHING' && checker.result.refusedLines + extra.length > 0;
      async function* acceptedChunks(): AsyncGenerator<CheckedRow[]> {
        let chunk: CheckedRow[] = [];
        let reported = 0;
        for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
          for (let j = i; j < Math.min(i + CHUNK_ROWS, rows.length); j += YIELD_EVERY) {
            // The chunk being written is a run of statements, each sent when the last one's answer is
            // handled: checking gives way to them every few dozen rows, or PostgreSQL waits for it.
            await giveWay();
            const t0 = performance.now();
            for (const { line, cells } of rows.slice(j, Math.min(j + YIELD_EVERY, i + CHUNK_ROWS))) {
              const c = checker.check(line, cells);
              if (c && !refusing()) chunk.push(c);
            }
            if (profile)
              profile['check: rules, every row (Node)'] =
                (profile['check: rules, every row (Node)'] ?? 0) + performance.now() - t0;
          }
          if (checker.result.rowsTotal - reported >= 5000) {
            reported = checker.result.rowsTotal;
            await reportChecking(reported);
          }
          if (refusing()) chunk = [];
          else if (chunk.length >= CHUNK_ROWS) yield chunk.splice(0, CHUNK_ROWS);
        }
        await reportChecking(checker.result.rowsTotal);
        if (chunk.length && !refusing()) yield chunk;
      }
      const applied = await applyPlacements(
        db,
        prisma,
        {
          batchId,
          laId: batch.laId,
          actorId: batch.actorId,
          actorRole: batch.actorRole,
          actorOrgId: batch.actorOrgId,
          fileName: batch.fileName,
          today,
        },
        acceptedChunks(),
        cal,
        async (done) => {
          rowsApplied = done;
          await prisma.importBatch.update({ where: { id: batchId }, data: { rowsImported: done } });
          await report({ phase: 'importing', rowsChecked: checker.result.rowsTotal, rowsApplied: done });
          if (await cancelled()) throw new ImportCancelled();
        },
        profile,
      );
      const counts = await countsOf(checker.result);
      if (refusing()) {
        await db.query('ROLLBACK');
        return await finish('REFUSED', {
          ...counts,
          rowsImported: 0,
          rowsUpdated: 0,
          message: refusedMessage(counts.rowsRefused),
        });
      }
      await db.query(
        `INSERT INTO "AuditEvent" ("actorId", "actorRole", "actorOrgId", "laId", operation, "subjectType", "subjectIds")
         VALUES ($1, $2, $3, $4, 'import.placements', 'IMPORT_BATCH', $5::text[])`,
        [batch.actorId, batch.actorRole, batch.actorOrgId, batch.laId, [batchId]],
      );
      // The batch's outcome commits with its rows: a worker killed before COMMIT leaves it RUNNING, to retry.
      await db.query(
        `UPDATE "ImportBatch" SET status = 'DONE', "finishedAt" = $2, "rowsTotal" = $3, "rowsChecked" = $4,
           "rowsRefused" = $5, "rowsDuplicate" = $6, "rowsUnchanged" = $7, problems = $8::jsonb,
           "followUps" = $9::jsonb, "rowsImported" = $10, "rowsUpdated" = $11
         WHERE id = $1`,
        [
          batchId,
          new Date(),
          counts.rowsTotal,
          counts.rowsChecked,
          counts.rowsRefused,
          counts.rowsDuplicate,
          counts.rowsUnchanged,
          JSON.stringify(counts.problems),
          JSON.stringify(counts.followUps),
          applied.created,
          applied.updated,
        ],
      );
      await db.query('DELETE FROM "ImportFile" WHERE "batchId" = $1', [batchId]);
      await db.query('COMMIT');
      return 'DONE';
    } catch (err) {
      // A failed statement, a cancel or a refusal: nothing of the import is kept.
      await db.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await db.end().catch(() => undefined);
    }
  } catch (err) {
    if (err instanceof ImportCancelled)
      return finish('CANCELLED', { rowsImported: 0, rowsUpdated: 0, message: err.message });
    const typed = (err as { extensions?: { importError?: string } }).extensions?.importError;
    if (typed) return finish('FAILED', { message: (err as Error).message });
    throw err;
  }
}

async function loadContext(
  deps: ImportDeps,
  laId: string,
  actor: {
    userId: string;
    role: 'LA_OFFICER' | 'PANEL_MEMBER' | 'SCHOOL_STAFF' | 'PROVIDER_STAFF' | 'ANALYST';
    laId: string;
  },
  rawUpns: string[],
): Promise<CheckContext> {
  const { prisma } = deps;
  const upns = [...new Set(rawUpns.map((u) => validateUpn(u)).flatMap((u) => (u.ok ? [u.upn] : [])))];
  const [providers, schools, pupils, imported] = await Promise.all([
    prisma.provider.findMany({
      where: { laId },
      select: { id: true, kind: true, urn: true, ukprn: true, settingType: true, name: true },
    }),
    prisma.school.findMany({ where: { laId }, select: { id: true, urn: true } }),
    // One array parameter, not an IN list of 100,000 values (Prisma expands `in` into one bind per value).
    prisma.$queryRawUnsafe<{ id: string; upn: string; dateOfBirth: Date; senStatus: SenStatus }[]>(
      'SELECT id::text, upn, "dateOfBirth", "senStatus"::text AS "senStatus" FROM "Pupil" WHERE upn = ANY($1::text[])',
      upns,
    ),
    prisma.importedPlacement.findMany({
      where: { laId },
      select: { placementId: true, naturalKey: true, rowHash: true, startedEventId: true },
    }),
  ]);
  // The permission table's scope, asked only about the pupils the file names that are already recorded.
  const reach = new Set(
    pupils.length
      ? (
          await prisma.pupil.findMany({
            where: { AND: [{ id: { in: pupils.map((p) => p.id) } }, pupilScope(actor, 'pupil.read')] },
            select: { id: true },
          })
        ).map((p) => p.id)
      : [],
  );
  const placements = await prisma.placement.findMany({
    where: { pupilId: { in: [...reach] } },
    select: { id: true, pupilId: true, providerId: true, startDate: true, endDate: true, hoursPerWeek: true },
  });
  const placementsByPupil = new Map<string, PlacementRef[]>();
  for (const p of placements) {
    const list = placementsByPupil.get(p.pupilId) ?? [];
    list.push({
      id: p.id,
      pupilId: p.pupilId,
      providerId: p.providerId,
      startDate: fromDb(p.startDate),
      endDate: p.endDate ? fromDb(p.endDate) : null,
      hoursPerWeek: Number(p.hoursPerWeek),
    });
    placementsByPupil.set(p.pupilId, list);
  }
  return {
    providers,
    schoolsByUrn: new Map(schools.map((s) => [s.urn, { id: s.id }])),
    pupilsByUpn: new Map(
      pupils.map((p) => [
        p.upn,
        { id: p.id, upn: p.upn, dateOfBirth: fromDb(p.dateOfBirth), senStatus: p.senStatus, inScope: reach.has(p.id) },
      ]),
    ),
    placementsByPupil,
    importedByKey: new Map(imported.map((i) => [i.naturalKey, i])),
    today: deps.clock.today(),
  };
}
