-- Pupil characteristics over time (src/domain/characteristics.ts). Written by the characteristics use
-- case from the pupil's CHARACTERISTICS_CHANGED events; a pupil never changed has no spans and the
-- reports use the current values. The reports join on the span holding on the day that matters.

CREATE TABLE "PupilCharacteristicSpan" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "validFrom" DATE,
    "validUntil" DATE,
    "senStatus" "SenStatus" NOT NULL,
    "lookedAfter" BOOLEAN NOT NULL,
    "socialCareStatus" "SocialCareStatus" NOT NULL,
    "fsmEligible" BOOLEAN NOT NULL,
    "ethnicityCode" VARCHAR(4),

    CONSTRAINT "PupilCharacteristicSpan_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PupilCharacteristicSpan_order_check" CHECK ("validFrom" IS NULL OR "validUntil" IS NULL OR "validFrom" < "validUntil")
);

CREATE INDEX "PupilCharacteristicSpan_pupilId_idx" ON "PupilCharacteristicSpan"("pupilId");

ALTER TABLE "PupilCharacteristicSpan" ADD CONSTRAINT "PupilCharacteristicSpan_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A pupil's spans never overlap (they tile time).
ALTER TABLE "PupilCharacteristicSpan" ADD CONSTRAINT "PupilCharacteristicSpan_no_overlap"
  EXCLUDE USING gist ("pupilId" WITH =, daterange("validFrom", "validUntil", '[)') WITH &&);

-- Rollups (migration 20261123000000): a pupil's history marks every year they moved or were on a roll,
-- as a change to the current values does.
CREATE FUNCTION report_rollup_characteristics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids_sql text;
BEGIN
  ids_sql := CASE TG_OP WHEN 'INSERT' THEN 'SELECT "pupilId" FROM new_rows'
                        WHEN 'DELETE' THEN 'SELECT "pupilId" FROM old_rows'
                        ELSE 'SELECT "pupilId" FROM old_rows UNION SELECT "pupilId" FROM new_rows' END;
  EXECUTE format($q$
    WITH changed AS (SELECT DISTINCT "pupilId" AS id FROM (%s) x)
    INSERT INTO "ReportRollupChange" ("laId", "academicYear")
    SELECT DISTINCT la, y FROM (
      SELECT p."laId" AS la, v.y FROM changed c JOIN "Placement" p ON p."pupilId" = c."id",
        LATERAL (VALUES (report_rollup_year(p."startDate")), (report_rollup_year(p."endDate"))) v(y)
      UNION ALL
      SELECT s."laId", y FROM changed c JOIN "Enrolment" e ON e."pupilId" = c."id" JOIN "School" s ON s."id" = e."schoolId",
        report_rollup_years(e."startDate", e."endDate") y
    ) x WHERE y IS NOT NULL AND y <= report_rollup_year(current_date)$q$, ids_sql);
  RETURN NULL;
END $$;

CREATE TRIGGER "PupilCharacteristicSpan_rollup_insert" AFTER INSERT ON "PupilCharacteristicSpan" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_characteristics_changed();
CREATE TRIGGER "PupilCharacteristicSpan_rollup_delete" AFTER DELETE ON "PupilCharacteristicSpan" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_characteristics_changed();
CREATE TRIGGER "PupilCharacteristicSpan_rollup_update" AFTER UPDATE ON "PupilCharacteristicSpan" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_characteristics_changed();

GRANT SELECT, INSERT, UPDATE, DELETE ON "PupilCharacteristicSpan" TO ap_app_role;
