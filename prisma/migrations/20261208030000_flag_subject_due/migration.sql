-- Issue 18 goal 4: the nightly scan evaluates only the subjects whose rules could answer differently today.
-- One row per evaluated subject (placement, pupil, provider, referral, or an LA for fair share): the next date
-- on which one of its date-driven rules could change (src/domain/flags/nextDue), written by the same
-- evaluation that reconciles its flags. NULL = only a write can change its flags. "basis" is the rule
-- configuration and school calendar the date was computed with: when an LA's overrides, the installation's
-- commencements or the LA's term dates change, the nightly scan finds the rows whose basis differs and
-- makes them due at once.
CREATE TABLE "FlagSubjectDue" (
    "subjectKind" TEXT NOT NULL,
    "subjectId" UUID NOT NULL,
    "laId" UUID NOT NULL,
    "nextDueOn" DATE,
    "evaluatedOn" DATE NOT NULL,
    "basis" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FlagSubjectDue_pkey" PRIMARY KEY ("subjectKind", "subjectId"),
    CONSTRAINT "FlagSubjectDue_subjectKind_check" CHECK ("subjectKind" IN ('PLACEMENT', 'PUPIL', 'PROVIDER', 'REFERRAL', 'FAIR_SHARE'))
);
-- The due-only scan pages through one kind's due rows in (nextDueOn, subjectId) order.
CREATE INDEX "FlagSubjectDue_subjectKind_nextDueOn_subjectId_idx" ON "FlagSubjectDue"("subjectKind", "nextDueOn", "subjectId");
CREATE INDEX "FlagSubjectDue_laId_idx" ON "FlagSubjectDue"("laId");
GRANT SELECT, INSERT, UPDATE, DELETE ON "FlagSubjectDue" TO ap_app_role;

-- Which scans ran due-only and which were full sweeps (the weekly safety net, or an operator's).
ALTER TABLE "ScanRun" ADD COLUMN "full" BOOLEAN NOT NULL DEFAULT true;
