import type { PrismaClient } from '../generated/prisma/client';
import type { CalendarService } from '../calendar/calendarService';
import type { ResolvedThresholds } from '../domain/flags/thresholds';
import { ruleConfigsFor } from '../rules/ruleConfig';

/**
 * The subjects' next-due dates (issue 18 goal 4; table FlagSubjectDue): written by every evaluation that
 * reconciles flags, read by the nightly due-only scan. A row's basis is the rule configuration (threshold
 * overrides and commencements, in the config version) and the LA's term dates its date was computed with.
 */
export type DueKind = 'PLACEMENT' | 'PUPIL' | 'PROVIDER' | 'REFERRAL' | 'FAIR_SHARE';

export interface DueRow {
  id: string;
  laId: string;
  nextDueOn: string | null;
}

/** A fingerprint of each LA's loaded term dates ('' = the default pattern only). */
async function termDatesFingerprints(prisma: PrismaClient, laIds: string[] | null): Promise<Map<string, string>> {
  const rows = await prisma.$queryRaw<{ laId: string; fp: string }[]>`
    SELECT "laId"::text AS "laId",
           md5(string_agg("academicYear" || ':' || "holidays"::text || ':' || "insetDays"::text, '|' ORDER BY "academicYear")) AS fp
      FROM "TermDates" WHERE ${laIds === null} OR "laId" = ANY(${laIds ?? []}::uuid[])
     GROUP BY "laId"`;
  return new Map(rows.map((r) => [r.laId, r.fp]));
}

const basisOf = (t: ResolvedThresholds, fingerprint: string | undefined) => `${t.configVersion}|${fingerprint ?? ''}`;

const seenFingerprint = new Map<string, string>();

/**
 * The basis each LA's subjects are evaluated with now. A term-dates fingerprint this process has not seen
 * for the LA drops its cached calendar first, so the dates are computed with the term dates the basis names.
 */
export async function basisFor(
  prisma: PrismaClient,
  calendars: CalendarService,
  thresholds: Map<string, ResolvedThresholds>,
): Promise<Map<string, string>> {
  const laIds = [...thresholds.keys()];
  const fps = await termDatesFingerprints(prisma, laIds);
  const out = new Map<string, string>();
  for (const la of laIds) {
    const fp = fps.get(la) ?? '';
    if (seenFingerprint.has(la) && seenFingerprint.get(la) !== fp) calendars.invalidate(la);
    seenFingerprint.set(la, fp);
    out.set(la, basisOf(thresholds.get(la)!, fp));
  }
  return out;
}

/**
 * Stores the next-due dates of the subjects an evaluation covered; ids asked for but not found (deleted)
 * lose their row.
 */
export async function recordDue(
  prisma: PrismaClient,
  kind: DueKind,
  asked: readonly string[],
  rows: readonly DueRow[],
  asOf: string,
  basis: Map<string, string>,
): Promise<void> {
  if (rows.length) {
    await prisma.$executeRaw`
      INSERT INTO "FlagSubjectDue" ("subjectKind", "subjectId", "laId", "nextDueOn", "evaluatedOn", "basis", "updatedAt")
      SELECT ${kind}, t.id, t.la, t.due, ${asOf}::date, t.basis, now()
        FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.laId)}::uuid[], ${rows.map((r) => r.nextDueOn)}::date[],
                    ${rows.map((r) => basis.get(r.laId) ?? '')}::text[]) AS t(id, la, due, basis)
      ON CONFLICT ("subjectKind", "subjectId") DO UPDATE SET
        "laId" = EXCLUDED."laId", "nextDueOn" = EXCLUDED."nextDueOn", "evaluatedOn" = EXCLUDED."evaluatedOn",
        "basis" = EXCLUDED."basis", "updatedAt" = now()`;
  }
  const found = new Set(rows.map((r) => r.id));
  const gone = asked.filter((id) => !found.has(id));
  if (gone.length)
    await prisma.$executeRaw`
      DELETE FROM "FlagSubjectDue" WHERE "subjectKind" = ${kind} AND "subjectId" = ANY(${gone}::uuid[])`;
}

/**
 * Before a due-only scan: subjects never evaluated get a row due today, and rows computed on another basis
 * (an LA's overrides, a commencement, term dates changed since) become due today. Returns how many.
 */
