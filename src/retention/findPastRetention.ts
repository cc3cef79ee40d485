/**
 * The nightly retention review (job `retention-review`): pupils whose record is past the retention schedule
 * (src/domain/retention.ts, each LA's own periods) are put on their home LA's review list, to wait for an
 * LA officer's approval. Nothing is changed here: only review rows are added, one per pupil (unique), so a
 * rerun adds nothing twice, and a run stopped part way resumes where it was (keyset pages, each committed).
 * A restricted record (UK GDPR art. 18: kept) and one already anonymised are never listed.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { Prisma } from '../generated/prisma/client';
import { pastRetention, retentionDue } from '../domain/retention';
import { ruleConfigFor } from '../rules/ruleConfig';
import { fromDb, toDb } from '../usecases/dates';
import type { IsoDate } from '../domain/dates';
import { addYears } from '../domain/retention';

export interface RetentionReviewRun {
  examined: number;
  listed: number;
}

const PAGE = 500;

export async function findPastRetention(
  prisma: PrismaClient,
  asOf: IsoDate,
  opts: { pageSize?: number } = {},
): Promise<RetentionReviewRun> {
  const run: RetentionReviewRun = { examined: 0, listed: 0 };
  const las = await prisma.localAuthority.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  for (const la of las) {
    const t = (await ruleConfigFor(prisma, la.id)).values;
    // No record can be due before the shortest period from birth: only older pupils are examined.
    const bornOnOrBefore = addYears(
      asOf,
      -Math.min(t.retentionPupilRecordYearsFromBirth, t.retentionSenRecordYearsFromBirth),
    );
    let after: string | null = null;
    for (;;) {
      const page: { id: string; dateOfBirth: Date; everSen: boolean; lastActivityOn: Date | null }[] =
        await prisma.$queryRaw`
        SELECT p.id::text AS id, p."dateOfBirth",
               (p."senStatus" <> 'NONE' OR EXISTS (SELECT 1 FROM "PupilCharacteristicSpan" s
                  WHERE s."pupilId" = p.id AND s."senStatus" <> 'NONE')) AS "everSen",
               GREATEST(
                 (SELECT max(GREATEST(x."startDate", COALESCE(x."endDate", ${toDb(asOf)}::date))) FROM "Placement" x WHERE x."pupilId" = p.id),
                 (SELECT max(COALESCE(x."endDate", ${toDb(asOf)}::date)) FROM "Enrolment" x WHERE x."pupilId" = p.id),
                 (SELECT max(x."startDate") FROM "Exclusion" x WHERE x."pupilId" = p.id),
                 (SELECT max(COALESCE(x."endDate", ${toDb(asOf)}::date)) FROM "SafeguardingSeparation" x WHERE x."pupilId" = p.id),
                 (SELECT max(x."createdAt")::date FROM "FairAccessReferral" x WHERE x."pupilId" = p.id),
                 (SELECT max(x."occurredOn") FROM "PupilEvent" x WHERE x."pupilId" = p.id)
               ) AS "lastActivityOn"
          FROM "Pupil" p
         WHERE p."homeLaId" = ${la.id}::uuid AND p."dateOfBirth" <= ${toDb(bornOnOrBefore)}::date
           AND p."anonymisedAt" IS NULL AND p."restrictedAt" IS NULL
           AND NOT EXISTS (SELECT 1 FROM "RetentionReview" r WHERE r."pupilId" = p.id)
           ${after ? Prisma.sql`AND p.id > ${after}::uuid` : Prisma.empty}
         ORDER BY p.id LIMIT ${opts.pageSize ?? PAGE}`;
      if (page.length === 0) break;
      run.examined += page.length;
      const due = page.flatMap((p) => {
        const d = retentionDue(
          {
            dateOfBirth: fromDb(p.dateOfBirth),
            everSen: p.everSen,
            lastActivityOn: p.lastActivityOn ? fromDb(p.lastActivityOn) : null,
          },
          t,
        );
        return pastRetention(d, asOf) ? [{ pupilId: p.id, ...d }] : [];
      });
      if (due.length) {
        const added = await prisma.retentionReview.createMany({
          data: due.map((d) => ({
            laId: la.id,
            pupilId: d.pupilId,
            dueOn: toDb(d.dueOn),
            ruleId: d.ruleId,
            foundOn: toDb(asOf),
          })),
          skipDuplicates: true,
        });
        run.listed += added.count;
      }
      after = page[page.length - 1]!.id;
    }
  }
  return run;
}
