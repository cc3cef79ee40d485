-- The movement summary now breaks movements down by the DfE statistics setting type (domain.md §10.1). Cells
-- built before lack that breakdown: drop them, so the report reads live until the worker rebuilds them.
DELETE FROM "ReportRollup" WHERE "report" = 'MOVEMENT_SUMMARY';
