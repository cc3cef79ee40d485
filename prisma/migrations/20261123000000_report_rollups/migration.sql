-- Report rollups (src/reports/rollups, docs/reports.md "Rollups"). The report worker keeps the facts of
-- the period reports (movement summary, stay lengths, reintegration, school movement profile, provider
-- scorecard) per LA and standard period (academic year, term) in "ReportRollup". Triggers here record which LA and academic years a change touches in
-- "ReportRollupChange"; a report uses a cell only while no change is pending for the years it rests on,
-- and the worker recomputes those cells and consumes the changes. Statement-level triggers with
-- transition tables, so a bulk load marks each LA-year once rather than once per row.

CREATE TABLE "ReportRollup" (
    "laId" UUID NOT NULL,
    "report" TEXT NOT NULL,
    "periodFrom" DATE NOT NULL,
    "periodTo" DATE NOT NULL,
    "asOf" DATE NOT NULL,
    "facts" JSONB NOT NULL,
    "refreshedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportRollup_pkey" PRIMARY KEY ("laId","report","periodFrom","periodTo"),
    CONSTRAINT "ReportRollup_report_check" CHECK ("report" IN ('MOVEMENT_SUMMARY', 'STAY_LENGTHS', 'REINTEGRATION', 'SCHOOL_MOVEMENT_PROFILE', 'PROVIDER_SCORECARD')),
    CONSTRAINT "ReportRollup_period_check" CHECK ("periodFrom" <= "periodTo" AND "asOf" <= "periodTo")
);

