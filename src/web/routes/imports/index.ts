import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Role } from '../../../generated/prisma/enums';
import type { WebContext } from '../../webContext';
import { loadOperations, type GraphqlErrorShape } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { canImportPlacements } from '../../capabilities';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { jobView, startView, type ImportJobAnswer } from './jobView';
import { rememberStart, startOf } from './startMemory';
import { IMPORT_KINDS, kindOf, type ImportKindPage } from './kinds';
import { anchorFor, mappingFromForm, mappingView, type ImportUploadAnswer, type MappingInput } from './mappingForm';

const ops = loadOperations(import.meta.url, 'imports.graphql', [
  'ImportMappingsChoice',
  'HoldImportFile',
  'ImportUploadPage',
  'StartImportUpload',
  'ImportCheckedFile',
  'ImportJobPage',
  'CancelImportJob',
]);

interface StartedAnswer {
  job: { id: string };
  mapping: { field: string; header: string }[];
  unmappedHeaders: string[];
  preview: Record<string, string>[];
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);

/** Where each answer's error summary line leads. */
const ANCHORS = {
  file: 'file',
  fileName: 'file',
  csv: 'file',
  base64: 'file',
  source: 'source',
  purpose: 'purpose',
  mode: 'mode',
  asOf: 'asOf-day',
};

export interface UploadAnswers {
  source?: string;
  purpose?: string;
  mode?: string;
  asOf?: { day?: string; month?: string; year?: string };
}

const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
const UUID = /^[0-9a-f-]{36}$/i;

/** A GOV.UK date input's three boxes as YYYY-MM-DD, or null when they are not a real date. */
function isoFrom(d: UploadAnswers['asOf']): string | null {
  const [y, m, day] = [Number(d?.year), Number(d?.month), Number(d?.day)];
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(day) || y < 1950 || y > 2099) return null;
  const date = new Date(Date.UTC(y, m - 1, day));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The choices the upload page carries to the mapping page and on to the job. */
interface Carried {
  dryRun: boolean;
  mode: string;
  asOf: string | null;
}
const carriedQuery = (c: Carried) =>
  new URLSearchParams({
    purpose: c.dryRun ? 'dryRun' : 'import',
    mode: c.mode,
    ...(c.asOf ? { asOf: c.asOf } : {}),
  }).toString();
function carriedFrom(q: Record<string, unknown>): Carried {
  const asOf = typeof q.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(q.asOf) ? q.asOf : null;
  return {
    dryRun: q.purpose !== 'import',
    mode: q.mode === 'VALID_ROWS' ? 'VALID_ROWS' : 'ALL_OR_NOTHING',
    asOf,
  };
}

/**
 * /imports/placements and /imports/characteristics: an LA officer uploads a file (CSV or an Excel workbook;
 * multipart, read by middleware/setUpUpload.ts up to IMPORT_MAX_BYTES), which `uploadImportFile` holds. With a
 * saved source's mapping the import (or dry run) starts at once; otherwise the mapping step shows each header
 * with the field it is read as, the date format, the translations of the file's own codes and the first rows
 * as the job will read them, and may save the mapping under a source's name. The job page follows the import
 * through `importJob` and, after a dry run, imports the same held file in one click (`importCheckedFile`).
 * Every rule and every refusal is the API's: the page only tells apart what it alone can see.
 */
