-- Nightly flag scan paging (src/flags/evaluate.ts scanIds). A placement page is the open placements plus
-- those with a live flag, in id order. Asked as one query ("open OR EXISTS a live flag"), PostgreSQL
-- walked every placement and looked for flags without an index on the subject: with 490k placements
-- and 219k flags one page ran for minutes. Each half now reads its own partial index, in id order.
-- Partial indexes cannot be declared in schema.prisma, so they live here only.
CREATE INDEX "Placement_open_id_idx" ON "Placement"("id") WHERE "status" = 'OPEN';
CREATE INDEX "Flag_live_subject_idx" ON "Flag"("subjectType", "subjectId") WHERE "status" IN ('OPEN', 'ACKNOWLEDGED');
