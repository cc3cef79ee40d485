import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import { authorise } from '../access/permissions';
import { csvHeaders, decodeUtf8, parseCsv } from '../import/csvFile';
import { unpackUploadedFile } from '../import/storedFile';
import { stillHeld } from '../import/heldUploads';
import { mappingFieldProblems, suggestMapping, type ColumnMapping } from '../domain/import/mapping';
import {
  previewRows,
  rowsTheMappingStepShows,
  untranslatedValues,
  type ImportKindName,
} from '../domain/import/preview';
import { PLACEMENT_FIELDS } from '../domain/import/placementColumns';
import { CHARACTERISTIC_IMPORT_FIELDS } from '../domain/import/characteristicsColumns';

const FIELDS_OF = { PLACEMENTS: PLACEMENT_FIELDS, CHARACTERISTICS: CHARACTERISTIC_IMPORT_FIELDS };

/**
 * A held upload of the caller's LA read through a mapping — the one given (the mapping step's edits), else
 * the source's saved one, else the one suggested by its headers — as the mapping step shows it: the mapping,
 * its problems by field, the headers it leaves unread, the coded values nothing translates yet and the first
 * rows as the job will read them. Writes nothing; another LA's upload answers like a missing one.
 */
export async function importUpload(
  prisma: PrismaClient,
  actor: Actor,
  id: string,
  opts: { mapping?: ColumnMapping | null; source?: string | null } = {},
) {
  authorise(actor, 'import.read');
  const upload = await prisma.importUpload.findFirst({ where: { id, laId: actor.laId, ...stillHeld() } });
  if (!upload) return null;
  const kind = upload.kind as ImportKindName;
  const fields = FIELDS_OF[kind];
  const text = decodeUtf8(unpackUploadedFile(upload.content));
  const headers = csvHeaders(text);
  const problems: { field: string; message: string }[] = [];
  let mapping = opts.mapping ?? null;
  let source: string | null = null;
  if (!mapping && opts.source) {
    const saved = await prisma.importMapping.findUnique({
      where: { laId_kind_source: { laId: actor.laId, kind, source: opts.source } },
    });
    if (saved) {
      mapping = saved.mapping as unknown as ColumnMapping;
      source = opts.source;
    } else problems.push({ field: 'source', message: `No mapping is saved for the source "${opts.source}".` });
  }
  mapping ??= suggestMapping(headers, fields).mapping;
  problems.push(...mappingFieldProblems(mapping, headers, fields));
  // Only the rows the preview and the untranslated values come from are held: a 50 MB file's every row would
  // need hundreds of MB of the API's capped heap (docs/performance.md, goal 6).
  const table = parseCsv(text, { keep: rowsTheMappingStepShows(kind, headers, mapping, fields) });
  const used = new Set(Object.values(mapping.columns));
  return {
    id: upload.id,
    kind,
    fileName: upload.fileName,
    byteSize: upload.byteSize,
    createdAt: upload.createdAt,
    headers: table.headers,
    source,
    mapping: {
      columns: Object.entries(mapping.columns).map(([field, header]) => ({ field, header })),
      dateFormat: mapping.dateFormat,
      values: Object.entries(mapping.values).flatMap(([field, t]) =>
        Object.entries(t).map(([from, to]) => ({ field, from, to })),
      ),
    },
    problems,
    unmappedHeaders: table.headers.filter((h) => !used.has(h)),
    // A mapping naming a header the file lacks reads nothing from it: the values are asked once it is fixed.
    untranslated: untranslatedValues(kind, table, mapping, fields).map((u) => ({
      ...u,
      header: mapping.columns[u.field]!,
    })),
    preview: previewRows(kind, table, mapping, fields).map((r) => ({
      ...r,
      cells: r.cells.map((c) => ({ ...c, header: mapping.columns[c.field]! })),
    })),
  };
}

/** The sources whose mappings this LA has saved, for one kind of import (newest first). */
export async function importMappings(prisma: PrismaClient, actor: Actor, kind: ImportKindName) {
  authorise(actor, 'import.read');
  return prisma.importMapping.findMany({
    where: { laId: actor.laId, kind },
    select: { source: true, kind: true, updatedAt: true },
    orderBy: [{ updatedAt: 'desc' }, { source: 'asc' }],
  });
}