export function importRoutes(ctx: WebContext, maxBytes: number): Router {
  const router = Router();

  async function savedSources(req: Request, page: ImportKindPage) {
    const data = await ctx.graphql.query<{
      me: { role: string };
      importMappings: { source: string; updatedAt: string }[];
    }>(req, ops.ImportMappingsChoice, { kind: page.kind });
    if (!canImportPlacements(data.me.role as Role)) throw new PageError(403);
    return data.importMappings;
  }

  async function renderUpload(
    req: Request,
    res: Response,
    page: ImportKindPage,
    answers: UploadAnswers,
    errors?: FormErrors,
  ) {
    const sources = await savedSources(req, page);
    res.status(errors ? 400 : 200).render('pages/imports/upload', {
      pageTitle: page.title,
      page,
      errors,
      answers,
      sources,
      maxSize: megabytes(maxBytes),
    });
  }

  for (const page of IMPORT_KINDS) {
    const base = `/${page.path}`;

    router.get(
      base,
      wrap(async (req, res) => {
        await renderUpload(req, res, page, { source: '', purpose: 'dryRun', mode: 'ALL_OR_NOTHING' });
      }),
    );

    router.get(`${base}/template.csv`, (_req, res) => {
      res.type('text/csv; charset=utf-8').attachment(`${page.path}-template.csv`).send(page.template());
    });

    router.post(
      base,
      wrap(async (req, res) => {
        await savedSources(req, page);
        const body = (req.body ?? {}) as Record<string, string>;
        const answers: UploadAnswers = {
          source: body.source?.trim() ?? '',
          purpose: body.purpose,
          mode: body.mode,
          asOf: { day: body['asOf-day'], month: body['asOf-month'], year: body['asOf-year'] },
        };
        const problems: { field: string; message: string }[] = [];
        const file = req.upload;
        if (!file) problems.push({ field: 'file', message: `Select a ${page.what} (CSV or Excel).` });
        else if (file.tooLarge)
          problems.push({ field: 'file', message: `The selected file must be smaller than ${megabytes(maxBytes)}.` });
        else if (file.bytes.length === 0) problems.push({ field: 'file', message: 'The selected file is empty.' });
        if (answers.purpose !== 'dryRun' && answers.purpose !== 'import')
          problems.push({ field: 'purpose', message: 'Select whether to check the file only or to import it.' });
        if (answers.mode !== 'ALL_OR_NOTHING' && answers.mode !== 'VALID_ROWS')
          problems.push({ field: 'mode', message: 'Select what to do when some rows are refused.' });
        const asOf = page.needsAsOf ? isoFrom(answers.asOf) : null;
        if (page.needsAsOf && !asOf)
          problems.push({
            field: 'asOf',
            message: 'Enter the date the file’s values held from, for example 5 1 2026.',
          });
        if (problems.length) return renderUpload(req, res, page, answers, localErrors(problems, ANCHORS) ?? undefined);

        const held = await ctx.graphql.execute<{ uploadImportFile: { id: string } }>(req, ops.HoldImportFile, {
          input: { kind: page.kind, fileName: file!.fileName || 'upload.csv', base64: file!.bytes.toString('base64') },
        });
        if (held.errors?.length) return renderUpload(req, res, page, answers, refusal(held.errors));
        const uploadId = held.data!.uploadImportFile.id;
        const carried: Carried = { dryRun: answers.purpose === 'dryRun', mode: answers.mode!, asOf };
        // No saved mapping chosen: the mapping step, with the suggested mapping.
        if (!answers.source) return res.redirect(303, `${mappingUrl(page, uploadId)}?${carriedQuery(carried)}`);
        const started = await ctx.graphql.execute<{ startImportUpload: StartedAnswer }>(req, ops.StartImportUpload, {
          input: { uploadId, source: answers.source, dryRun: carried.dryRun, mode: carried.mode, asOf },
        });
        // The saved mapping does not fit this file (a column renamed...): the mapping step says why.
        if (started.errors?.some((e) => e.extensions?.importError === 'MAPPING_PROBLEM'))
          return res.redirect(
            303,
            `${mappingUrl(page, uploadId)}?${carriedQuery(carried)}&${new URLSearchParams({ source: answers.source })}`,
          );
        if (started.errors?.length) return renderUpload(req, res, page, answers, refusal(started.errors));
        toJob(req, res, page, started.data!.startImportUpload);
      }),
    );

    // The mapping step.
    router.get(
      `${base}/uploads/:uploadId`,
      wrap(async (req, res) => {
        const id = String(req.params.uploadId);
        if (!UUID.test(id)) throw new PageError(404);
        const source = typeof req.query.source === 'string' ? req.query.source : null;
        const upload = await readUpload(req, id, null, source);
        if (upload.kind !== page.kind) throw new PageError(404);
        // A saved mapping that no longer fits arrives here with its problems: show them at once.
        const errors = source && upload.problems.length ? apiProblems(upload) : undefined;
        renderMapping(res, page, upload, carriedFrom(req.query), { saveAs: source ?? '' }, errors);
      }),
    );

    router.post(
      `${base}/uploads/:uploadId`,
      wrap(async (req, res) => {
        const id = String(req.params.uploadId);
        if (!UUID.test(id)) throw new PageError(404);
        const body = (req.body ?? {}) as Record<string, string>;
        const carried = carriedFrom(body);
        const { mapping, problems, chosen } = mappingFromForm(body, page.fields);
        const upload = await readUpload(req, id, mapping, null);
        if (upload.kind !== page.kind) throw new PageError(404);
        const saveAs = (body.saveAs ?? '').trim();
        const local = problems.map((p) => ({ field: p.field, message: p.message }));
        if (body.action !== 'start' || local.length || upload.problems.length) {
          const errors =
            body.action === 'start' || local.length
              ? mergeErrors(localErrors(local, anchorsOf(local)), upload.problems.length ? apiProblems(upload) : null)
              : undefined;
          return renderMapping(
            res,
            page,
            upload,
            carried,
            { saveAs },
            errors ?? undefined,
            local.length ? chosen : undefined,
          );
        }
        const started = await ctx.graphql.execute<{ startImportUpload: StartedAnswer }>(req, ops.StartImportUpload, {
          input: {
            uploadId: id,
            mapping,
            source: saveAs || null,
            dryRun: carried.dryRun,
            mode: carried.mode,
            asOf: carried.asOf,
          },
        });
        if (started.errors?.length)
          return renderMapping(res, page, upload, carried, { saveAs }, refusal(started.errors, { source: 'saveAs' }));
        toJob(req, res, page, started.data!.startImportUpload);
      }),
    );

    router.get(
      `${base}/:jobId`,
      wrap(async (req, res) => {
        const id = String(req.params.jobId);
        if (!UUID.test(id)) throw new PageError(404);
        const data = await ctx.graphql.query<ImportJobAnswer>(req, ops.ImportJobPage, { id });
        if (!data.importJob || kindOf(data.importJob.kind).path !== page.path) throw new PageError(404);
        const start = startOf(req, id);
        res.render('pages/imports/job', {
          pageTitle: page.title,
          page,
          ...jobView(data.importJob),
          auto: req.query.auto === '1',
          start: start ? startView(start) : null,
        });
      }),
    );

    // "Import all" / "Import the valid rows" from a dry run's page: the file it checked, not uploaded again.
    router.post(
      `${base}/:jobId/import`,
      wrap(async (req, res) => {
        const id = String(req.params.jobId);
        if (!UUID.test(id)) throw new PageError(404);
        const mode =
          (req.body as Record<string, string> | undefined)?.mode === 'VALID_ROWS' ? 'VALID_ROWS' : 'ALL_OR_NOTHING';
        const started = await ctx.graphql.query<{ importCheckedFile: StartedAnswer }>(req, ops.ImportCheckedFile, {
          jobId: id,
          mode,
        });
        toJob(req, res, page, started.importCheckedFile);
      }),
    );

    router.post(
      `${base}/:jobId/cancel`,
      wrap(async (req, res) => {
        const id = String(req.params.jobId);
        if (!UUID.test(id)) throw new PageError(404);
        await ctx.graphql.query(req, ops.CancelImportJob, { id });
        const auto = (req.body as Record<string, string> | undefined)?.auto === '1';
        res.redirect(303, `/imports/${page.path}/${encodeURIComponent(id)}${auto ? '?auto=1' : ''}`);
      }),
    );
  }

  async function readUpload(req: Request, id: string, mapping: MappingInput | null, source: string | null) {
    const data = await ctx.graphql.query<ImportUploadAnswer>(req, ops.ImportUploadPage, { id, mapping, source });
    if (!data.importUpload) throw new PageError(404);
    return data.importUpload;
  }

  function renderMapping(
    res: Response,
    page: ImportKindPage,
    upload: NonNullable<ImportUploadAnswer['importUpload']>,
    carried: Carried,
    answers: { saveAs: string },
    errors?: FormErrors,
    chosen?: readonly string[],
  ) {
    res.status(errors ? 400 : 200).render('pages/imports/mapping', {
      pageTitle: `${page.title}: the columns`,
      page,
      upload,
      carried,
      answers,
      errors,
      ...mappingView(upload, page, chosen),
    });
  }
  return router;
}

