-- Data protection (issue 15): restriction of processing (UK GDPR art. 18), the retention review list, and
-- anonymisation after an LA officer's approval (docs/data-protection.md).

-- Restriction: kept, but seen only by the LA officers named on it (src/access/scope.ts applies it to every read).
ALTER TABLE "Pupil" ADD COLUMN "restrictedAt" TIMESTAMPTZ(3);
ALTER TABLE "Pupil" ADD COLUMN "restrictedToUserIds" UUID[] NOT NULL DEFAULT '{}';
ALTER TABLE "Pupil" ADD CONSTRAINT "Pupil_restriction_check"
  CHECK ("restrictedAt" IS NULL OR cardinality("restrictedToUserIds") > 0);

-- Anonymised pupils keep their characteristics and academic year of birth (what the reports rest on),
-- with a placeholder UPN that can never be a real one (a real UPN starts with a letter then 11 digits).
ALTER TABLE "Pupil" ADD COLUMN "anonymisedAt" TIMESTAMPTZ(3);
ALTER TABLE "Pupil" DROP CONSTRAINT "Pupil_upn_check";
ALTER TABLE "Pupil" ADD CONSTRAINT "Pupil_upn_check" CHECK (
  "upn" ~ '^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$'
  OR ("anonymisedAt" IS NOT NULL AND "upn" ~ '^ANON[0-9]{8}[0T]$'));
CREATE SEQUENCE "Pupil_anonymised_upn_seq" AS integer MAXVALUE 99999999;
GRANT USAGE, SELECT ON SEQUENCE "Pupil_anonymised_upn_seq" TO ap_app_role;

-- Flags name their pupil, so a restriction can hide them through the same relation as everything else.
ALTER TABLE "Flag" ADD CONSTRAINT "Flag_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id")
  ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TYPE "RetentionReviewStatus" AS ENUM ('AWAITING_APPROVAL', 'APPROVED', 'ANONYMISED');

-- One row per pupil past retention: found by the nightly job, approved by an LA officer, then anonymised.
CREATE TABLE "RetentionReview" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "pupilId" UUID NOT NULL,
    "dueOn" DATE NOT NULL,
    "ruleId" TEXT NOT NULL,
    "foundOn" DATE NOT NULL,
    "status" "RetentionReviewStatus" NOT NULL DEFAULT 'AWAITING_APPROVAL',
    "approvedBy" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "approvalReason" TEXT,
    "anonymisedAt" TIMESTAMPTZ(3),
    CONSTRAINT "RetentionReview_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "RetentionReview_approval_check" CHECK (
      ("status" = 'AWAITING_APPROVAL') = ("approvedBy" IS NULL)
      AND ("approvedBy" IS NULL) = ("approvedAt" IS NULL)
      AND ("approvedBy" IS NULL) = ("approvalReason" IS NULL)
      AND ("status" = 'ANONYMISED') = ("anonymisedAt" IS NOT NULL)),
    CONSTRAINT "RetentionReview_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RetentionReview_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "RetentionReview_pupilId_key" ON "RetentionReview"("pupilId");
CREATE INDEX "RetentionReview_laId_status_idx" ON "RetentionReview"("laId", "status");
GRANT SELECT, INSERT, UPDATE ON "RetentionReview" TO ap_app_role;

-- A review is never un-approved: once approved it only moves on to anonymised.
CREATE FUNCTION retention_review_forward_only() RETURNS trigger AS $$
BEGIN
  IF OLD."status" <> 'AWAITING_APPROVAL' AND (NEW."approvedBy" IS DISTINCT FROM OLD."approvedBy"
      OR NEW."approvedAt" IS DISTINCT FROM OLD."approvedAt" OR NEW."status" = 'AWAITING_APPROVAL') THEN
    RAISE EXCEPTION 'a retention approval cannot be changed or withdrawn' USING ERRCODE = '42501';
  END IF;
  IF OLD."status" = 'ANONYMISED' AND NEW."status" <> 'ANONYMISED' THEN
    RAISE EXCEPTION 'an anonymised record stays anonymised' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER "RetentionReview_forward_only" BEFORE UPDATE ON "RetentionReview"
  FOR EACH ROW EXECUTE FUNCTION retention_review_forward_only();

-- History stays append-only, with one exception the database itself checks: the free text of a pupil whose
-- anonymisation an LA officer approved may be blanked (only those columns are granted; rows never deleted).
CREATE FUNCTION anonymisation_approved(pupil uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "RetentionReview" r WHERE r."pupilId" = pupil AND r."status" = 'APPROVED')
$$;

CREATE FUNCTION forbid_rewrite_unless_anonymising() RETURNS trigger AS $$
DECLARE pupil uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF TG_TABLE_NAME = 'PupilEvent' THEN
      pupil := OLD."pupilId";
    ELSE -- FairAccessDecision, FairAccessSchoolResponse
      SELECT "pupilId" INTO pupil FROM "FairAccessReferral" WHERE id = OLD."referralId";
    END IF;
    IF pupil IS NOT NULL AND anonymisation_approved(pupil) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = '42501';
END $$ LANGUAGE plpgsql;

DROP TRIGGER "PupilEvent_append_only" ON "PupilEvent";
CREATE TRIGGER "PupilEvent_append_only" BEFORE UPDATE OR DELETE ON "PupilEvent"
  FOR EACH ROW EXECUTE FUNCTION forbid_rewrite_unless_anonymising();
DROP TRIGGER "FairAccessDecision_append_only" ON "FairAccessDecision";
CREATE TRIGGER "FairAccessDecision_append_only" BEFORE UPDATE OR DELETE ON "FairAccessDecision"
  FOR EACH ROW EXECUTE FUNCTION forbid_rewrite_unless_anonymising();
DROP TRIGGER "FairAccessSchoolResponse_append_only" ON "FairAccessSchoolResponse";
CREATE TRIGGER "FairAccessSchoolResponse_append_only" BEFORE UPDATE OR DELETE ON "FairAccessSchoolResponse"
  FOR EACH ROW EXECUTE FUNCTION forbid_rewrite_unless_anonymising();

GRANT UPDATE ("reason", "data") ON "PupilEvent" TO ap_app_role;
GRANT UPDATE ("rationale", "overrideReason") ON "FairAccessDecision" TO ap_app_role;
GRANT UPDATE ("reason") ON "FairAccessSchoolResponse" TO ap_app_role;
