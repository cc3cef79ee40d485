import type { PrismaClient } from '../../generated/prisma/client';
import type { ColumnMapping } from '../../domain/import/mapping';
import type { RowProblem } from '../../domain/import/placementRow';
import { readCharacteristicsRow, type CharacteristicsRow } from '../../domain/import/characteristicsColumns';
import { CHARACTERISTIC_FIELDS, type Characteristics } from '../../domain/characteristics';
import { pupilScope } from '../../access/scope';
import { decodeUtf8, parseCsv } from '../csvFile';
import { unpackUploadedFile } from '../storedFile';
import { eventDateProblem, fromDb, toDb } from '../../usecases/dates';
import { applyCharacteristicChange } from '../../usecases/pupils/changeCharacteristics';
import { FINAL_STATUSES, ImportCancelled, type ImportDeps } from '../placements/runPlacementImport';

/**
 * Runs a characteristics import batch (an MIS export as of a date): each row's values are compared with
 * what held for the pupil on its as-of date (the history spans, else the current values), and each
 * difference is recorded as a dated change through changePupilCharacteristics' own path, all rows in one
 * transaction with one audit row. An unknown UPN, or a pupil outside the LA's reach, refuses the row with
 * the same words. Re-importing the same file changes nothing (nothing differs any more).
 */
