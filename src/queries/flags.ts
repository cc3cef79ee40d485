import type { Actor } from '../auth/actor';
import type { Flag, Prisma, PrismaClient } from '../generated/prisma/client';
import { flagScope } from '../access/scope';
import { ruleCatalogue } from '../domain/flags/catalogue';
import { THRESHOLD_TABLE } from '../domain/flags/thresholds';
import { applicabilityOf } from '../domain/law/applicability';
import {
  commenced,
  PROVISION_TABLE,
  provisionDefinition,
  type Commencements,
  type Provision,
} from '../domain/law/commencement';
import { notFound } from '../errors';
import { audit } from '../record/audit';
import { loadCommencements, ruleConfigFor } from '../rules/ruleConfig';

export interface FlagFilter {
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

/** The thresholds in force for an LA (national values, its overrides) and the commencement switches, as rows. */
export async function thresholdRows(prisma: PrismaClient, laId: string, on: string) {
  const resolved = await ruleConfigFor(prisma, laId);
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
async function audited<T extends Flag | null | Flag[]>(
  prisma: PrismaClient,
  actor: Actor,
  operation: string,
  flags: T,
): Promise<T> {
  const rows = (Array.isArray(flags) ? flags : flags ? [flags] : []) as Flag[];
  const pupils = [...new Set(rows.flatMap((f) => (f.pupilId ? [f.pupilId] : [])))];
  await audit(prisma, actor, operation, 'FLAG', [...rows.map((f) => f.id), ...pupils]);
  return flags;
}

/** A flag the caller may see, unaudited: the answer to the caller's own acknowledge or dismiss. */
export async function flagById(prisma: PrismaClient, actor: Actor, id: string) {
  const f = await prisma.flag.findFirst({ where: { AND: [{ id }, flagScope(actor)] } });
  if (!f) throw notFound('flag');
  return f;
}

export async function readFlag(prisma: PrismaClient, actor: Actor, id: string) {
  return audited(
    prisma,
    actor,
    'flag.read',
    await prisma.flag.findFirst({ where: { AND: [{ id }, flagScope(actor)] } }),
  );
}

export async function listFlags(
  prisma: PrismaClient,
  actor: Actor,
  f: FlagFilter,
  first: number,
  after: string | null | undefined,
) {
  const where: Prisma.FlagWhereInput = {
    AND: [
      flagScope(actor),
      f.ruleId ? { ruleId: f.ruleId } : {},
      f.severity?.length ? { severity: { in: f.severity as never } } : {},
      f.status?.length ? { status: { in: f.status as never } } : {},
      f.providerId ? { providerId: f.providerId } : {},
      f.schoolId ? { schoolId: f.schoolId } : {},
      f.pupilId ? { pupilId: f.pupilId } : {},
    ],
  };
  const take = Math.min(Math.max(first, 1), 200);
  const [rows, totalCount] = await Promise.all([
    prisma.flag.findMany({
      where,
      orderBy: [{ firstSeenAt: 'desc' }, { id: 'asc' }],
      take: take + 1,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    }),
    prisma.flag.count({ where }),
  ]);
  const nodes = await audited(prisma, actor, 'flag.list', rows.slice(0, take));
  return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > take, endCursor: nodes.at(-1)?.id ?? null } };
}

/** The rule catalogue with each rule's periods of application and their commencement on `on`. */
export async function flagRules(prisma: PrismaClient, on: string) {
  const c = await loadCommencements(prisma);
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
}
