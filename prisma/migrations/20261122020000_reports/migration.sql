-- Oversight reports (src/reports): indexes so each report reads one LA's rows for its period from
-- indexes alone, never the whole table. All are covering (INCLUDE), partial or expression indexes,
-- which Prisma's schema language cannot express, so they live here only (schemaDrift checks the ones
-- Prisma declares). Names end in _report_… so they are easy to find.

-- Placements starting in a period (movement summary, scorecard, school profile).
CREATE INDEX "Placement_report_start_idx" ON "Placement"("laId", "startDate")
  INCLUDE ("pupilId", "providerId", "commissioningSchoolId", "previousPlacementId", "tier", "reason", "legalBasis");

-- Placements ending in a period (movement summary, stay lengths, scorecard).
CREATE INDEX "Placement_report_end_idx" ON "Placement"("laId", "endDate")
  INCLUDE ("pupilId", "providerId", "commissioningSchoolId", "previousPlacementId", "tier", "reason", "legalBasis", "destination", "startDate", "plannedEndDate")
  WHERE "endDate" IS NOT NULL;

-- Placements in force on a day or overlapping a period (AP population, open stays, reviews due).
-- The expression must match src/reports/sql.ts placementRange() for the planner to use it.
CREATE INDEX "Placement_report_inforce_idx" ON "Placement"
  USING gist ("laId", daterange("startDate", COALESCE("endDate", 'infinity'::date), '[]'))
  INCLUDE ("id", "pupilId", "providerId", "tier", "registration", "hoursPerWeek", "startDate", "endDate");

-- A placement's LA and provider by id, without visiting the table (reintegrations → placements).
CREATE INDEX "Placement_report_id_idx" ON "Placement"("id") INCLUDE ("laId", "providerId");

-- Returns to each of the LA's schools starting in a period (reintegration report, scorecard).
CREATE INDEX "Reintegration_report_school_idx" ON "Reintegration"("schoolId", "startDate") INCLUDE ("placementId", "status");

-- A placement's home school (src/reports/sql.ts homeSchool): a pupil's registrations, latest first.
CREATE INDEX "Enrolment_report_pupil_idx" ON "Enrolment"("pupilId", "startDate", "id") INCLUDE ("schoolId", "registration");

-- A school's registrations overlapping a period (rolls, M2 cohorts).
CREATE INDEX "Enrolment_report_school_idx" ON "Enrolment"("schoolId", "startDate")
  INCLUDE ("pupilId", "endDate", "registration", "endCategory");

-- Permanent exclusions by school in a period (school profile).
CREATE INDEX "Exclusion_report_permanent_idx" ON "Exclusion"("schoolId", "startDate") INCLUDE ("governorOutcome") WHERE "kind" = 'PERMANENT';

-- Pupil characteristics: all of an LA's own pupils in one range, hash-joined (src/reports/sql.ts withPupils) …
CREATE INDEX "Pupil_report_home_idx" ON "Pupil"("homeLaId")
  INCLUDE ("id", "dateOfBirth", "sex", "ethnicityCode", "senStatus", "lookedAfter", "fsmEligible", "socialCareStatus");
-- … and a cross-border pupil's one by one.
CREATE INDEX "Pupil_report_characteristics_idx" ON "Pupil"("id")
  INCLUDE ("dateOfBirth", "sex", "ethnicityCode", "senStatus", "lookedAfter", "fsmEligible", "socialCareStatus");

-- Fair access report: referrals made, agreed and admitted in a period.
CREATE INDEX "FairAccessReferral_report_referred_idx" ON "FairAccessReferral"("laId", "referredOn") INCLUDE ("status");
CREATE INDEX "FairAccessReferral_report_agreed_idx" ON "FairAccessReferral"("laId", "agreedToConsiderOn") WHERE "agreedToConsiderOn" IS NOT NULL;
CREATE INDEX "FairAccessReferral_report_admitted_idx" ON "FairAccessReferral"("laId", "admittedOn")
  INCLUDE ("admittedSchoolId", "referredOn") WHERE "admittedOn" IS NOT NULL;