export async function runCharacteristicsImport(
  deps: ImportDeps,
  batchId: string,
  report: (p: { phase: string; rowsChecked: number; rowsApplied: number }) => Promise<void> = async () => {},
): Promise<string> {
  const { prisma } = deps;
  const batch = await prisma.importBatch.findUnique({ where: { id: batchId }, include: { file: true } });
  if (!batch) throw new Error(`No import batch ${batchId}`);
  if ((FINAL_STATUSES as readonly string[]).includes(batch.status)) return batch.status;
  const finish = async (
    status: string,
    data: Record<string, unknown>,
    db: Pick<PrismaClient, 'importBatch' | 'importFile'> = prisma,
  ) => {
    await db.importBatch.update({ where: { id: batchId }, data: { status, finishedAt: new Date(), ...data } });
    await db.importFile.deleteMany({ where: { batchId } });
    return status;
  };
  if (batch.cancelRequested || !batch.file)
    return finish('CANCELLED', { message: 'The import was cancelled before it started.' });
  await prisma.importBatch.update({ where: { id: batchId }, data: { status: 'RUNNING', startedAt: new Date() } });
  const actor = { userId: batch.actorId, role: batch.actorRole, laId: batch.laId };
  const mapping = batch.mapping as unknown as ColumnMapping & { asOf: string };
  try {
    const table = parseCsv(decodeUtf8(unpackUploadedFile(batch.file.content)));
    const index = Object.entries(mapping.columns).map(([f, h]) => [f, table.headers.indexOf(h)] as const);
    const problems: RowProblem[] = [];
    let refused = 0;
    let duplicates = 0;
    const rows: (CharacteristicsRow & { line: number })[] = [];
    const seen = new Map<string, number>();
    for (const { line, cells } of table.rows) {
      if (cells.slice(table.headers.length).some((c) => c.trim() !== '')) {
        problems.push({
          line,
          column: `column ${table.headers.length + 1}`,
          message: `This row has ${cells.length} values but the header has ${table.headers.length} columns.`,
        });
        refused += 1;
        continue;
      }
      const r = readCharacteristicsRow(
        Object.fromEntries(index.map(([f, i]) => [f, cells[i] ?? ''])),
        line,
        mapping,
        mapping.asOf,
      );
      if (r.ok === 'skip') continue;
      if (!r.ok) {
        problems.push(...r.problems);
        refused += 1;
        continue;
      }
      const key = `${r.row.upn}|${r.row.asOf}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const same = JSON.stringify(rows.find((x) => x.line === first)!.values) === JSON.stringify(r.row.values);
        if (same) {
          duplicates += 1;
          problems.push({
            line,
            column: '',
            message: `A duplicate of line ${first}: not imported twice.`,
            duplicate: true,
          } as RowProblem);
        } else {
          refused += 1;
          problems.push({
            line,
            column: mapping.columns.upn ?? 'UPN',
            message: `Line ${first} gives this pupil different values for the same date: keep one of them.`,
          });
        }
        continue;
      }
      seen.set(key, line);
      rows.push({ ...r.row, line });
    }

    const refusedBeforeLookup = refused;
    const upns = [...new Set(rows.map((r) => r.upn))];
    const found = await prisma.$queryRawUnsafe<{ id: string; upn: string }[]>(
      'SELECT id::text, upn FROM "Pupil" WHERE upn = ANY($1::text[])',
      upns,
    );
    const reachable = found.length
      ? await prisma.pupil.findMany({
          where: { AND: [{ id: { in: found.map((p) => p.id) } }, pupilScope(actor, 'pupil.changeCharacteristics')] },
        })
      : [];
    const pupils = new Map(reachable.map((p) => [p.upn, p]));
    const spans = await prisma.pupilCharacteristicSpan.findMany({
      where: { pupilId: { in: reachable.map((p) => p.id) } },
    });
    const accepted: {
      row: CharacteristicsRow & { line: number };
      pupilId: string;
      changes: Partial<Characteristics>;
    }[] = [];
    for (const row of rows) {
      const pupil = pupils.get(row.upn);
      const column = mapping.columns.upn ?? 'UPN';
      if (!pupil) {
        refused += 1;
        problems.push({ line: row.line, column, message: 'No pupil with this UPN is recorded in your LA’s reach.' });
        continue;
      }
      const dp = eventDateProblem(deps.clock, 'asOf', row.asOf, fromDb(pupil.dateOfBirth));
      if (dp) {
        refused += 1;
        problems.push({
          line: row.line,
          column: mapping.columns.asOf ?? 'As of',
          message: `The as-of date ${dp.message}`,
        });
        continue;
      }
      const span = spans.find(
        (s) =>
          s.pupilId === pupil.id &&
          (!s.validFrom || s.validFrom <= toDb(row.asOf)) &&
          (!s.validUntil || s.validUntil > toDb(row.asOf)),
      );
      const holding = (span ?? pupil) as unknown as Characteristics;
      const changes = Object.fromEntries(
        CHARACTERISTIC_FIELDS.filter((f) => row.values[f] !== undefined && row.values[f] !== holding[f]).map((f) => [
          f,
          row.values[f],
        ]),
      ) as Partial<Characteristics>;
      accepted.push({ row, pupilId: pupil.id, changes });
    }
    const changed = accepted.filter((a) => Object.keys(a.changes).length > 0);
    const counts = {
      rowsTotal: rows.length + duplicates + refusedBeforeLookup,
      rowsChecked: rows.length + duplicates + refusedBeforeLookup,
      rowsRefused: refused,
      rowsDuplicate: duplicates,
      rowsUnchanged: accepted.length - changed.length,
      problems: problems.sort((a, b) => a.line - b.line) as never,
    };
    await report({ phase: 'checked', rowsChecked: counts.rowsChecked, rowsApplied: 0 });
    if (batch.dryRun) return await finish('DONE', { ...counts, rowsImported: changed.length });
    if (batch.mode === 'ALL_OR_NOTHING' && refused > 0)
      return await finish('REFUSED', {
        ...counts,
        rowsImported: 0,
        message: `${refused} row${refused === 1 ? '' : 's'} refused: nothing was imported (all or nothing).`,
      });
    if ((await prisma.importBatch.findUnique({ where: { id: batchId } }))?.cancelRequested) throw new ImportCancelled();
    const reason = `Imported from ${batch.fileName} (import ${batchId})`;
    return await prisma.$transaction(
      async (tx) => {
        let done = 0;
        for (const a of changed) {
          await tx.$queryRaw`SELECT id FROM "Pupil" WHERE id = ${a.pupilId}::uuid FOR UPDATE`;
          const pupil = await tx.pupil.findUniqueOrThrow({ where: { id: a.pupilId } });
          await applyCharacteristicChange(tx, actor, deps.clock, pupil, a.row.asOf, a.changes, reason, {
            imported: true,
            importBatchId: batchId,
            line: a.row.line,
          });
          done += 1;
          if (done % 500 === 0) {
            await prisma.importBatch.update({ where: { id: batchId }, data: { rowsImported: done } });
            if ((await prisma.importBatch.findUnique({ where: { id: batchId } }))?.cancelRequested)
              throw new ImportCancelled();
          }
        }
        await tx.auditEvent.create({
          data: {
            actorId: batch.actorId,
            actorRole: batch.actorRole,
            actorOrgId: batch.actorOrgId,
            laId: batch.laId,
            operation: 'import.characteristics',
            subjectType: 'IMPORT_BATCH',
            subjectIds: [batchId],
          },
        });
        return finish(
          'DONE',
          { ...counts, rowsImported: changed.length },
          tx as unknown as Pick<PrismaClient, 'importBatch' | 'importFile'>,
        );
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (err) {
    if (err instanceof ImportCancelled) return finish('CANCELLED', { rowsImported: 0, message: err.message });
    if ((err as { extensions?: { importError?: string } }).extensions?.importError)
      return finish('FAILED', { message: (err as Error).message });
    throw err;
  }
}
