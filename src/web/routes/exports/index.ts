import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Role } from '../../../generated/prisma/enums';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { canExportChildrenNotInSchool } from '../../capabilities';
import { formErrorsFrom, localErrors, type FormErrors } from '../../forms/formErrors';
import { dateField, dateParts, datesFromBody, type Body } from '../../forms/formValues';

const ops = loadOperations(import.meta.url, 'exports.graphql', ['ExportsPage', 'ChildrenNotInSchoolDownload']);

interface PageAnswer {
  me: { role: string };
  thresholds: {
    key: string;
    commencement: { provision: string; commenced: boolean; commencesOn: string | null } | null;
  }[];
}

interface CnisAnswer {
  childrenNotInSchoolCsv: { registerDate: string; fieldListVersion: string; rowCount: number; csv: string };
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);

const ANCHORS = { registerDate: 'registerDate-day' };

/**
 * /exports: data the LA owes out. The Children Not in School register (CWSA 2026 s38) for a date, as the CSV
 * `childrenNotInSchoolCsv` answers (so scope, the commencement switch and the audit row are the API's); a GET
 * form, since downloading changes nothing.
 */
export function exportRoutes(ctx: WebContext): Router {
  const router = Router();

  async function render(req: Request, res: Response, form: { errors?: FormErrors | null; dates?: object } = {}) {
    const data = await ctx.graphql.query<PageAnswer>(req, ops.ExportsPage);
    if (!canExportChildrenNotInSchool(data.me.role as Role)) throw new PageError(403);
    const s38 = data.thresholds.find((t) => t.commencement?.provision === 'CWSA_S38')?.commencement ?? null;
    res.status(form.errors ? 400 : 200).render('pages/exports/index', {
      pageTitle: 'Exports',
      errors: form.errors ?? undefined,
      dates: form.dates ?? { registerDate: dateParts(ctx.today()) },
      s38CommencesOn: s38?.commencesOn ?? null,
    });
  }

  router.get(
    '/',
    wrap((req, res) => render(req, res)),
  );

  router.get(
    '/children-not-in-school',
    wrap(async (req, res) => {
      const body = req.query as Body;
      const problems: { field: string; message: string }[] = [];
      const registerDate = dateField(body, 'registerDate', problems, 'The register date');
      if (!registerDate && !problems.length)
        problems.push({ field: 'registerDate', message: 'Enter the date the register is for.' });
      const dates = datesFromBody(body, ['registerDate']);
      if (problems.length) return render(req, res, { errors: localErrors(problems, ANCHORS), dates });
      const answer = await ctx.graphql.execute<CnisAnswer>(req, ops.ChildrenNotInSchoolDownload, { registerDate });
      if (answer.errors?.length) {
        const codes = new Set(answer.errors.map((e) => e.extensions?.code));
        if (codes.has('UNAUTHENTICATED')) throw new PageError(401);
        if (codes.has('FORBIDDEN')) throw new PageError(403);
        if (!codes.has('VALIDATION_FAILED') && !codes.has('BAD_USER_INPUT'))
          throw new Error(answer.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
        return render(req, res, { errors: formErrorsFrom(answer.errors, ANCHORS), dates });
      }
      const out = answer.data!.childrenNotInSchoolCsv;
      res
        .type('text/csv; charset=utf-8')
        .attachment(`children-not-in-school-${out.registerDate}-${out.fieldListVersion}.csv`)
        .send(out.csv);
    }),
  );
  return router;
}
