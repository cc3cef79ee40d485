-- The full-time week guard (domain.md §2.3) checked once per INSERT statement instead of once per row
-- (issue 16, import speed: docs/import.md "Speed"). A bulk import inserts 2,000 placements per statement;
-- the row trigger ran one query per placement (0.6 s of every 10,000), the statement trigger runs one join
-- of the new rows against the pupils' placements. Same rule, same error (SQLSTATE 23514, constraint
-- "Placement_concurrent_hours"), so src/record/dbErrors.ts and the use cases are unchanged. An UPDATE of
-- the hours or dates keeps the row trigger: it changes one placement at a time.
CREATE OR REPLACE FUNCTION placement_hours_within_full_time() RETURNS trigger AS $$
DECLARE total NUMERIC;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    -- Each new row's own hours are in the sum (it is in "Placement" by now), as are other new rows'.
    SELECT SUM(p."hoursPerWeek") INTO total
      FROM new_rows n
      JOIN "Placement" p ON p."pupilId" = n."pupilId"
       AND daterange(p."startDate", COALESCE(p."endDate", 'infinity'::date), '[]')
           && daterange(n."startDate", COALESCE(n."endDate", 'infinity'::date), '[]')
     WHERE n."endDate" IS NULL OR n."endDate" >= n."startDate"
     GROUP BY n."id"
    HAVING SUM(p."hoursPerWeek") > 32.5
     LIMIT 1;
    IF total IS NOT NULL THEN
      RAISE EXCEPTION 'concurrent placement hours % exceed a full-time week', total
        USING ERRCODE = '23514', CONSTRAINT = 'Placement_concurrent_hours';
    END IF;
    RETURN NULL;
  END IF;
  -- An end before the start is the CHECK constraint's to refuse; a range cannot be built from it.
  IF NEW."endDate" IS NOT NULL AND NEW."endDate" < NEW."startDate" THEN
    RETURN NEW;
  END IF;
  SELECT COALESCE(SUM(p."hoursPerWeek"), 0) INTO total
    FROM "Placement" p
   WHERE p."pupilId" = NEW."pupilId" AND p."id" <> NEW."id"
     AND daterange(p."startDate", COALESCE(p."endDate", 'infinity'::date), '[]')
         && daterange(NEW."startDate", COALESCE(NEW."endDate", 'infinity'::date), '[]');
  IF total + NEW."hoursPerWeek" > 32.5 THEN
    RAISE EXCEPTION 'concurrent placement hours % exceed a full-time week', total + NEW."hoursPerWeek"
      USING ERRCODE = '23514', CONSTRAINT = 'Placement_concurrent_hours';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

DROP TRIGGER "Placement_concurrent_hours" ON "Placement";
CREATE TRIGGER "Placement_concurrent_hours" BEFORE UPDATE OF "hoursPerWeek", "startDate", "endDate" ON "Placement"
  FOR EACH ROW EXECUTE FUNCTION placement_hours_within_full_time();
CREATE TRIGGER "Placement_concurrent_hours_insert" AFTER INSERT ON "Placement" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION placement_hours_within_full_time();
