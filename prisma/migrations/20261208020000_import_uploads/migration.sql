-- The web's import in steps (issue 16): a file uploaded once is held as an "ImportUpload" while the LA officer
-- maps its columns, runs a dry run and then imports it, so no step asks for the file again. The bytes are kept
-- (gzipped, as "ImportFile") only until a real import is started from it, or for a day at most (each new upload
-- of the LA deletes that LA's uploads older than a day). A batch started from an upload names it, so a dry
-- run's page can start the import of the file it checked.
CREATE TABLE "ImportUpload" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImportUpload_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ImportUpload_kind_check" CHECK ("kind" IN ('PLACEMENTS', 'CHARACTERISTICS'))
);
CREATE INDEX "ImportUpload_laId_createdAt_idx" ON "ImportUpload"("laId", "createdAt");
ALTER TABLE "ImportUpload" ADD CONSTRAINT "ImportUpload_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "ImportBatch" ADD COLUMN "uploadId" UUID;
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "ImportUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "ImportBatch_uploadId_idx" ON "ImportBatch"("uploadId");

GRANT SELECT, INSERT, DELETE ON "ImportUpload" TO ap_app_role;
