import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Role } from '../../../generated/prisma/enums';
import type { WebContext } from '../../webContext';
import { loadOperations, type GraphqlErrorShape } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { canImportPlacements } from '../../capabilities';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { placementField, placementTemplateCsv } from '../../../domain/import/placementColumns';
import { jobView, startView, type ImportJobAnswer } from './jobView';
import { rememberStart, startOf } from './startMemory';

const ops = loadOperations(import.meta.url, 'imports.graphql', [
  'ImportsPage',
  'ImportPlacementsFile',
  'ImportJobPage',
  'CancelImportJob',
]);

interface StartedAnswer {
  importPlacements: {
    job: { id: string };
    mapping: { field: string; header: string }[];
    unmappedHeaders: string[];
    preview: Record<string, string>[];
  };
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);

/** Where each answer's error summary line leads. */
const ANCHORS = { file: 'file', fileName: 'file', csv: 'file', source: 'source', mode: 'mode' };

export interface UploadAnswers {
  source?: string;
  purpose?: string;
  mode?: string;
}

const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/**
 * /imports/placements: an LA officer uploads a placement file (multipart, read by middleware/setUpUpload.ts
 * up to IMPORT_MAX_BYTES), which `importPlacements` checks as a whole and queues; the job page follows it
 * through `importJob`, and while it runs updates itself every 5 seconds when the user asks (`?auto=1`). Every rule and every refusal is the API's: the page
 * only tells apart what it alone can see (no file, a file past the size limit, a file that is not UTF-8).
 */
export function importRoutes(ctx: WebContext, maxBytes: number): Router {
  const router = Router();

  async function mayImport(req: Request) {
    const data = await ctx.graphql.query<{ me: { role: string } }>(req, ops.ImportsPage);
    if (!canImportPlacements(data.me.role as Role)) throw new PageError(403);
  }

  function renderForm(res: Response, answers: UploadAnswers, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('pages/imports/upload', {
      pageTitle: 'Import placements',
      errors,
      answers,
      maxSize: megabytes(maxBytes),
    });
  }

  router.get(
    '/placements',
    wrap(async (req, res) => {
      await mayImport(req);
      renderForm(res, { purpose: 'dryRun', mode: 'ALL_OR_NOTHING' });
    }),
  );

  router.get('/placements/template.csv', (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('placements-template.csv').send(placementTemplateCsv());
  });

  router.post(
    '/placements',
    wrap(async (req, res) => {
      await mayImport(req);
      const body = (req.body ?? {}) as Record<string, string>;
      const answers: UploadAnswers = { source: body.source?.trim(), purpose: body.purpose, mode: body.mode };
      const problems: { field: string; message: string }[] = [];
      const file = req.upload;
      if (!file) problems.push({ field: 'file', message: 'Select a CSV file of placements.' });
      else if (file.tooLarge)
        problems.push({ field: 'file', message: `The selected file must be smaller than ${megabytes(maxBytes)}.` });
      else if (file.bytes.length === 0) problems.push({ field: 'file', message: 'The selected file is empty.' });
      if (answers.purpose !== 'dryRun' && answers.purpose !== 'import')
        problems.push({ field: 'purpose', message: 'Select whether to check the file only or to import it.' });
      if (answers.mode !== 'ALL_OR_NOTHING' && answers.mode !== 'VALID_ROWS')
        problems.push({ field: 'mode', message: 'Select what to do when some rows are refused.' });
      const csv = file && !problems.some((p) => p.field === 'file') ? utf8(file.bytes) : null;
      if (file && csv === null && !problems.some((p) => p.field === 'file'))
        problems.push({
          field: 'file',
          message: 'The selected file must be saved as CSV UTF-8 (in Excel: Save as, then “CSV UTF-8”).',
        });
      if (problems.length)
        return renderForm(
          res,
          answers,
          localErrors(problems, { ...ANCHORS, purpose: 'purpose', mode: 'mode' }) ?? undefined,
        );

      const answer = await ctx.graphql.execute<StartedAnswer>(req, ops.ImportPlacementsFile, {
        input: {
          fileName: file!.fileName || 'upload.csv',
          csv,
          dryRun: answers.purpose === 'dryRun',
          mode: answers.mode,
          source: answers.source || null,
        },
      });
      if (answer.errors?.length) return renderForm(res, answers, refusal(answer.errors));
      const started = answer.data!.importPlacements;
      rememberStart(req, started.job.id, {
        mapping: started.mapping.map((m) => ({ ...m, label: placementField(m.field)?.label ?? m.field })),
        unmappedHeaders: started.unmappedHeaders,
        preview: started.preview,
      });
      res.redirect(303, `/imports/placements/${encodeURIComponent(started.job.id)}`);
    }),
  );

  router.get(
    '/placements/:jobId',
    wrap(async (req, res) => {
      const id = String(req.params.jobId);
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new PageError(404);
      const data = await ctx.graphql.query<ImportJobAnswer>(req, ops.ImportJobPage, { id });
      if (!data.importJob) throw new PageError(404);
      const start = startOf(req, id);
      res.render('pages/imports/job', {
        pageTitle: 'Placement import',
        ...jobView(data.importJob),
        auto: req.query.auto === '1',
        start: start ? startView(start) : null,
      });
    }),
  );

  router.post(
    '/placements/:jobId/cancel',
    wrap(async (req, res) => {
      const id = String(req.params.jobId);
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new PageError(404);
      await ctx.graphql.query(req, ops.CancelImportJob, { id });
      const auto = (req.body as Record<string, string> | undefined)?.auto === '1';
      res.redirect(303, `/imports/placements/${encodeURIComponent(id)}${auto ? '?auto=1' : ''}`);
    }),
  );
  return router;
}

/** The file's text when it is UTF-8 (a byte-order mark dropped), else null. */
function utf8(bytes: Buffer): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return null;
  }
}

/** The API's refusal of the file (extensions.importError: empty, a bad header, a mapping problem...). */
function refusal(errors: readonly GraphqlErrorShape[]): FormErrors {
  const codes = new Set(errors.map((e) => e.extensions?.code));
  if (codes.has('UNAUTHENTICATED')) throw new PageError(401);
  if (codes.has('FORBIDDEN')) throw new PageError(403);
  if (!codes.has('VALIDATION_FAILED') && !codes.has('BAD_USER_INPUT'))
    throw new Error(errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  // The file's refusals name the line in the message; the field list says only "file".
  const withMessage = errors.map((e) =>
    e.extensions?.importError
      ? { ...e, extensions: { ...e.extensions, fields: [{ field: 'file', message: e.message }] } }
      : e,
  );
  return formErrorsFrom(withMessage, ANCHORS);
}
