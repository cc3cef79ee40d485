import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { actorOrgId } from '../../auth/actor';
import { authorise } from '../../access/permissions';
import { audit } from '../../record/audit';
import { parseInput, isoDate } from '../validation';
import type { UseCaseDeps } from '../deps';
import { decodeUtf8, importFileError, importMaxBytes, parseCsv } from '../../import/csvFile';
import { mappingProblems, suggestMapping, type ColumnMapping } from '../../domain/import/mapping';
import { PLACEMENT_FIELDS } from '../../domain/import/placementColumns';
import { CHARACTERISTIC_IMPORT_FIELDS } from '../../domain/import/characteristicsColumns';
import { invalid } from '../../errors';
import { packUploadedFile } from '../../import/storedFile';
import { mappedCells, skippedByJob } from '../../domain/import/preview';

const mappingSchema = z.object({
  columns: z.record(z.string(), z.string().min(1)),
  dateFormat: z.enum(['DMY', 'MDY', 'ISO']).default('DMY'),
  values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});

const schema = z.object({
  fileName: z.string().trim().min(1, 'Give the file’s name.').max(255),
  dryRun: z.boolean().default(false),
  mode: z.enum(['ALL_OR_NOTHING', 'VALID_ROWS']).default('ALL_OR_NOTHING'),
  /** The source's name ("Case management export"): its mapping is saved under it, or read from it. */
  source: z.string().trim().min(1).max(100).nullish(),
  mapping: mappingSchema.nullish(),
  /** Characteristics: the date the file's values held from (a row's own "As of" column wins). */
  asOf: isoDate.nullish(),
});

export type ImportKind = 'PLACEMENTS' | 'CHARACTERISTICS';
const FIELDS_OF = { PLACEMENTS: PLACEMENT_FIELDS, CHARACTERISTICS: CHARACTERISTIC_IMPORT_FIELDS };

export interface StartedImport {
  batchId: string;
  mapping: ColumnMapping;
  unmappedHeaders: string[];
  /** The first rows as the mapping reads them: field → cell. */
  preview: Record<string, string>[];
}

/**
 * Accepts a placement file for import: checks the file as a whole (size, UTF-8, a CSV with named, unique
 * headers, rows), settles the column mapping (given, saved for the source, or suggested from the headers)
 * and stores the file as a QUEUED batch. The rows are checked and applied by the import job
 * (src/import/placements/runPlacementImport.ts); the caller enqueues it with the batch's id.
 */
export const startPlacementImport = (
  deps: UseCaseDeps,
  actor: Actor,
  input: unknown,
  content: Buffer,
  env: NodeJS.ProcessEnv = process.env,
) => startImport(deps, actor, 'PLACEMENTS', input, content, env);

export async function startImport(
  deps: UseCaseDeps,
  actor: Actor,
  kind: ImportKind,
  input: unknown,
  content: Buffer,
  env: NodeJS.ProcessEnv = process.env,
  /** The web's held upload the file came from (its dry run can then start the import of the same file). */
  uploadId: string | null = null,
): Promise<StartedImport> {
  authorise(actor, 'import.placements');
  const f = parseInput(schema, input);
  const FIELDS = FIELDS_OF[kind];
  if (kind === 'CHARACTERISTICS' && !f.asOf)
    throw invalid([{ field: 'asOf', message: 'Give the date the file’s values held from (as of).' }]);
  if (f.asOf && f.asOf > deps.clock.today())
    throw invalid([{ field: 'asOf', message: 'The as-of date is in the future.' }]);
  const limit = importMaxBytes(env);
  if (content.length > limit)
    throw importFileError('TOO_LARGE', `The file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB.`);
  if (content.length === 0) throw importFileError('EMPTY_FILE', 'The file is empty.');
  const text = decodeUtf8(content);
  // The header and a preview here; every row is read by the job. Enough records that blank rows and a
  // totals line (which the job passes over, and so does the preview) still leave five rows to show.
  const { headers, rows } = parseCsv(text, { maxRecords: 200 });

  let mapping: ColumnMapping;
  if (f.mapping) mapping = f.mapping;
  else if (f.source) {
    const saved = await deps.prisma.importMapping.findUnique({
      where: { laId_kind_source: { laId: actor.laId, kind, source: f.source } },
    });
    if (!saved)
      throw importFileError(
        'UNKNOWN_MAPPING',
        `No mapping is saved for the source "${f.source}". Give the mapping the first time; it is saved for next time.`,
      );
    mapping = saved.mapping as unknown as ColumnMapping;
  } else mapping = suggestMapping(headers, FIELDS).mapping;
  const problems = mappingProblems(mapping, headers, FIELDS);
  if (problems.length)
    throw importFileError('MAPPING_PROBLEM', problems.join(' '), {
      suggestedMapping: suggestMapping(headers, FIELDS).mapping,
    });

  const batchId = await deps.prisma.$transaction(async (tx) => {
    if (f.source && f.mapping)
      await tx.importMapping.upsert({
        where: { laId_kind_source: { laId: actor.laId, kind, source: f.source } },
        create: { laId: actor.laId, kind, source: f.source, mapping: f.mapping as never },
        update: { mapping: f.mapping as never, updatedAt: new Date() },
      });
    const batch = await tx.importBatch.create({
      data: {
        laId: actor.laId,
        kind,
        source: f.source ?? null,
        fileName: f.fileName,
        fileHash: createHash('sha256').update(content).digest('hex'),
        byteSize: content.length,
        dryRun: f.dryRun,
        mode: f.mode,
        actorId: actor.userId,
        actorRole: actor.role,
        actorOrgId: actorOrgId(actor),
        mapping: { ...mapping, ...(f.asOf ? { asOf: f.asOf } : {}) } as never,
        uploadId,
      },
      select: { id: true },
    });
    await tx.importFile.create({ data: { batchId: batch.id, content: packUploadedFile(content) } });
    await audit(tx, actor, 'import.upload', 'IMPORT_BATCH', [batch.id]);
    return batch.id;
  });
  const used = new Set(Object.values(mapping.columns));
  return {
    batchId,
    mapping,
    unmappedHeaders: headers.filter((h) => !used.has(h)),
    // The rows the job reads, not the blank rows and totals line it passes over.
    preview: rows
      .map((r) => mappedCells(headers, mapping, r.cells))
      .filter((cells) => !skippedByJob(kind, cells))
      .slice(0, 5),
  };
}
