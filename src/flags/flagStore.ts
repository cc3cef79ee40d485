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
  /**
   * Flags of this evaluation whose opening has not been notified yet: those it opened, plus any an earlier
   * attempt opened but died before queueing their notification ("opening" = 'new' or the status reopened from).
   */
  notices: { id: string; severity: string; opening: string }[];
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
export async function reconcileFlags(
  prisma: PrismaClient,
  scopes: EvaluatedScope[],
  candidates: FlagCandidate[],
): Promise<ReconcileResult> {
  const opened: ReconcileResult['opened'] = [];
  const notices: ReconcileResult['notices'] = [];
  let refreshed = 0;
  // One statement per batch: a nightly page of hundreds of records is one round trip, not hundreds.
  const unique = [
    ...new Map(candidates.map((c) => [`${c.ruleId}|${c.subjectType}|${c.subjectId}|${c.periodKey}`, c])).values(),
  ];
  for (let i = 0; i < unique.length; i += 1000) {
    const batch = unique.slice(i, i + 1000);
    const col = <T>(f: (c: FlagCandidate) => T) => batch.map(f);
    // The CTE reads rows as they were before this statement, so a (re)opening can be told from a refresh.
    const rows = await prisma.$queryRaw<
      {
        id: string;
        severity: string;
        laId: string;
        status: string;
        prev: string | null;
        pendingNotice: string | null;
      }[]
    >`
      WITH input AS (
        SELECT * FROM unnest(
          ${col((c) => c.ruleId)}::text[], ${col((c) => c.outcome)}::text[], ${col((c) => c.severity)}::text[], ${col((c) => c.subjectType)}::text[],
          ${col((c) => c.subjectId)}::uuid[], ${col((c) => c.periodKey)}::text[], ${col((c) => c.laId)}::uuid[], ${col((c) => c.pupilId ?? null)}::uuid[],
          ${col((c) => c.placementId ?? null)}::uuid[], ${col((c) => c.providerId ?? null)}::uuid[], ${col((c) => c.schoolId ?? null)}::uuid[],
          ${col((c) => c.title)}::text[], ${col((c) => JSON.stringify(c.evidence))}::jsonb[], ${col((c) => c.evidenceScore)}::float8[], ${col((c) => c.configVersion)}::text[]
        ) AS t("ruleId", "outcome", "severity", "subjectType", "subjectId", "periodKey", "laId", "pupilId", "placementId", "providerId", "schoolId", "title", "evidence", "evidenceScore", "configVersion")
      ),
      -- Compared as the enum, so each candidate is one probe of the unique index (compared as text, this
      -- hashed the whole Flag table on every batch: the nightly scan slowed as flags accumulated).
      prev AS (
        SELECT f."ruleId", f."subjectType", f."subjectId", f."periodKey", f."status"::text AS status
          FROM "Flag" f JOIN input i ON f."ruleId" = i."ruleId" AND f."subjectType" = i."subjectType"::"FlagSubject" AND f."subjectId" = i."subjectId" AND f."periodKey" = i."periodKey"
      ),
      up AS (
      INSERT INTO "Flag" ("ruleId", "outcome", "severity", "subjectType", "subjectId", "periodKey", "laId", "pupilId", "placementId",
                          "providerId", "schoolId", "title", "evidence", "evidenceScore", "configVersion", "pendingNotice")
      SELECT "ruleId", "outcome", "severity"::"FlagSeverity", "subjectType"::"FlagSubject", "subjectId", "periodKey", "laId", "pupilId", "placementId",
             "providerId", "schoolId", "title", "evidence", "evidenceScore", "configVersion", 'new' FROM input
      ON CONFLICT ("ruleId", "subjectType", "subjectId", "periodKey") DO UPDATE SET
        "outcome" = EXCLUDED."outcome",
        "severity" = EXCLUDED."severity",
        "title" = EXCLUDED."title",
        "evidence" = EXCLUDED."evidence",
        "evidenceScore" = EXCLUDED."evidenceScore",
        "configVersion" = EXCLUDED."configVersion",
        "pupilId" = COALESCE(EXCLUDED."pupilId", "Flag"."pupilId"),
        "placementId" = COALESCE(EXCLUDED."placementId", "Flag"."placementId"),
        "providerId" = COALESCE(EXCLUDED."providerId", "Flag"."providerId"),
        "schoolId" = COALESCE(EXCLUDED."schoolId", "Flag"."schoolId"),
        "lastSeenAt" = now(),
        "status" = CASE
          WHEN "Flag"."status" = 'RESOLVED' THEN 'OPEN'::"FlagStatus"
          WHEN "Flag"."status" = 'DISMISSED' AND ${worseBand(Prisma.sql`EXCLUDED."evidenceScore"`)} > ${worseBand(Prisma.sql`"Flag"."dismissedScore"`)} THEN 'OPEN'::"FlagStatus"
          ELSE "Flag"."status" END,
        "pendingNotice" = CASE
          WHEN "Flag"."status" = 'RESOLVED' THEN 'RESOLVED'
          WHEN "Flag"."status" = 'DISMISSED' AND ${worseBand(Prisma.sql`EXCLUDED."evidenceScore"`)} > ${worseBand(Prisma.sql`"Flag"."dismissedScore"`)} THEN 'DISMISSED'
          ELSE "Flag"."pendingNotice" END,
        "resolvedAt" = CASE WHEN "Flag"."status" = 'RESOLVED' THEN NULL ELSE "Flag"."resolvedAt" END,
        "dismissedAt" = CASE WHEN "Flag"."status" = 'DISMISSED' AND ${worseBand(Prisma.sql`EXCLUDED."evidenceScore"`)} > ${worseBand(Prisma.sql`"Flag"."dismissedScore"`)} THEN NULL ELSE "Flag"."dismissedAt" END
      RETURNING "id", "severity"::text AS "severity", "laId", "status"::text AS "status", "ruleId", "subjectType", "subjectId", "periodKey", "pendingNotice"
      )
      SELECT up."id", up."severity", up."laId", up."status", p.status AS "prev", up."pendingNotice"
        FROM up LEFT JOIN prev p USING ("ruleId", "subjectType", "subjectId", "periodKey")`;
    for (const row of rows) {
      if (row.status === 'OPEN' && row.pendingNotice)
        notices.push({ id: row.id, severity: row.severity, opening: row.pendingNotice });
      const wasClosed = row.prev === null || row.prev === 'RESOLVED' || row.prev === 'DISMISSED';
      if (row.status === 'OPEN' && wasClosed)
        opened.push({ id: row.id, severity: row.severity, laId: row.laId, prev: row.prev });
      else refreshed += 1;
    }
  }
  let resolved = 0;
  const keep = candidates.map((c) => `${c.ruleId}|${c.subjectType}|${c.subjectId}|${c.periodKey}`);
  // One statement per kind of scope (a page's scopes share their rules and owner column), not per record.
  const groups = new Map<string, { owner: EvaluatedScope['owner']; rules: string[]; ids: string[] }>();
  for (const sc of scopes) {
    if (sc.rules.length === 0) continue;
    const key = `${sc.owner}|${sc.rules.join(',')}`;
    const g = groups.get(key) ?? { owner: sc.owner, rules: sc.rules, ids: [] };
    g.ids.push(sc.id);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    // The owner column is one of three fixed names, never caller text.
    const ownerMatch =
      g.owner === 'pupilId'
        ? Prisma.sql`"pupilId" = ANY(${g.ids}::uuid[])`
        : g.owner === 'laId'
          ? Prisma.sql`"laId" = ANY(${g.ids}::uuid[])`
          : Prisma.sql`"subjectId" = ANY(${g.ids}::uuid[])`;
    resolved += await prisma.$executeRaw`
      UPDATE "Flag" SET "status" = 'RESOLVED', "resolvedAt" = now()
       WHERE ${ownerMatch} AND "ruleId" = ANY(${g.rules}::text[]) AND "status" IN ('OPEN', 'ACKNOWLEDGED')
         AND ("ruleId" || '|' || "subjectType"::text || '|' || "subjectId"::text || '|' || "periodKey") NOT IN (SELECT unnest(${keep}::text[]))`;
  }
  return { opened, notices, refreshed, resolved };
}

/** The notifications of these openings are queued (or not needed): they are no longer pending. */
export async function noticesQueued(prisma: PrismaClient, notices: ReconcileResult['notices']): Promise<void> {
  if (notices.length === 0) return;
  // Only the opening that was queued: a flag that reopened again meanwhile keeps its newer notice.
  await prisma.$executeRaw`
    UPDATE "Flag" f SET "pendingNotice" = NULL FROM unnest(${notices.map((n) => n.id)}::uuid[], ${notices.map((n) => n.opening)}::text[]) AS d("id", "opening")
     WHERE f."id" = d."id" AND f."pendingNotice" = d."opening"`;
}
