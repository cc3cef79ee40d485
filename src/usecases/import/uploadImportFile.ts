import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { audit } from '../../record/audit';
import { parseInput } from '../validation';
import type { UseCaseDeps } from '../deps';
import { deleteExpiredUploads } from '../../import/heldUploads';
import { checkCsv, decodeUtf8, importFileError, importMaxBytes } from '../../import/csvFile';
import { isXlsx, xlsxToCsvBytes } from '../../import/xlsxFile';
import { packUploadedFile } from '../../import/storedFile';
import { invalid } from '../../errors';

const schema = z.object({
  kind: z.enum(['PLACEMENTS', 'CHARACTERISTICS']),
  fileName: z.string().trim().min(1, 'Give the file’s name.').max(255),
  csv: z.string().nullish(),
  base64: z.string().nullish(),
});

/** How long a held upload waits for its mapping, dry run and import (it holds pupils' details). */
/**
 * Holds a file for the web's import in steps (map the columns, check, import) so no step asks for it again.
 * The file as a whole is checked as `importPlacements` checks it (size, an .xlsx workbook's first sheet read
 * as the CLI reads it, UTF-8, a CSV with named, unique headers and rows); nothing is queued. The LA's
 * uploads older than a day are deleted here too (and every LA's by the nightly retention review).
 */
export async function uploadImportFile(
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  authorise(actor, 'import.placements');
  const f = parseInput(schema, input);
  if ((f.csv == null) === (f.base64 == null))
    throw invalid([{ field: 'file', message: 'Give the file either as CSV text or as base64, not both.' }]);
  const bytes = f.csv != null ? Buffer.from(f.csv, 'utf8') : Buffer.from(f.base64!, 'base64');
  const limit = importMaxBytes(env);
  if (bytes.length > limit)
    throw importFileError('TOO_LARGE', `The file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB.`);
  if (bytes.length === 0) throw importFileError('EMPTY_FILE', 'The file is empty.');
  // A workbook is held as the CSV it would save as, so every later step (and the job) reads one format; that
  // CSV is held to the same limit as a CSV file.
  const content = isXlsx(bytes) ? await xlsxToCsvBytes(bytes, limit) : bytes;
  // The whole file: a quote left open on line 900 is refused now, not on the mapping step or in the job.
  checkCsv(decodeUtf8(content));

  return deps.prisma.$transaction(async (tx) => {
    await deleteExpiredUploads(tx, new Date(), actor.laId);
    const upload = await tx.importUpload.create({
      data: {
        laId: actor.laId,
        kind: f.kind,
        fileName: f.fileName,
        byteSize: content.length,
        content: packUploadedFile(content),
        actorId: actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, actor, 'import.hold', 'IMPORT_UPLOAD', [upload.id]);
    return upload.id;
  });
}
