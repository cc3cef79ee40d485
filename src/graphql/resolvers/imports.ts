import type { Context } from '../context';
import { importJob } from '../../queries/imports';
import { importMappings, importUpload } from '../../queries/importUploads';
import { uploadImportFile } from '../../usecases/import/uploadImportFile';
import { importCheckedFile, startImportUpload } from '../../usecases/import/startImportUpload';
import type { StartedImport } from '../../usecases/import/startPlacementImport';
import type { ColumnMapping } from '../../domain/import/mapping';
import { startPlacementImport } from '../../usecases/import/startPlacementImport';
import { cancelImport } from '../../usecases/import/cancelImport';
import { AppError, notFound } from '../../errors';
import { actorOf } from './guard';

interface MappingInput {
  columns: { field: string; header: string }[];
  dateFormat?: string | null;
  values?: { field: string; from: string; to: string }[] | null;
}

// GraphQL lists → the mapping's records.
const toMapping = (m: MappingInput): ColumnMapping => ({
  columns: Object.fromEntries(m.columns.map((c) => [c.field, c.header])),
  dateFormat: (m.dateFormat ?? 'DMY') as ColumnMapping['dateFormat'],
  values: (m.values ?? []).reduce<Record<string, Record<string, string>>>((acc, v) => {
    (acc[v.field] ??= {})[v.from] = v.to;
    return acc;
  }, {}),
});

/** A queued batch as ImportStarted: the job, the mapping used, the headers not read, the first rows. */
async function started(ctx: Context, s: StartedImport) {
  if (!ctx.enqueueImport) throw new AppError('SERVICE_UNAVAILABLE');
  await ctx.enqueueImport(s.batchId);
  return {
    job: await importJob(ctx.prisma, actorOf(ctx), s.batchId),
    mapping: Object.entries(s.mapping.columns).map(([field, header]) => ({ field, header })),
    unmappedHeaders: s.unmappedHeaders,
    preview: s.preview,
  };
}

export const importResolvers = {
  Query: {
    importJob: (_: unknown, { id }: { id: string }, ctx: Context) => importJob(ctx.prisma, actorOf(ctx), id),
    importUpload: (
      _: unknown,
      { id, mapping, source }: { id: string; mapping?: MappingInput | null; source?: string | null },
      ctx: Context,
    ) => importUpload(ctx.prisma, actorOf(ctx), id, { mapping: mapping ? toMapping(mapping) : null, source }),
    importMappings: (_: unknown, { kind }: { kind: 'PLACEMENTS' | 'CHARACTERISTICS' }, ctx: Context) =>
      importMappings(ctx.prisma, actorOf(ctx), kind),
  },
  Mutation: {
    importPlacements: async (
      _: unknown,
      { input }: { input: { csv: string; mapping?: MappingInput | null; [k: string]: unknown } },
      ctx: Context,
    ) => {
      const actor = actorOf(ctx);
      const { csv, mapping, ...rest } = input;
      const started = await startPlacementImport(
        ctx,
        actor,
        { ...rest, mapping: mapping ? toMapping(mapping) : null },
        Buffer.from(csv, 'utf8'),
      );
      if (!ctx.enqueueImport) throw new AppError('SERVICE_UNAVAILABLE');
      await ctx.enqueueImport(started.batchId);
      return {
        job: await importJob(ctx.prisma, actor, started.batchId),
        mapping: Object.entries(started.mapping.columns).map(([field, header]) => ({ field, header })),
        unmappedHeaders: started.unmappedHeaders,
        preview: started.preview,
      };
    },
    uploadImportFile: async (_: unknown, { input }: { input: Record<string, unknown> }, ctx: Context) => {
      const actor = actorOf(ctx);
      const id = await uploadImportFile(ctx, actor, input);
      return importUpload(ctx.prisma, actor, id);
    },
    startImportUpload: async (
      _: unknown,
      { input }: { input: { mapping?: MappingInput | null; [k: string]: unknown } },
      ctx: Context,
    ) => {
      const { mapping, ...rest } = input;
      return started(
        ctx,
        await startImportUpload(ctx, actorOf(ctx), { ...rest, mapping: mapping ? toMapping(mapping) : null }),
      );
    },
    importCheckedFile: async (_: unknown, args: { jobId: string; mode: string }, ctx: Context) =>
      started(ctx, await importCheckedFile(ctx, actorOf(ctx), args)),
    cancelImportJob: async (_: unknown, { id }: { id: string }, ctx: Context) => {
      const actor = actorOf(ctx);
      await cancelImport(ctx.prisma, actor, id);
      const job = await importJob(ctx.prisma, actor, id);
      if (!job) throw notFound('import');
      return job;
    },
  },
  ImportJob: {
    refusedRows: (b: { problems: unknown }, { first }: { first: number }) =>
      (b.problems as { line: number; column: string; message: string; rule?: string; duplicate?: boolean }[])
        .slice(0, Math.max(0, Math.min(first, 10_000)))
        .map((p) => ({ ...p, rule: p.rule ?? null, duplicate: p.duplicate ?? false })),
  },
};
