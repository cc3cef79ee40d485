-- The law of 2026 (domain.md §10.2, §10.4; issue 14 items 2, 4, 7).

-- Off-site direction reviews (SI 2010/1156 as amended by SI 2012/2532; the 2026 Regulations for academies, AP
-- academies and PRUs): written requests for a review by a parent or the LA (rule O3), and review meetings with who
-- was there, and when the LA was invited for a pupil with an EHC plan (rule O3b).
CREATE TYPE "DirectionReviewRequester" AS ENUM ('PARENT', 'LOCAL_AUTHORITY');

CREATE TABLE "DirectionReviewRequest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "placementId" UUID NOT NULL,
    "requestedOn" DATE NOT NULL,
    "requestedBy" "DirectionReviewRequester" NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DirectionReviewRequest_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "DirectionReviewRequest_placementId_requestedOn_idx" ON "DirectionReviewRequest"("placementId", "requestedOn");
ALTER TABLE "DirectionReviewRequest" ADD CONSTRAINT "DirectionReviewRequest_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "DirectionReviewMeeting" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "placementId" UUID NOT NULL,
    "meetingDate" DATE NOT NULL,
    "headteacherPresent" BOOLEAN NOT NULL,
    "parentsInvited" BOOLEAN NOT NULL,
    "parentsAttended" BOOLEAN NOT NULL,
    "boardNomineePresent" BOOLEAN NOT NULL,
    "laInvitedOn" DATE,
    "outcome" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DirectionReviewMeeting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DirectionReviewMeeting_laInvitedOn_check" CHECK ("laInvitedOn" IS NULL OR "laInvitedOn" <= "meetingDate")
);
CREATE INDEX "DirectionReviewMeeting_placementId_meetingDate_idx" ON "DirectionReviewMeeting"("placementId", "meetingDate");
ALTER TABLE "DirectionReviewMeeting" ADD CONSTRAINT "DirectionReviewMeeting_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Managed moves (2026 guidance): permanent transfers, no trial period (rule O7), not given admission priority by an
-- oversubscribed school (rule O7b); counted in the school movement profile.
CREATE TABLE "ManagedMove" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "fromSchoolId" UUID NOT NULL,
    "toSchoolId" UUID NOT NULL,
    "agreedOn" DATE NOT NULL,
    "startDate" DATE NOT NULL,
    "recordedAsTrial" BOOLEAN NOT NULL,
    "trialEndsOn" DATE,
    "automaticReturn" BOOLEAN NOT NULL,
    "admissionPriorityGiven" BOOLEAN NOT NULL,
    "receivingSchoolOversubscribed" BOOLEAN NOT NULL,
    "precedingPlacementId" UUID,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ManagedMove_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ManagedMove_schools_check" CHECK ("fromSchoolId" <> "toSchoolId"),
    CONSTRAINT "ManagedMove_dates_check" CHECK ("startDate" >= "agreedOn")
);
CREATE INDEX "ManagedMove_pupilId_idx" ON "ManagedMove"("pupilId");
CREATE INDEX "ManagedMove_fromSchoolId_startDate_idx" ON "ManagedMove"("fromSchoolId", "startDate");
CREATE INDEX "ManagedMove_toSchoolId_startDate_idx" ON "ManagedMove"("toSchoolId", "startDate");
ALTER TABLE "ManagedMove" ADD CONSTRAINT "ManagedMove_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ManagedMove" ADD CONSTRAINT "ManagedMove_fromSchoolId_fkey" FOREIGN KEY ("fromSchoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ManagedMove" ADD CONSTRAINT "ManagedMove_toSchoolId_fkey" FOREIGN KEY ("toSchoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ManagedMove" ADD CONSTRAINT "ManagedMove_precedingPlacementId_fkey" FOREIGN KEY ("precedingPlacementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Inclusion bases (Schools White Paper 2026): in-school, on-roll provision run by a school or trust (support base) or
-- commissioned by the LA (specialist base). Not AP: time in one is never a placement and no AP report reads these.
CREATE TYPE "InclusionBaseKind" AS ENUM ('SUPPORT_BASE', 'SPECIALIST_BASE');

CREATE TABLE "InclusionBase" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "schoolId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "InclusionBaseKind" NOT NULL,
    "openedOn" DATE NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InclusionBase_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "InclusionBase_name_check" CHECK (length(trim("name")) > 0)
);
CREATE UNIQUE INDEX "InclusionBase_schoolId_name_key" ON "InclusionBase"("schoolId", "name");
ALTER TABLE "InclusionBase" ADD CONSTRAINT "InclusionBase_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "InclusionBaseSpell" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "baseId" UUID NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "hoursPerWeek" DECIMAL(4,1),
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InclusionBaseSpell_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "InclusionBaseSpell_dates_check" CHECK ("endDate" IS NULL OR "endDate" >= "startDate"),
    CONSTRAINT "InclusionBaseSpell_hours_check" CHECK ("hoursPerWeek" IS NULL OR ("hoursPerWeek" > 0 AND "hoursPerWeek" <= 40))
);
CREATE INDEX "InclusionBaseSpell_pupilId_idx" ON "InclusionBaseSpell"("pupilId");
CREATE INDEX "InclusionBaseSpell_baseId_startDate_idx" ON "InclusionBaseSpell"("baseId", "startDate");
ALTER TABLE "InclusionBaseSpell" ADD CONSTRAINT "InclusionBaseSpell_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "InclusionBaseSpell" ADD CONSTRAINT "InclusionBaseSpell_baseId_fkey" FOREIGN KEY ("baseId") REFERENCES "InclusionBase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

GRANT SELECT, INSERT ON "DirectionReviewRequest", "DirectionReviewMeeting", "ManagedMove", "InclusionBase" TO ap_app_role;
GRANT SELECT, INSERT, UPDATE ON "InclusionBaseSpell" TO ap_app_role;
