-- The school movement profile now counts managed moves and inclusion-base pupils (domain.md §10.2, §10.4):
-- a change to either marks the rollup years it touches, like the other tables the report reads.

-- Managed moves: the year the move starts, for the LA of each school involved.
CREATE FUNCTION report_rollup_managed_move_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportRollupChange" ("laId", "academicYear")
  SELECT DISTINCT s."laId", report_rollup_year(r."startDate")
    FROM (SELECT "fromSchoolId" AS "schoolId", "startDate" FROM new_rows
          UNION ALL SELECT "toSchoolId", "startDate" FROM new_rows) r
    JOIN "School" s ON s."id" = r."schoolId"
   WHERE report_rollup_year(r."startDate") <= report_rollup_year(current_date);
  RETURN NULL;
END $$;
CREATE TRIGGER "ManagedMove_rollup_insert" AFTER INSERT ON "ManagedMove" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_managed_move_changed();

-- Time in an inclusion base: every year the spell touches; an end recorded later can shorten it, so an update
-- marks every year from the start to now (what the open spell counted in).
CREATE FUNCTION report_rollup_inclusion_spell_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportRollupChange" ("laId", "academicYear")
  SELECT DISTINCT s."laId", y
    FROM new_rows r JOIN "InclusionBase" b ON b."id" = r."baseId" JOIN "School" s ON s."id" = b."schoolId",
         report_rollup_years(r."startDate", CASE WHEN TG_OP = 'UPDATE' THEN NULL ELSE r."endDate" END) y;
  RETURN NULL;
END $$;
CREATE TRIGGER "InclusionBaseSpell_rollup_insert" AFTER INSERT ON "InclusionBaseSpell" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_inclusion_spell_changed();
CREATE TRIGGER "InclusionBaseSpell_rollup_update" AFTER UPDATE ON "InclusionBaseSpell" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_inclusion_spell_changed();

-- Cells built before these figures existed lack them: drop them, so the report reads live until the worker
-- rebuilds them.
DELETE FROM "ReportRollup" WHERE "report" = 'SCHOOL_MOVEMENT_PROFILE';
