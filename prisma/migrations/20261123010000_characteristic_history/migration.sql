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
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM report_rollup_mark_pupils(ARRAY(SELECT DISTINCT "pupilId" FROM new_rows)); END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM report_rollup_mark_pupils(ARRAY(SELECT DISTINCT "pupilId" FROM old_rows)); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "PupilCharacteristicSpan_rollup_insert" AFTER INSERT ON "PupilCharacteristicSpan" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_characteristics_changed();
CREATE TRIGGER "PupilCharacteristicSpan_rollup_delete" AFTER DELETE ON "PupilCharacteristicSpan" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_characteristics_changed();
CREATE TRIGGER "PupilCharacteristicSpan_rollup_update" AFTER UPDATE ON "PupilCharacteristicSpan" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_characteristics_changed();

GRANT SELECT, INSERT, UPDATE, DELETE ON "PupilCharacteristicSpan" TO ap_app_role;
