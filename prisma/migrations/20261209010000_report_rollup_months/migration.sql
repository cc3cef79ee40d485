-- Monthly rollup cells (issue 18 goal 5; src/reports/rollups/months.ts, docs/performance.md "Goal 5"). A
-- period that is not an academic year or term is answered from the cells of the calendar months it covers
-- whole, plus its partial months at each end read live. Only reports whose facts add up across days keep
-- monthly cells (the movement summary). A cell rests on its month's academic year only, so the existing
-- triggers' "ReportRollupChange" rows make it stale exactly as they do the year's and terms' cells.
CREATE TABLE "ReportRollupMonth" (
    "laId" UUID NOT NULL,
    "report" TEXT NOT NULL,
    -- The month's first day.
    "month" DATE NOT NULL,
    "facts" JSONB NOT NULL,
    "refreshedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportRollupMonth_pkey" PRIMARY KEY ("laId","report","month"),
    CONSTRAINT "ReportRollupMonth_report_check" CHECK ("report" IN ('MOVEMENT_SUMMARY')),
    CONSTRAINT "ReportRollupMonth_month_check" CHECK (extract(day FROM "month") = 1)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON "ReportRollupMonth" TO ap_app_role;
