-- The school movement profile keeps monthly cells too (issue 18 goal 5; docs/performance.md "Goal 5"): its
-- counts of acts, and its moves into AP by the date of each one's previous move, so that any period counts
-- each pupil moved once. Deployments pick the new cells up through markMissingRollups (fewer than twelve
-- monthly cells per report and year), which marks the years for the worker to build.
ALTER TABLE "ReportRollupMonth" DROP CONSTRAINT "ReportRollupMonth_report_check";
ALTER TABLE "ReportRollupMonth" ADD CONSTRAINT "ReportRollupMonth_report_check"
  CHECK ("report" IN ('MOVEMENT_SUMMARY', 'SCHOOL_MOVEMENT_PROFILE'));