CREATE TABLE "ReportRollupChange" (
    "id" BIGSERIAL NOT NULL,
    "laId" UUID NOT NULL,
    "academicYear" INTEGER NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportRollupChange_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ReportRollupChange_laId_academicYear_idx" ON "ReportRollupChange"("laId", "academicYear");

-- The academic year a date falls in, as its start year (1 September to 31 August; 2025 = 2025-26).
CREATE FUNCTION report_rollup_year(d date) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT extract(year FROM d)::int - (extract(month FROM d) < 9)::int $$;

-- The academic years a span touches (b NULL = still open), up to the current one: rollups are built up
-- to the current year, and a new year's are built from scratch when it starts.
CREATE FUNCTION report_rollup_years(a date, b date) RETURNS SETOF int LANGUAGE sql STABLE AS
$$ SELECT generate_series(report_rollup_year(a), report_rollup_year(LEAST(COALESCE(b, 'infinity'::date), current_date))) $$;

-- Registrations: a roll's composition and exits (school profile, every year the registration spans,
-- which also covers rule M2's censuses), and the home school of the pupil's later placements
-- (attribution, sql.ts homeSchool). When only the end of a registration moved, only the years from the
-- earlier end onwards can change.
CREATE FUNCTION report_rollup_enrolment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE spans text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    spans := 'SELECT "schoolId" AS school, "pupilId" AS pupil, "startDate" AS a, "endDate" AS b, true AS attribution FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    spans := 'SELECT "schoolId" AS school, "pupilId" AS pupil, "startDate" AS a, "endDate" AS b, true AS attribution FROM old_rows';
  ELSE
    spans := $q$
      WITH pairs AS (
        SELECT o."schoolId" AS os, o."pupilId" AS op, o."startDate" AS oa, o."endDate" AS ob,
               n."schoolId" AS ns, n."pupilId" AS np, n."startDate" AS na, n."endDate" AS nb,
               CASE WHEN (o."schoolId", o."pupilId", o."registration", o."startDate") IS DISTINCT FROM (n."schoolId", n."pupilId", n."registration", n."startDate") THEN 'ALL'
                    WHEN (o."endDate", o."endCategory") IS DISTINCT FROM (n."endDate", n."endCategory") THEN 'END' END AS kind
          FROM old_rows o JOIN new_rows n ON n."id" = o."id")
      SELECT os AS school, op AS pupil, oa AS a, ob AS b, true AS attribution FROM pairs WHERE kind = 'ALL'
      UNION ALL SELECT ns, np, na, nb, true FROM pairs WHERE kind = 'ALL'
      UNION ALL SELECT ns, np, COALESCE(LEAST(ob, nb), na), NULL, false FROM pairs WHERE kind = 'END'$q$;
  END IF;
  EXECUTE format($q$
    WITH spans AS (%s)
    INSERT INTO "ReportRollupChange" ("laId", "academicYear")
    SELECT DISTINCT la, y FROM (
      SELECT s."laId" AS la, y FROM spans JOIN "School" s ON s."id" = spans.school, report_rollup_years(spans.a, spans.b) y
      UNION ALL
      SELECT p."laId", report_rollup_year(p."startDate") FROM spans
        JOIN "Placement" p ON p."pupilId" = spans.pupil AND p."startDate" >= spans.a AND p."commissioningSchoolId" IS NULL
       WHERE spans.attribution
    ) x WHERE y <= report_rollup_year(current_date)$q$, spans);
  RETURN NULL;
END $$;

-- Placements: every year a placement spans (entries, exits, open stays, reviews due, transfers), for
-- every figure the reports group by. Hours, review dates due and the like change nothing a rollup holds,
-- so they mark nothing.
CREATE FUNCTION report_rollup_placement_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE rows_sql text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    rows_sql := 'SELECT "laId", "startDate", "endDate" FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    rows_sql := 'SELECT "laId", "startDate", "endDate" FROM old_rows';
  ELSE
    rows_sql := $q$
      WITH pairs AS (
        SELECT o."laId" AS ol, o."startDate" AS oa, o."endDate" AS ob, n."laId" AS nl, n."startDate" AS na, n."endDate" AS nb
          FROM old_rows o JOIN new_rows n ON n."id" = o."id"
         WHERE (o."pupilId", o."laId", o."providerId", o."startDate", o."plannedEndDate", o."endDate", o."reason", o."legalBasis", o."tier", o."destination", o."commissioningSchoolId", o."previousPlacementId")
               IS DISTINCT FROM
               (n."pupilId", n."laId", n."providerId", n."startDate", n."plannedEndDate", n."endDate", n."reason", n."legalBasis", n."tier", n."destination", n."commissioningSchoolId", n."previousPlacementId"))
      SELECT ol AS "laId", oa AS "startDate", ob AS "endDate" FROM pairs UNION ALL SELECT nl, na, nb FROM pairs$q$;
  END IF;
  EXECUTE format($q$
    INSERT INTO "ReportRollupChange" ("laId", "academicYear")
    SELECT DISTINCT r."laId", y FROM (%s) r, report_rollup_years(r."startDate", r."endDate") y$q$, rows_sql);
  RETURN NULL;
END $$;

-- Reviews: whether reviews were on time (provider scorecard), from the review's year to the placement's end.
CREATE FUNCTION report_rollup_review_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE rows_sql text;
BEGIN
  rows_sql := CASE TG_OP WHEN 'INSERT' THEN 'SELECT "placementId", "reviewDate" FROM new_rows'
                         WHEN 'DELETE' THEN 'SELECT "placementId", "reviewDate" FROM old_rows'
                         ELSE 'SELECT "placementId", "reviewDate" FROM old_rows UNION ALL SELECT "placementId", "reviewDate" FROM new_rows' END;
  EXECUTE format($q$
    INSERT INTO "ReportRollupChange" ("laId", "academicYear")
    SELECT DISTINCT p."laId", y FROM (%s) r JOIN "Placement" p ON p."id" = r."placementId", report_rollup_years(r."reviewDate", p."endDate") y$q$, rows_sql);
  RETURN NULL;
END $$;

-- Reintegrations: counted in their start year, through the receiving school's LA and the placement's.
CREATE FUNCTION report_rollup_reintegration_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE rows_sql text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    rows_sql := 'SELECT "placementId", "schoolId", "startDate" FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    rows_sql := 'SELECT "placementId", "schoolId", "startDate" FROM old_rows';
  ELSE
    rows_sql := $q$
      WITH pairs AS (
        SELECT o."placementId" AS op, o."schoolId" AS os, o."startDate" AS oa, n."placementId" AS np, n."schoolId" AS ns, n."startDate" AS na
          FROM old_rows o JOIN new_rows n ON n."id" = o."id"
         WHERE (o."placementId", o."schoolId", o."startDate", o."status") IS DISTINCT FROM (n."placementId", n."schoolId", n."startDate", n."status"))
      SELECT op AS "placementId", os AS "schoolId", oa AS "startDate" FROM pairs UNION ALL SELECT np, ns, na FROM pairs$q$;
  END IF;
  EXECUTE format($q$
    INSERT INTO "ReportRollupChange" ("laId", "academicYear")
    SELECT DISTINCT la, report_rollup_year(r."startDate") FROM (%s) r
      JOIN "Placement" p ON p."id" = r."placementId" JOIN "School" s ON s."id" = r."schoolId",
      LATERAL (VALUES (p."laId"), (s."laId")) v(la)
     WHERE report_rollup_year(r."startDate") <= report_rollup_year(current_date)$q$, rows_sql);
  RETURN NULL;
END $$;

-- Exclusions: permanent exclusions counted by the school profile in their start year.
CREATE FUNCTION report_rollup_exclusion_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE rows_sql text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    rows_sql := 'SELECT "schoolId", "startDate" FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    rows_sql := 'SELECT "schoolId", "startDate" FROM old_rows';
  ELSE
    rows_sql := $q$
      WITH pairs AS (
        SELECT o."schoolId" AS os, o."startDate" AS oa, n."schoolId" AS ns, n."startDate" AS na
          FROM old_rows o JOIN new_rows n ON n."id" = o."id"
         WHERE (o."schoolId", o."kind", o."startDate", o."governorOutcome") IS DISTINCT FROM (n."schoolId", n."kind", n."startDate", n."governorOutcome"))
      SELECT os AS "schoolId", oa AS "startDate" FROM pairs UNION ALL SELECT ns, na FROM pairs$q$;
  END IF;
  EXECUTE format($q$
    INSERT INTO "ReportRollupChange" ("laId", "academicYear")
    SELECT DISTINCT s."laId", report_rollup_year(r."startDate") FROM (%s) r JOIN "School" s ON s."id" = r."schoolId"
     WHERE report_rollup_year(r."startDate") <= report_rollup_year(current_date)$q$, rows_sql);
  RETURN NULL;
END $$;

-- Pupils: characteristics and date of birth (year groups) feed the reports wherever the pupil moved or
-- was on a roll: every year of their placements and registrations. Shared with the characteristic
-- history's trigger (migration 20261123010000).
CREATE FUNCTION report_rollup_mark_pupils(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "ReportRollupChange" ("laId", "academicYear")
  SELECT DISTINCT la, y FROM (
    SELECT p."laId" AS la, y FROM "Placement" p, report_rollup_years(p."startDate", p."endDate") y WHERE p."pupilId" = ANY(ids)
    UNION ALL
    SELECT s."laId", y FROM "Enrolment" e JOIN "School" s ON s."id" = e."schoolId", report_rollup_years(e."startDate", e."endDate") y
     WHERE e."pupilId" = ANY(ids)
  ) x
$$;

-- Names and identifiers mark nothing.
CREATE FUNCTION report_rollup_pupil_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM report_rollup_mark_pupils(ARRAY(
    SELECT n."id" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
     WHERE (o."dateOfBirth", o."sex", o."ethnicityCode", o."senStatus", o."lookedAfter", o."socialCareStatus", o."fsmEligible")
           IS DISTINCT FROM (n."dateOfBirth", n."sex", n."ethnicityCode", n."senStatus", n."lookedAfter", n."socialCareStatus", n."fsmEligible")));
  RETURN NULL;
END $$;

-- Schools: a school's LA or phase decides which rows the school profile has, so every rollup year of
-- the LAs concerned is marked. (Names and numbers on roll are read live, never rolled up.)
CREATE FUNCTION report_rollup_school_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH las AS (
    SELECT o."laId" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
     WHERE (o."laId", o."phase") IS DISTINCT FROM (n."laId", n."phase")
    UNION SELECT n."laId" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
     WHERE (o."laId", o."phase") IS DISTINCT FROM (n."laId", n."phase"))
  INSERT INTO "ReportRollupChange" ("laId", "academicYear")
  SELECT DISTINCT r."laId", report_rollup_year(r."periodFrom") FROM "ReportRollup" r JOIN las ON las."laId" = r."laId";
  RETURN NULL;
END $$;

-- Term dates: term cells follow the LA's calendar, and stays are counted in its school days, so loading
-- a year's dates rebuilds that year and every later one (a stay can run on into them).
CREATE FUNCTION report_rollup_term_dates_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReportRollupChange" ("laId", "academicYear")
  SELECT DISTINCT la, y FROM (
    SELECT NEW."laId" AS la, left(NEW."academicYear", 4)::int AS a WHERE TG_OP <> 'DELETE'
    UNION SELECT OLD."laId", left(OLD."academicYear", 4)::int WHERE TG_OP <> 'INSERT'
  ) t, generate_series(t.a, GREATEST(t.a, report_rollup_year(current_date))) y;
  RETURN NULL;
END $$;

CREATE TRIGGER "Enrolment_rollup_insert" AFTER INSERT ON "Enrolment" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_enrolment_changed();
CREATE TRIGGER "Enrolment_rollup_update" AFTER UPDATE ON "Enrolment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_enrolment_changed();
CREATE TRIGGER "Enrolment_rollup_delete" AFTER DELETE ON "Enrolment" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_enrolment_changed();

CREATE TRIGGER "Placement_rollup_insert" AFTER INSERT ON "Placement" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_placement_changed();
CREATE TRIGGER "Placement_rollup_update" AFTER UPDATE ON "Placement" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_placement_changed();
CREATE TRIGGER "Placement_rollup_delete" AFTER DELETE ON "Placement" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_placement_changed();

CREATE TRIGGER "PlacementReview_rollup_insert" AFTER INSERT ON "PlacementReview" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_review_changed();
CREATE TRIGGER "PlacementReview_rollup_update" AFTER UPDATE ON "PlacementReview" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_review_changed();
CREATE TRIGGER "PlacementReview_rollup_delete" AFTER DELETE ON "PlacementReview" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_review_changed();

CREATE TRIGGER "Reintegration_rollup_insert" AFTER INSERT ON "Reintegration" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_reintegration_changed();
CREATE TRIGGER "Reintegration_rollup_update" AFTER UPDATE ON "Reintegration" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_reintegration_changed();
CREATE TRIGGER "Reintegration_rollup_delete" AFTER DELETE ON "Reintegration" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_reintegration_changed();

CREATE TRIGGER "Exclusion_rollup_insert" AFTER INSERT ON "Exclusion" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_exclusion_changed();
CREATE TRIGGER "Exclusion_rollup_update" AFTER UPDATE ON "Exclusion" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_exclusion_changed();
CREATE TRIGGER "Exclusion_rollup_delete" AFTER DELETE ON "Exclusion" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_exclusion_changed();

CREATE TRIGGER "Pupil_rollup_update" AFTER UPDATE ON "Pupil" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_pupil_changed();

CREATE TRIGGER "School_rollup_update" AFTER UPDATE ON "School" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rollup_school_changed();

CREATE TRIGGER "TermDates_rollup" AFTER INSERT OR UPDATE OR DELETE ON "TermDates"
  FOR EACH ROW EXECUTE FUNCTION report_rollup_term_dates_changed();

GRANT SELECT, INSERT, UPDATE, DELETE ON "ReportRollup", "ReportRollupChange" TO ap_app_role;
GRANT USAGE, SELECT ON SEQUENCE "ReportRollupChange_id_seq" TO ap_app_role;
