import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { parseInput, uuid } from '../validation';
import type { UseCaseDeps } from '../deps';
import { unpackUploadedFile } from '../../import/storedFile';
import { stillHeld } from '../../import/heldUploads';
import { conflict, notFound } from '../../errors';
import { startImport, type ImportKind, type StartedImport } from './startPlacementImport';

const schema = z.object({ uploadId: uuid }).passthrough();

/**
 * Queues the import (or dry run) of a file the web holds (uploadImportFile), through the mapping the officer
 * settled on the mapping step, or a saved source's: exactly `importPlacements` (or the characteristics
 * import) from here on. A real import uses the held file up: it is deleted once its batch is stored.
 */
export async function startImportUpload(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedImport> {
  authorise(actor, 'import.placements');
  const { uploadId, ...rest } = parseInput(schema, input);
  const upload = await deps.prisma.importUpload.findFirst({
    where: { id: uploadId, laId: actor.laId, ...stillHeld() },
  });
  if (!upload) throw notFound('uploaded file');
  const started = await startImport(
    deps,
    actor,
    upload.kind as ImportKind,
    { ...rest, fileName: upload.fileName },
    unpackUploadedFile(upload.content),
    env,
    upload.id,
  );
  if (!(rest as { dryRun?: boolean }).dryRun) await deps.prisma.importUpload.deleteMany({ where: { id: upload.id } });
  return started;
}

const checkedSchema = z.object({ jobId: uuid, mode: z.enum(['ALL_OR_NOTHING', 'VALID_ROWS']) });

/**
 * "Import all" or "Import the valid rows" from a finished dry run's page: the file it checked (still held),
 * through the mapping it checked it with, without uploading it again.
 */
export async function importCheckedFile(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedImport> {
  authorise(actor, 'import.placements');
  const f = parseInput(checkedSchema, input);
  const batch = await deps.prisma.importBatch.findFirst({ where: { id: f.jobId, laId: actor.laId } });
  if (!batch) throw notFound('import');
  if (!batch.dryRun || batch.status !== 'DONE')
    throw conflict('Only a finished dry run can start the import of the file it checked.');
  if (!batch.uploadId)
    throw conflict(
      'The checked file is no longer held (a file is kept for a day, and until it is imported): upload it again.',
    );
  const { asOf, ...mapping } = (batch.mapping ?? {}) as { asOf?: string; columns?: Record<string, string> };
  return startImportUpload(
    deps,
    actor,
    { uploadId: batch.uploadId, dryRun: false, mode: f.mode, mapping, asOf: asOf ?? null },
    env,
  );
}
