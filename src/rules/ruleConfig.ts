/**
 * The rule configuration in force for an LA: the threshold table, the LA's overrides, and this
 * installation's commencement switches. Every reader of thresholds (workers, use cases, queries,
 * reports) loads it here, so none can miss an override or a commencement.
 */
import { Prisma } from '../generated/prisma/client';
import { resolveThresholds, type ResolvedThresholds } from '../domain/flags/thresholds';
import { isProvision, type Commencements, type Provision } from '../domain/law/commencement';

type Db = Pick<Prisma.TransactionClient, 'laRuleOverride' | 'provisionCommencement'>;

const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function loadCommencements(
  db: Pick<Prisma.TransactionClient, 'provisionCommencement'>,
): Promise<Commencements> {
  const rows = await db.provisionCommencement.findMany();
  const out: Partial<Record<Provision, string>> = {};
  for (const r of rows) if (isProvision(r.provision)) out[r.provision] = iso(r.commencesOn);
  return out;
}

export async function ruleConfigFor(db: Db, laId: string): Promise<ResolvedThresholds> {
  const [overrides, commencements] = await Promise.all([
    db.laRuleOverride.findMany({ where: { laId } }),
    loadCommencements(db),
  ]);
  return resolveThresholds(overrides, commencements);
}

export async function ruleConfigsFor(db: Db, laIds: string[]): Promise<Map<string, ResolvedThresholds>> {
  const [rows, commencements] = await Promise.all([
    db.laRuleOverride.findMany({ where: { laId: { in: laIds } } }),
    loadCommencements(db),
  ]);
  return new Map(
    laIds.map((la) => [
      la,
      resolveThresholds(
        rows.filter((r) => r.laId === la),
        commencements,
      ),
    ]),
  );
}

/**
 * The same configuration read inside another statement (issue 18: commissioning reads its facts in one round
 * trip): two JSON fields for a `json_build_object`, and `ruleConfigFromJson` to resolve them exactly as
 * `ruleConfigFor` does, so no reader can miss an override or a commencement and nothing is cached.
 */
export const ruleConfigJsonFields = (laId: string): Prisma.Sql => Prisma.sql`
  'ruleOverrides', (SELECT coalesce(json_agg(json_build_object('key', o.key, 'value', o.value)), '[]'::json)
    FROM "LaRuleOverride" o WHERE o."laId" = ${laId}::uuid),
  'ruleCommencements', (SELECT coalesce(json_agg(json_build_object('provision', c.provision, 'commencesOn', c."commencesOn")), '[]'::json)
    FROM "ProvisionCommencement" c)`;

export interface RuleConfigJson {
  ruleOverrides: { key: string; value: number }[];
  ruleCommencements: { provision: string; commencesOn: string }[];
}

export function ruleConfigFromJson(j: RuleConfigJson): ResolvedThresholds {
  const out: Partial<Record<Provision, string>> = {};
  // A date column becomes 'YYYY-MM-DD' in JSON: the same text `iso` makes of the Date Prisma reads.
  for (const r of j.ruleCommencements) if (isProvision(r.provision)) out[r.provision] = r.commencesOn.slice(0, 10);
  return resolveThresholds(j.ruleOverrides, out);
}
