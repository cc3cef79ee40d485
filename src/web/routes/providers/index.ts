import { Router, type NextFunction, type Request, type Response } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { PageError } from '../../pageError';
import { academicYearOf } from '../../../domain/academicYear';
import { academicYearOptions } from '../reports/filters';
import { scorecardTables, type ScorecardRow } from '../reports/views/providerScorecard';
import { dateTime } from '../reports';
import { checks, kindLabel, registerTable, registrationTest, type OpenFlagRef, type ProviderDetails } from './register';

const ops = loadOperations(import.meta.url, './providers.graphql', [
  'ProvidersRegister',
  'RegistrationFlags',
  'ProvidersRegisterFigures',
  'ProviderPage',
] as const);

const REGISTRATION_RULES = ['U1', 'U2', 'U2b'];
const MAX_PAGES = 20;

/** Open registration-test flags the caller may see, every page of each rule. */
async function registrationFlags(ctx: WebContext, req: Request): Promise<OpenFlagRef[]> {
  const out: OpenFlagRef[] = [];
  for (const ruleId of REGISTRATION_RULES) {
    let after: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page: { flags: { nodes: OpenFlagRef[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        await ctx.graphql.query(req, ops.RegistrationFlags, { ruleId, ...(after ? { after } : {}) });
      out.push(...page.flags.nodes);
      if (!page.flags.pageInfo.hasNextPage || !page.flags.pageInfo.endCursor) break;
      after = page.flags.pageInfo.endCursor;
    }
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const wrap =
  (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) =>
    fn(req, res).catch(next);

type Fig = { value: number | null; suppressed: boolean };
interface RegisterAnswer {
  me: { provider: { id: string } | null };
  providers: ProviderDetails[];
}
interface FiguresAnswer {
  apPopulation: { meta: { suppressed: boolean }; byProvider: { providerId: string; pupils: Fig }[] };
  providerScorecard: { providers: { providerId: string; openFlagsTotal: Fig }[] };
}
interface ProviderAnswer {
  provider: ProviderDetails | null;
  providerScorecard: {
    meta: {
      period: { from: string; to: string; label: string };
      suppressed: boolean;
      suppressionThreshold: number;
      source: 'LIVE' | 'ROLLUP';
      rollupRefreshedAt: string | null;
      generatedAt: string;
    };
    providers: ScorecardRow[];
  } | null;
  u1: { nodes: OpenFlagRef[] } | null;
  u2: { nodes: OpenFlagRef[] } | null;
  u2b: { nodes: OpenFlagRef[] } | null;
}

/**
 * /providers: the register, and /providers/:id with the provider's scorecard. A provider whose scorecard
 * the caller may not see is outside their scope: its page is a 404, exactly like a provider that does not exist.
 */
export function providerRoutes(ctx: WebContext): Router {
  const router = Router();

  router.get(
    '/',
    wrap(async (req, res) => {
      const today = ctx.today();
      const data = await ctx.graphql.query<RegisterAnswer>(req, ops.ProvidersRegister);
      const figures = await ctx.graphql.execute<FiguresAnswer>(req, ops.ProvidersRegisterFigures, {
        on: today,
        period: { academicYear: academicYearOf(today) },
      });
      const codes = new Set(figures.errors?.map((e) => e.extensions?.code));
      if (figures.errors?.length && !codes.has('FORBIDDEN'))
        throw new Error(figures.errors.map((e) => e.message).join('; '));
      // LA-wide figures answered: the caller sees every provider's page; otherwise only their own provider's.
      const laWide = !figures.errors?.length && figures.data ? figures.data : null;
      const own = data.me.provider?.id;
      const flags = await registrationFlags(ctx, req);
      res.render('pages/providers/register', {
        pageTitle: 'Providers',
        today,
        suppressed: laWide?.apPopulation.meta.suppressed ?? false,
        register: registerTable(
          data.providers,
          flags,
          laWide
            ? {
                pupils: new Map(laWide.apPopulation.byProvider.map((r) => [r.providerId, r.pupils])),
                openFlags: new Map(laWide.providerScorecard.providers.map((r) => [r.providerId, r.openFlagsTotal])),
              }
            : null,
          (id) => Boolean(laWide) || id === own,
        ),
      });
    }),
  );

  router.get(
    '/:id',
    wrap(async (req, res) => {
      const id = String(req.params.id);
      if (!UUID.test(id)) throw new PageError(404);
      const today = ctx.today();
      const years = academicYearOptions(today);
      const year =
        typeof req.query.academicYear === 'string' && years.includes(req.query.academicYear)
          ? req.query.academicYear
          : academicYearOf(today);
      const answer = await ctx.graphql.execute<ProviderAnswer>(req, ops.ProviderPage, {
        id,
        period: { academicYear: year },
      });
      const codes = new Set(answer.errors?.map((e) => e.extensions?.code));
      if (codes.has('UNAUTHENTICATED')) throw new PageError(401);
      // Not allowed to see this provider's scorecard = outside the caller's scope: answered as not found.
      if (codes.has('FORBIDDEN') || codes.has('NOT_FOUND')) throw new PageError(404);
      if (answer.errors?.length)
        throw new Error(answer.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
      const data = answer.data!;
      const p = data.provider;
      const row = data.providerScorecard?.providers.find((r) => r.providerId === id);
      if (!p || !data.providerScorecard) throw new PageError(404);
      const flags = [...(data.u1?.nodes ?? []), ...(data.u2?.nodes ?? []), ...(data.u2b?.nodes ?? [])];
      const reg = registrationTest(p, flags);
      const c = checks(p);
      const meta = data.providerScorecard.meta;
      res.render('pages/providers/provider', {
        pageTitle: p.name,
        provider: p,
        details: [
          { key: { text: 'Kind' }, value: { text: kindLabel(p.kind) } },
          { key: { text: 'URN' }, value: { text: p.urn ?? 'None' } },
          { key: { text: 'UKPRN' }, value: { text: p.ukprn ?? 'None' } },
          {
            key: { text: 'Registration test' },
            value: { html: `<strong class="govuk-tag ${reg.tag}">${reg.text.replace(/</g, '&lt;')}</strong>` },
          },
          ...(p.settingType ? [{ key: { text: 'AP census setting type' }, value: { text: p.settingType } }] : []),
          { key: { text: 'Safeguarding check' }, value: { text: c.safeguarding } },
          { key: { text: 'Quality assurance' }, value: { text: c.qa } },
          { key: { text: 'Risk assessment' }, value: { text: c.risk } },
          { key: { text: 'On the LA’s approved list' }, value: { text: p.onApprovedList ? 'Yes' : 'No' } },
        ],
        registrationFlags: flags,
        years: years.map((y) => ({ value: y, text: y, selected: y === year })),
        meta,
        sourceAt: dateTime(
          meta.source === 'ROLLUP' && meta.rollupRefreshedAt ? meta.rollupRefreshedAt : meta.generatedAt,
        ),
        sections: row ? scorecardTables([row]) : [],
        flagsHref: `/flags?providerId=${id}`,
      });
    }),
  );
  return router;
}