const mappingUrl = (page: ImportKindPage, uploadId: string) =>
  `/imports/${page.path}/uploads/${encodeURIComponent(uploadId)}`;

function toJob(req: Request, res: Response, page: ImportKindPage, started: StartedAnswer) {
  rememberStart(req, started.job.id, {
    mapping: started.mapping.map((m) => ({
      ...m,
      label: page.fields.find((f) => f.field === m.field)?.header ?? m.field,
    })),
    unmappedHeaders: started.unmappedHeaders,
    preview: started.preview,
  });
  res.redirect(303, `/imports/${page.path}/${encodeURIComponent(started.job.id)}`);
}

const anchorsOf = (problems: { field: string }[]) => Object.fromEntries(problems.map((p) => [p.field, p.field]));

/** The API's problems with the mapping, each linked to the select (or translations) of its field. */
function apiProblems(upload: NonNullable<ImportUploadAnswer['importUpload']>): FormErrors {
  const anchors = Object.fromEntries(upload.problems.map((p) => [p.field, anchorFor(upload, p.field)]));
  return formErrorsFrom(
    [{ message: 'invalid', extensions: { code: 'VALIDATION_FAILED', fields: upload.problems } }],
    anchors,
  );
}

function mergeErrors(a: FormErrors | null, b: FormErrors | null): FormErrors | null {
  if (!a) return b;
  if (!b) return a;
  return { errorList: [...a.errorList, ...b.errorList], fields: { ...b.fields, ...a.fields } };
}

/** The API's refusal of the file (extensions.importError: empty, not UTF-8, a bad header, a mapping problem...). */
function refusal(errors: readonly GraphqlErrorShape[], anchors: Record<string, string> = {}): FormErrors {
  const codes = new Set(errors.map((e) => e.extensions?.code));
  if (codes.has('UNAUTHENTICATED')) throw new PageError(401);
  if (codes.has('FORBIDDEN')) throw new PageError(403);
  if (codes.has('NOT_FOUND')) throw new PageError(404);
  if (!codes.has('VALIDATION_FAILED') && !codes.has('BAD_USER_INPUT') && !codes.has('CONFLICT'))
    throw new Error(errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  // The file's refusals name the line in the message; the field list says only "file".
  const withMessage = errors.map((e) =>
    e.extensions?.importError
      ? { ...e, extensions: { ...e.extensions, fields: [{ field: 'file', message: e.message }] } }
      : e,
  );
  return formErrorsFrom(withMessage, { ...ANCHORS, ...anchors });
}
