-- Bulk import (issue 16): one batch per uploaded file. The file's bytes wait in "ImportFile" until the
-- import job has finished (so a worker killed mid-import can start again from them) and are then deleted;
-- the batch keeps the file's SHA-256, the counts and the refused rows with their line numbers.
CREATE TABLE "ImportBatch" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT,
    "fileName" TEXT NOT NULL,
    "fileHash" CHAR(64) NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "actorId" TEXT NOT NULL,
    "actorRole" "Role" NOT NULL,
    "actorOrgId" TEXT,
    "rowsTotal" INTEGER NOT NULL DEFAULT 0,
    "rowsChecked" INTEGER NOT NULL DEFAULT 0,
    "rowsImported" INTEGER NOT NULL DEFAULT 0,
    "rowsUpdated" INTEGER NOT NULL DEFAULT 0,
    "rowsUnchanged" INTEGER NOT NULL DEFAULT 0,
    "rowsRefused" INTEGER NOT NULL DEFAULT 0,
    "rowsDuplicate" INTEGER NOT NULL DEFAULT 0,
    "mapping" JSONB,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "followUps" JSONB NOT NULL DEFAULT '{}',
    "message" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ImportBatch_kind_check" CHECK ("kind" IN ('PLACEMENTS', 'CHARACTERISTICS')),
    CONSTRAINT "ImportBatch_mode_check" CHECK ("mode" IN ('ALL_OR_NOTHING', 'VALID_ROWS')),
    CONSTRAINT "ImportBatch_status_check" CHECK ("status" IN ('QUEUED', 'RUNNING', 'DONE', 'REFUSED', 'CANCELLED', 'FAILED'))
);
CREATE INDEX "ImportBatch_laId_createdAt_idx" ON "ImportBatch"("laId", "createdAt");
CREATE INDEX "ImportBatch_laId_kind_fileHash_idx" ON "ImportBatch"("laId", "kind", "fileHash");
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ImportFile" (
    "batchId" UUID NOT NULL,
    "content" BYTEA NOT NULL,
    CONSTRAINT "ImportFile_pkey" PRIMARY KEY ("batchId")
);
ALTER TABLE "ImportFile" ADD CONSTRAINT "ImportFile_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ImportBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A source's column mapping (its headers, date format and codes), saved so next month's file imports in one step.
CREATE TABLE "ImportMapping" (
    "laId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImportMapping_pkey" PRIMARY KEY ("laId", "kind", "source")
);
ALTER TABLE "ImportMapping" ADD CONSTRAINT "ImportMapping_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The mark on an imported placement, and its natural key (UPN, provider, start date) with the hash of the
-- row it came from: re-importing the same row changes nothing, a corrected row updates only that placement.
CREATE TABLE "ImportedPlacement" (
    "placementId" UUID NOT NULL,
    "laId" UUID NOT NULL,
    "naturalKey" TEXT NOT NULL,
    "rowHash" CHAR(64) NOT NULL,
    "firstBatchId" UUID NOT NULL,
    "lastBatchId" UUID NOT NULL,
    "startedEventId" UUID NOT NULL,
    CONSTRAINT "ImportedPlacement_pkey" PRIMARY KEY ("placementId")
);
CREATE UNIQUE INDEX "ImportedPlacement_laId_naturalKey_key" ON "ImportedPlacement"("laId", "naturalKey");
ALTER TABLE "ImportedPlacement" ADD CONSTRAINT "ImportedPlacement_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ImportedPlacement" ADD CONSTRAINT "ImportedPlacement_firstBatchId_fkey" FOREIGN KEY ("firstBatchId") REFERENCES "ImportBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE ON "ImportBatch", "ImportMapping", "ImportedPlacement" TO ap_app_role;
GRANT SELECT, INSERT, DELETE ON "ImportFile" TO ap_app_role;

-- An imported placement is history the LA already has: the rules that decide whether a new placement may
-- start (P1’s planned end) and the destination of an ended one cannot refuse it. The row is
-- marked, and the missing facts are listed on the batch as follow-ups (docs/import.md).
ALTER TABLE "Placement" ADD COLUMN "imported" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Placement" DROP CONSTRAINT "Placement_plannedEnd_required_check";
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_plannedEnd_required_check" CHECK ("imported" OR "plannedEndDate" IS NOT NULL OR ("tier" <> 'TIER_2_TIME_LIMITED' AND "reason" <> 'OFF_SITE_DIRECTION'));
ALTER TABLE "Placement" DROP CONSTRAINT "Placement_status_check";
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_status_check" CHECK (("status" = 'ENDED') = ("endDate" IS NOT NULL) AND ("imported" OR ("status" = 'ENDED') = ("destination" IS NOT NULL)) AND ("status" = 'ENDED' OR "destination" IS NULL));
