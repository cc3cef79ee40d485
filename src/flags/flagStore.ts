import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { FlagCandidate } from '../domain/flags/types';

/**
 * What one evaluation covered: the rules it ran, for the records it owns. A flag of those rules
 * owned by that record (its subject, or its pupil for pupil-scope rules, or its LA for fair share)
 * that the evaluation did not produce again has cleared.
 */
export interface EvaluatedScope {
  rules: string[];
  owner: 'subjectId' | 'pupilId' | 'laId';
  id: string;
}

/**
 * "The evidence got worse" means a materially worse band, not any change: the score at least
 * doubled (band = 1 + floor(log2 score); scores below 1 are band 0). Days overdue grow every day,
 * so comparing raw scores would undo a dismissal the next morning; doubling does not.
 */
const worseBand = (score: Prisma.Sql) =>
  Prisma.sql`(CASE WHEN COALESCE(${score}, 'Infinity') = 'Infinity' THEN 1e9 WHEN ${score} < 1 THEN 0 ELSE 1 + floor(log(2, ${score}::numeric)) END)`;

export const evidenceBand = (score: number): number => (score < 1 ? 0 : 1 + Math.floor(Math.log2(score)));

export interface ReconcileResult {
  /** Flags that are newly open (inserted, or reopened from resolved/dismissed). */
  opened: { id: string; severity: string; laId: string; prev: string | null }[];
  refreshed: number;
  resolved: number;
}

/**
 * Makes the stored flags of the evaluated subjects match the rule engine's candidates:
 * - a candidate is upserted under its unique key (rule, subject, period), so re-evaluation never duplicates;
 * - a resolved flag whose condition is back reopens; a dismissed one stays dismissed unless its evidence got worse;
 * - an open or acknowledged flag of an evaluated subject that is no longer a candidate resolves itself.
 * Idempotent: running it twice, or two scans at once, leaves the same rows.
 */
export async function reconcileFlags(prisma: PrismaClient, scopes: EvaluatedScope[], candidates: FlagCandidate[]): Promise<ReconcileResult> {
  const opened: ReconcileResult['opened'] = [];
  let refreshed = 0;
  for (const c of candidates) {
    // The CTE reads the row as it was before this statement, so a (re)opening can be told from a refresh.
    const rows = await prisma.$queryRaw<{ id: string; severity: string; laId: string; status: string; prev: string | null }[]>`
      WITH prev AS (
        SELECT "status"::text AS status FROM "Flag"
         WHERE "ruleId" = ${c.ruleId} AND "subjectType" = ${c.subjectType}::"FlagSubject" AND "subjectId" = ${c.subjectId}::uuid AND "periodKey" = ${c.periodKey})
      INSERT INTO "Flag" ("ruleId", "outcome", "severity", "subjectType", "subjectId", "periodKey", "laId", "pupilId", "placementId",
                          "providerId", "schoolId", "title", "evidence", "evidenceScore", "configVersion")
      VALUES (${c.ruleId}, ${c.outcome}, ${c.severity}::"FlagSeverity", ${c.subjectType}::"FlagSubject", ${c.subjectId}::uuid, ${c.periodKey},
              ${c.laId}::uuid, ${c.pupilId ?? null}::uuid, ${c.placementId ?? null}::uuid, ${c.providerId ?? null}::uuid, ${c.schoolId ?? null}::uuid,
              ${c.title}, ${JSON.stringify(c.evidence)}::jsonb, ${c.evidenceScore}, ${c.configVersion})
      ON CONFLICT ("ruleId", "subjectType", "subjectId", "periodKey") DO UPDATE SET
        "outcome" = EXCLUDED."outcome",
        "severity" = EXCLUDED."severity",
        "title" = EXCLUDED."title",
        "evidence" = EXCLUDED."evidence",
        "evidenceScore" = EXCLUDED."evidenceScore",
        "configVersion" = EXCLUDED."configVersion",
        "lastSeenAt" = now(),
        "status" = CASE
          WHEN "Flag"."status" = 'RESOLVED' THEN 'OPEN'::"FlagStatus"
          WHEN "Flag"."status" = 'DISMISSED' AND ${worseBand(Prisma.sql`EXCLUDED."evidenceScore"`)} > ${worseBand(Prisma.sql`"Flag"."dismissedScore"`)} THEN 'OPEN'::"FlagStatus"
          ELSE "Flag"."status" END,
        "resolvedAt" = CASE WHEN "Flag"."status" = 'RESOLVED' THEN NULL ELSE "Flag"."resolvedAt" END,
        "dismissedAt" = CASE WHEN "Flag"."status" = 'DISMISSED' AND ${worseBand(Prisma.sql`EXCLUDED."evidenceScore"`)} > ${worseBand(Prisma.sql`"Flag"."dismissedScore"`)} THEN NULL ELSE "Flag"."dismissedAt" END
      RETURNING "id", "severity"::text AS "severity", "laId", "status"::text AS "status", (SELECT status FROM prev) AS "prev"`;
    const row = rows[0]!;
    const wasClosed = row.prev === null || row.prev === 'RESOLVED' || row.prev === 'DISMISSED';
    if (row.status === 'OPEN' && wasClosed) opened.push({ id: row.id, severity: row.severity, laId: row.laId, prev: row.prev });
    else refreshed += 1;
  }
  let resolved = 0;
  const keep = candidates.map((c) => `${c.ruleId}|${c.subjectType}|${c.subjectId}|${c.periodKey}`);
  for (const sc of scopes) {
    if (sc.rules.length === 0) continue;
    // The owner column is one of three fixed names, never caller text.
    const ownerMatch =
      sc.owner === 'pupilId' ? Prisma.sql`"pupilId" = ${sc.id}::uuid` : sc.owner === 'laId' ? Prisma.sql`"laId" = ${sc.id}::uuid` : Prisma.sql`"subjectId" = ${sc.id}::uuid`;
    resolved += await prisma.$executeRaw`
      UPDATE "Flag" SET "status" = 'RESOLVED', "resolvedAt" = now()
       WHERE ${ownerMatch} AND "ruleId" = ANY(${sc.rules}::text[]) AND "status" IN ('OPEN', 'ACKNOWLEDGED')
         AND NOT (("ruleId" || '|' || "subjectType"::text || '|' || "subjectId"::text || '|' || "periodKey") = ANY(${keep}::text[]))`;
  }
  return { opened, refreshed, resolved };
}

