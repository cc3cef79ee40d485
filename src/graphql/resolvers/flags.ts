import type { Context } from '../context';
import type { Pupil } from '../../generated/prisma/client';
import type { Prisma } from '../../generated/prisma/client';
import { flagScope } from '../../access/scope';
import { notFound } from '../../errors';
import { audit } from '../../record/audit';
import type { Flag } from '../../generated/prisma/client';
import { ruleCatalogue } from '../../domain/flags/catalogue';
import { THRESHOLD_TABLE } from '../../domain/flags/thresholds';
import { applicabilityOf } from '../../domain/law/applicability';
import {
  commenced,
  PROVISION_TABLE,
  provisionDefinition,
  type Commencements,
  type Provision,
} from '../../domain/law/commencement';
import { loadCommencements, ruleConfigFor } from '../../rules/ruleConfig';
import { acknowledgeFlag, configureWebhook, dismissFlag, setThresholdOverride } from '../../usecases/flags/flagActions';
import { actorOf } from './guard';
import { pageCursor } from './ranges';

interface FlagFilter {
  ruleId?: string;
  severity?: string[];
  status?: string[];
  providerId?: string;
  schoolId?: string;
  pupilId?: string;
}

function commencementRow(c: Commencements, p: Provision, on: string) {
  const d = provisionDefinition(p);
  return {
    provision: p,
    label: d.label,
    commenced: commenced(c, p, on),
    commencesOn: c[p] ?? null,
    effect: d.effect,
    source: `${d.source.citation} ${d.source.url}`,
  };
}

async function thresholdRows(ctx: Context, laId: string) {
  const resolved = await ruleConfigFor(ctx.prisma, laId);
  const on = ctx.clock.today();
  const rows = THRESHOLD_TABLE.map((d) => ({
    key: d.key,
    label: d.label,
    value: resolved.values[d.key],
    nationalValue: d.value,
    unit: d.unit,
    status: d.status,
    source: `${d.source.citation} ${d.source.url}`.trim(),
    overridden: resolved.values[d.key] !== d.value,
    effectiveFrom: d.effectiveFrom,
    effectiveTo: d.effectiveTo,
    commencement: null as ReturnType<typeof commencementRow> | null,
  }));
  const switches = PROVISION_TABLE.map((p) => {
    const c = commencementRow(resolved.commencements, p.provision, on);
    return {
      key: p.provision,
      label: p.label,
      value: c.commenced ? 1 : 0,
      nationalValue: 0,
      unit: 'commencement',
      status: 'LAW',
      source: c.source,
      overridden: false,
      effectiveFrom: c.commencesOn,
      effectiveTo: null,
      commencement: c,
    };
  });
  return [...rows, ...switches];
}

/** Flags name pupils and organisations: every read is audited with the flags and the pupils they are about. */
async function audited<T extends Flag | null | Flag[]>(ctx: Context, operation: string, flags: T): Promise<T> {
  const rows = (Array.isArray(flags) ? flags : flags ? [flags] : []) as Flag[];
  const pupils = [...new Set(rows.flatMap((f) => (f.pupilId ? [f.pupilId] : [])))];
  await audit(ctx.prisma, actorOf(ctx), operation, 'FLAG', [...rows.map((f) => f.id), ...pupils]);
  return flags;
}

async function flagById(ctx: Context, id: string) {
  const f = await ctx.prisma.flag.findFirst({ where: { AND: [{ id }, flagScope(actorOf(ctx))] } });
  if (!f) throw notFound('flag');
  return f;
}

export const flagResolvers = {
  Query: {
    flags: async (_: unknown, args: { filter?: FlagFilter; first: number; after?: string }, ctx: Context) => {
      const f = args.filter ?? {};
      const where: Prisma.FlagWhereInput = {
        AND: [
          flagScope(actorOf(ctx)),
          f.ruleId ? { ruleId: f.ruleId } : {},
          f.severity?.length ? { severity: { in: f.severity as never } } : {},
          f.status?.length ? { status: { in: f.status as never } } : {},
          f.providerId ? { providerId: f.providerId } : {},
          f.schoolId ? { schoolId: f.schoolId } : {},
          f.pupilId ? { pupilId: f.pupilId } : {},
        ],
      };
      const take = Math.min(Math.max(args.first, 1), 200);
      const [rows, totalCount] = await Promise.all([
        ctx.prisma.flag.findMany({
          where,
          orderBy: [{ firstSeenAt: 'desc' }, { id: 'asc' }],
          take: take + 1,
          ...(args.after ? { cursor: { id: pageCursor(args.after)! }, skip: 1 } : {}),
        }),
        ctx.prisma.flag.count({ where }),
      ]);
      const nodes = await audited(ctx, 'flag.list', rows.slice(0, take));
      return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.at(-1)?.id ?? null } };
    },
    flag: async (_: unknown, { id }: { id: string }, ctx: Context) =>
      audited(ctx, 'flag.read', await ctx.prisma.flag.findFirst({ where: { AND: [{ id }, flagScope(actorOf(ctx))] } })),
    flagRules: async (_: unknown, __: unknown, ctx: Context) => {
      actorOf(ctx);
      const c = await loadCommencements(ctx.prisma);
      const on = ctx.clock.today();
      return ruleCatalogue.map((r) => {
        const periods = applicabilityOf(r.ruleId).map((p) => ({
          ...p,
          schoolTypes: p.schoolTypes ? [...p.schoolTypes] : null,
          source: `${p.source.citation} ${p.source.url}`,
          commencement: p.commencement ? commencementRow(c, p.commencement, on) : null,
        }));
        // A rule waiting only on a provision is a proposal until the installation commences it.
        const waiting = periods.length > 0 && periods.every((p) => p.commencement && !p.commencement.commenced);
        return {
          ...r,
          thresholds: [...r.thresholds],
          applicability: periods,
          proposal: r.proposal && (waiting || periods.length === 0),
        };
      });
    },
    thresholds: (_: unknown, __: unknown, ctx: Context) => thresholdRows(ctx, actorOf(ctx).laId),
  },
  Mutation: {
    acknowledgeFlag: async (_: unknown, a: { flagId: string; clientKey?: string }, ctx: Context) =>
      flagById(ctx, (await acknowledgeFlag(ctx, actorOf(ctx), { flagId: a.flagId }, a.clientKey)).id),
    dismissFlag: async (_: unknown, a: { flagId: string; reason: string; clientKey?: string }, ctx: Context) =>
      flagById(ctx, (await dismissFlag(ctx, actorOf(ctx), { flagId: a.flagId, reason: a.reason }, a.clientKey)).id),
    configureWebhook: (_: unknown, a: { url: string; secret: string }, ctx: Context) =>
      configureWebhook(ctx, actorOf(ctx), a),
    setThresholdOverride: async (_: unknown, a: { key: string; value: number; reason: string }, ctx: Context) => {
      const actor = actorOf(ctx);
      const r = await setThresholdOverride(ctx, actor, a);
      return (await thresholdRows(ctx, actor.laId)).find((t) => t.key === r.key);
    },
  },
  Pupil: {
    flags: async (p: Pupil, { status }: { status?: string[] }, ctx: Context) =>
      audited(
        ctx,
        'flag.list',
        await ctx.prisma.flag.findMany({
          where: {
            AND: [
              flagScope(actorOf(ctx)),
              { pupilId: p.id },
              status?.length ? { status: { in: status as never } } : {},
            ],
          },
          orderBy: { firstSeenAt: 'asc' },
        }),
      ),
  },
};