export async function prepareDueScan(prisma: PrismaClient, asOf: string): Promise<{ added: number; rebased: number }> {
  const las = (await prisma.localAuthority.findMany({ select: { id: true } })).map((l) => l.id);
  const [thresholds, fps] = await Promise.all([ruleConfigsFor(prisma, las), termDatesFingerprints(prisma, null)]);
  const current = las.map((la) => basisOf(thresholds.get(la)!, fps.get(la)));
  const rebased = await prisma.$executeRaw`
    UPDATE "FlagSubjectDue" d SET "nextDueOn" = ${asOf}::date
      FROM unnest(${las}::uuid[], ${current}::text[]) AS b(la, basis)
     WHERE d."laId" = b.la AND d."basis" <> b.basis AND (d."nextDueOn" IS NULL OR d."nextDueOn" > ${asOf}::date)`;
  // The same subjects a full scan pages through (evaluate.ts scanIds), those without a row yet.
  const added = await prisma.$executeRaw`
    INSERT INTO "FlagSubjectDue" ("subjectKind", "subjectId", "laId", "nextDueOn", "evaluatedOn", "basis")
    SELECT k, id, la, ${asOf}::date, ${asOf}::date, '' FROM (
      SELECT 'PLACEMENT' AS k, p."id", p."laId" AS la FROM "Placement" p WHERE p."status" = 'OPEN'
      UNION
      SELECT 'PLACEMENT', p."id", p."laId" FROM "Placement" p
        JOIN (SELECT DISTINCT "subjectId" FROM "Flag" WHERE "subjectType" = 'PLACEMENT' AND "status" IN ('OPEN', 'ACKNOWLEDGED')) f
          ON f."subjectId" = p."id"
      UNION ALL SELECT 'PUPIL', "id", "homeLaId" FROM "Pupil"
      UNION ALL SELECT 'PROVIDER', "id", "laId" FROM "Provider"
      UNION ALL SELECT 'REFERRAL', "id", "laId" FROM "FairAccessReferral"
      UNION ALL SELECT 'FAIR_SHARE', "id", "id" FROM "LocalAuthority"
    ) s(k, id, la)
    -- One anti-join, not a conflicting insert per subject every night; ON CONFLICT for a concurrent evaluation.
    WHERE NOT EXISTS (SELECT 1 FROM "FlagSubjectDue" d WHERE d."subjectKind" = s.k AND d."subjectId" = s.id)
    ON CONFLICT ("subjectKind", "subjectId") DO NOTHING`;
  return { added, rebased };
}

/**
 * One page of a due-only scan: subjects of a kind due by asOf, in (nextDueOn, id) order after the keyset.
 * Evaluating a page moves its rows past asOf, so a page never comes round twice. Placements: only those a
 * full scan would evaluate (open, or with a live flag), so both scans evaluate the same subjects.
 */
export async function dueIds(
  prisma: PrismaClient,
  kind: DueKind,
  asOf: string,
  after: { due: string; id: string } | null,
  limit: number,
): Promise<{ id: string; due: string }[]> {
  const afterDue = after?.due ?? '0001-01-01';
  const afterId = after?.id ?? '00000000-0000-0000-0000-000000000000';
  return prisma.$queryRaw<{ id: string; due: string }[]>`
    SELECT d."subjectId"::text AS id, to_char(d."nextDueOn", 'YYYY-MM-DD') AS due FROM "FlagSubjectDue" d
     WHERE d."subjectKind" = ${kind} AND d."nextDueOn" <= ${asOf}::date
       AND (d."nextDueOn", d."subjectId") > (${afterDue}::date, ${afterId}::uuid)
       AND (${kind} <> 'PLACEMENT' OR EXISTS (
             SELECT 1 FROM "Placement" p WHERE p."id" = d."subjectId" AND (p."status" = 'OPEN' OR EXISTS (
               SELECT 1 FROM "Flag" f WHERE f."subjectType" = 'PLACEMENT' AND f."subjectId" = p."id" AND f."status" IN ('OPEN', 'ACKNOWLEDGED')))))
     ORDER BY d."nextDueOn", d."subjectId" LIMIT ${limit}`;
}
