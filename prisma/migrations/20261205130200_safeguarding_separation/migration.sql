-- Safeguarding separation (domain.md §10.2, guidance of 26 July 2026): a pupil separated from school for
-- safeguarding reasons. Not a suspension (it never counts towards rule E1's cap) and it triggers the LA's
-- s19 duty to arrange suitable education (rule SEP1 flags one with no education by its sixth school day).
CREATE TYPE "SeparationReason" AS ENUM ('RISK_OF_HARM_TO_PUPIL', 'RISK_OF_HARM_TO_OTHERS', 'ALLEGATION_UNDER_INVESTIGATION', 'POLICE_OR_COURT_CONDITIONS', 'OTHER');

CREATE TABLE "SafeguardingSeparation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "reasonCategory" "SeparationReason" NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SafeguardingSeparation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SafeguardingSeparation_dates_check" CHECK ("endDate" IS NULL OR "endDate" >= "startDate"),
    CONSTRAINT "SafeguardingSeparation_decidedBy_check" CHECK (length(trim("decidedBy")) > 0)
);

CREATE INDEX "SafeguardingSeparation_pupilId_idx" ON "SafeguardingSeparation"("pupilId");
CREATE INDEX "SafeguardingSeparation_schoolId_startDate_idx" ON "SafeguardingSeparation"("schoolId", "startDate");
ALTER TABLE "SafeguardingSeparation" ADD CONSTRAINT "SafeguardingSeparation_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SafeguardingSeparation" ADD CONSTRAINT "SafeguardingSeparation_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The movement summary counts separations starting in a period: a change marks the school LA's year.
CREATE FUNCTION report_rollup_separation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportRollupChange" ("laId", "academicYear")
  SELECT DISTINCT s."laId", report_rollup_year(r."startDate")
    FROM (SELECT "schoolId", "startDate" FROM new_rows) r JOIN "School" s ON s."id" = r."schoolId"
   WHERE report_rollup_year(r."startDate") <= report_rollup_year(current_date);
  RETURN NULL;
END $$;
CREATE TRIGGER "SafeguardingSeparation_rollup_insert" AFTER INSERT ON "SafeguardingSeparation" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_separation_changed();

GRANT SELECT, INSERT, UPDATE ON "SafeguardingSeparation" TO ap_app_role;
