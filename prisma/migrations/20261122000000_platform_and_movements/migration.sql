-- Platform (organisations, pupils, identity, audit, outbox) and movements (placements, exclusions, reintegration).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- CreateEnum
CREATE TYPE "SchoolPhase" AS ENUM ('PRIMARY', 'SECONDARY', 'ALL_THROUGH', 'SPECIAL', 'ALTERNATIVE_PROVISION');
CREATE TYPE "SchoolType" AS ENUM ('MAINTAINED', 'ACADEMY', 'SPECIAL', 'PRU', 'AP_ACADEMY', 'AP_FREE_SCHOOL', 'INDEPENDENT');
CREATE TYPE "ProviderKind" AS ENUM ('REGISTERED_SCHOOL', 'REGISTERED_INDEPENDENT_SCHOOL', 'UNREGISTERED');
CREATE TYPE "CheckOutcome" AS ENUM ('SATISFACTORY', 'CONCERNS', 'UNSATISFACTORY');
CREATE TYPE "Role" AS ENUM ('LA_OFFICER', 'PANEL_MEMBER', 'SCHOOL_STAFF', 'PROVIDER_STAFF', 'ANALYST');
CREATE TYPE "SenStatus" AS ENUM ('NONE', 'SEN_SUPPORT', 'EHCP');
CREATE TYPE "SocialCareStatus" AS ENUM ('NONE', 'CHILD_IN_NEED', 'CHILD_PROTECTION');
CREATE TYPE "Sex" AS ENUM ('F', 'M');
CREATE TYPE "RegistrationType" AS ENUM ('SINGLE', 'MAIN', 'SUBSIDIARY');
CREATE TYPE "RollExitCategory" AS ENUM ('PERMANENT_EXCLUSION', 'ELECTIVE_HOME_EDUCATION', 'TRANSFERRED_TO_SCHOOL', 'MOVED_AWAY', 'PHASE_TRANSITION', 'CME_OR_UNKNOWN', 'OTHER');
CREATE TYPE "PlacementReason" AS ENUM ('PERMANENT_EXCLUSION', 'SUSPENSION_OVER_FIVE_DAYS', 'OFF_SITE_DIRECTION', 'BEHAVIOUR_EARLY_INTERVENTION', 'HEALTH_NEEDS', 'AWAITING_SCHOOL_PLACE', 'EHCP_NAMED', 'OTHER');
CREATE TYPE "LegalBasis" AS ENUM ('S19_LA_DAY_SIX_PERMANENT_EXCLUSION', 'SCHOOL_DAY_SIX_SUSPENSION', 'S29A_OFF_SITE_DIRECTION', 'SCHOOL_COMMISSIONED', 'S19_HEALTH', 'S19_OTHER', 'S42_EHC_PLAN');
CREATE TYPE "ApTier" AS ENUM ('TIER_1_TARGETED_SUPPORT', 'TIER_2_TIME_LIMITED', 'TIER_3_TRANSITIONAL');
CREATE TYPE "CommissionerKind" AS ENUM ('SCHOOL', 'LA');
CREATE TYPE "PlacementRegistration" AS ENUM ('DUAL_REGISTERED', 'SINGLE_REGISTERED_AT_AP', 'HOME_SCHOOL_ONLY');
CREATE TYPE "PlacementStatus" AS ENUM ('OPEN', 'ENDED');
CREATE TYPE "Destination" AS ENUM ('MAINSTREAM_SCHOOL', 'SPECIAL_SCHOOL', 'ANOTHER_AP', 'POST16_EET', 'NEET', 'ELECTIVE_HOME_EDUCATION', 'MOVED_OUT_OF_LA', 'CHILDREN_MISSING_EDUCATION', 'OTHER');
CREATE TYPE "ReviewOutcome" AS ENUM ('CONTINUE', 'EXTEND', 'END');
CREATE TYPE "ReintegrationStatus" AS ENUM ('PENDING', 'SUSTAINED', 'BROKEN_DOWN');
CREATE TYPE "CheckpointOutcome" AS ENUM ('SUSTAINED', 'BROKEN_DOWN');
CREATE TYPE "ExclusionKind" AS ENUM ('SUSPENSION', 'PERMANENT');
CREATE TYPE "GovernorOutcome" AS ENUM ('PENDING', 'UPHELD', 'REINSTATED');
CREATE TYPE "FlagSeverity" AS ENUM ('CRIT', 'HIGH', 'MED', 'INFO');
CREATE TYPE "FlagStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED');
CREATE TYPE "FlagSubject" AS ENUM ('PUPIL', 'PLACEMENT', 'REFERRAL', 'PROVIDER', 'EXCLUSION', 'REINTEGRATION', 'SCHOOL');

-- CreateTable
CREATE TABLE "LocalAuthority" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" CHAR(3) NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LocalAuthority_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "LocalAuthority_code_check" CHECK ("code" ~ '^[0-9]{3}$')
);

CREATE TABLE "TermDates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "academicYear" TEXT NOT NULL,
    "holidays" JSONB NOT NULL,
    "insetDays" JSONB NOT NULL DEFAULT '[]',
    "source" TEXT NOT NULL,
    "loadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TermDates_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "TermDates_academicYear_check" CHECK ("academicYear" ~ '^[0-9]{4}-[0-9]{2}$')
);

CREATE TABLE "LaSettings" (
    "laId" UUID NOT NULL,
    "webhookUrl" TEXT,
    "webhookSecret" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LaSettings_pkey" PRIMARY KEY ("laId")
);

CREATE TABLE "School" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "urn" CHAR(6) NOT NULL,
    "laestab" CHAR(7) NOT NULL,
    "name" TEXT NOT NULL,
    "phase" "SchoolPhase" NOT NULL,
    "type" "SchoolType" NOT NULL,
    "numberOnRoll" INTEGER NOT NULL,
    "isOpen" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "School_pkey" PRIMARY KEY ("id"),
    -- Rule V5: URN 6 digits, LAESTAB 7 digits.
    CONSTRAINT "School_urn_check" CHECK ("urn" ~ '^[0-9]{6}$'),
    CONSTRAINT "School_laestab_check" CHECK ("laestab" ~ '^[0-9]{7}$'),
    CONSTRAINT "School_numberOnRoll_check" CHECK ("numberOnRoll" >= 0)
);

CREATE TABLE "Provider" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProviderKind" NOT NULL,
    "schoolId" UUID,
    "urn" CHAR(6),
    "ukprn" CHAR(8),
    "settingType" VARCHAR(3),
    "registrationReference" TEXT,
    "qaCheckDate" DATE,
    "qaOutcome" "CheckOutcome",
    "safeguardingCheckDate" DATE,
    "safeguardingOutcome" "CheckOutcome",
    "riskAssessmentDate" DATE,
    "onApprovedList" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Provider_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Provider_urn_check" CHECK ("urn" IS NULL OR "urn" ~ '^[0-9]{6}$'),
    CONSTRAINT "Provider_ukprn_check" CHECK ("ukprn" IS NULL OR "ukprn" ~ '^[0-9]{8}$'),
    CONSTRAINT "Provider_settingType_check" CHECK ("settingType" IS NULL OR "settingType" IN ('NFE', 'OOT', 'OTH', 'WBP')),
    -- Registered schools have a URN; an unregistered provider cannot have one (rule U1 keys on "no URN").
    CONSTRAINT "Provider_kind_urn_check" CHECK (("kind" = 'UNREGISTERED') = ("urn" IS NULL)),
    -- Rule V5: an AP setting is identified by exactly one of URN, UKPRN or setting type.
    CONSTRAINT "Provider_identifier_check" CHECK (num_nonnulls("urn", "ukprn", "settingType") = 1)
);

CREATE TABLE "AppUser" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "laId" UUID NOT NULL,
    "schoolId" UUID,
    "providerId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AppUser_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AppUser_org_check" CHECK (
        ("role" = 'SCHOOL_STAFF') = ("schoolId" IS NOT NULL)
        AND ("role" = 'PROVIDER_STAFF') = ("providerId" IS NOT NULL))
);

CREATE TABLE "Pupil" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "upn" CHAR(13) NOT NULL,
    "upnIsTemporary" BOOLEAN NOT NULL DEFAULT false,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "ethnicityCode" VARCHAR(4),
    "senStatus" "SenStatus" NOT NULL DEFAULT 'NONE',
    "lookedAfter" BOOLEAN NOT NULL DEFAULT false,
    "socialCareStatus" "SocialCareStatus" NOT NULL DEFAULT 'NONE',
    "fsmEligible" BOOLEAN NOT NULL DEFAULT false,
    "homeLaId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Pupil_pkey" PRIMARY KEY ("id"),
    -- Rule V1 shape (the check letter itself is verified in the domain layer).
    CONSTRAINT "Pupil_upn_check" CHECK ("upn" ~ '^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$'),
    CONSTRAINT "Pupil_upnIsTemporary_check" CHECK ("upnIsTemporary" = ("upn" ~ '[A-Z]$'))
);

CREATE TABLE "Enrolment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "registration" "RegistrationType" NOT NULL DEFAULT 'SINGLE',
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "endReason" TEXT,
    "endCategory" "RollExitCategory",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Enrolment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Enrolment_dates_check" CHECK ("endDate" IS NULL OR "endDate" >= "startDate"),
    CONSTRAINT "Enrolment_exit_check" CHECK (("endDate" IS NULL) = ("endCategory" IS NULL))
);

CREATE TABLE "Placement" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "providerId" UUID NOT NULL,
    "laId" UUID NOT NULL,
    "commissionerKind" "CommissionerKind" NOT NULL,
    "commissioningSchoolId" UUID,
    "reason" "PlacementReason" NOT NULL,
    "reasonOther" TEXT,
    "legalBasis" "LegalBasis" NOT NULL,
    "tier" "ApTier" NOT NULL,
    "providerUrn" CHAR(6),
    "providerUkprn" CHAR(8),
    "settingType" VARCHAR(3),
    "startDate" DATE NOT NULL,
    "plannedEndDate" DATE,
    "endDate" DATE,
    "hoursPerWeek" DECIMAL(4,1) NOT NULL,
    "registration" "PlacementRegistration" NOT NULL,
    "objectives" TEXT NOT NULL,
    "reintegrationPlan" TEXT NOT NULL,
    "readinessCriteria" TEXT,
    "maximumPeriodSchoolDays" INTEGER,
    "registrationConfirmed" BOOLEAN NOT NULL,
    "safeguardingConfirmedOn" DATE,
    "safeguardingLead" TEXT,
    "informationSharedOn" DATE,
    "laNotifiedOn" DATE,
    "reviewIntervalSchoolDays" INTEGER NOT NULL DEFAULT 30,
    "lastReviewDate" DATE,
    "nextReviewDue" DATE NOT NULL,
    "directionNoticeDate" DATE,
    "directionNotice" JSONB,
    "ehcpLaNoticeDate" DATE,
    "status" "PlacementStatus" NOT NULL DEFAULT 'OPEN',
    "destination" "Destination",
    "destinationSchoolId" UUID,
    "destinationDetail" TEXT,
    "previousPlacementId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Placement_pkey" PRIMARY KEY ("id"),
    -- End date on or after start.
    CONSTRAINT "Placement_endDate_check" CHECK ("endDate" IS NULL OR "endDate" >= "startDate"),
    CONSTRAINT "Placement_plannedEndDate_check" CHECK ("plannedEndDate" IS NULL OR "plannedEndDate" >= "startDate"),
    -- An ended placement has an end date and a destination; an open one has neither.
    CONSTRAINT "Placement_status_check" CHECK (("status" = 'ENDED') = ("endDate" IS NOT NULL) AND ("status" = 'ENDED') = ("destination" IS NOT NULL)),
    -- Rule V5: exactly one of URN, UKPRN or AP setting type.
    CONSTRAINT "Placement_identifier_check" CHECK (num_nonnulls("providerUrn", "providerUkprn", "settingType") = 1),
    CONSTRAINT "Placement_settingType_check" CHECK ("settingType" IS NULL OR "settingType" IN ('NFE', 'OOT', 'OTH', 'WBP')),
    CONSTRAINT "Placement_commissioner_check" CHECK (("commissionerKind" = 'SCHOOL') = ("commissioningSchoolId" IS NOT NULL)),
    -- A single placement can be at most a full-time week (32.5 hours, domain.md §2.3).
    CONSTRAINT "Placement_hours_check" CHECK ("hoursPerWeek" > 0 AND "hoursPerWeek" <= 32.5),
    -- Rule P2: reviews at least half-termly.
    CONSTRAINT "Placement_reviewInterval_check" CHECK ("reviewIntervalSchoolDays" BETWEEN 1 AND 30),
    CONSTRAINT "Placement_reasonOther_check" CHECK ("reason" <> 'OTHER' OR length(trim("reasonOther")) > 0),
    -- Rule P1: a time-limited placement or off-site direction has a planned end.
    CONSTRAINT "Placement_plannedEnd_required_check" CHECK ("plannedEndDate" IS NOT NULL OR ("tier" <> 'TIER_2_TIME_LIMITED' AND "reason" <> 'OFF_SITE_DIRECTION')),
    -- Rule O1: an off-site direction needs its written notice.
    CONSTRAINT "Placement_directionNotice_check" CHECK ("reason" <> 'OFF_SITE_DIRECTION' OR ("directionNoticeDate" IS NOT NULL AND "directionNotice" IS NOT NULL)),
    -- No two overlapping placements of one pupil at the same provider.
    CONSTRAINT "Placement_no_overlap_same_provider" EXCLUDE USING gist (
        "pupilId" WITH =, "providerId" WITH =,
        daterange("startDate", COALESCE("endDate", 'infinity'::date), '[]') WITH &&)
);

CREATE TABLE "PlacementReview" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "placementId" UUID NOT NULL,
    "reviewDate" DATE NOT NULL,
    "outcome" "ReviewOutcome" NOT NULL,
    "newPlannedEndDate" DATE,
    "notes" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlacementReview_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PlacementReview_extend_check" CHECK (("outcome" = 'EXTEND') = ("newPlannedEndDate" IS NOT NULL))
);

CREATE TABLE "Reintegration" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "placementId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "startDate" DATE NOT NULL,
    "status" "ReintegrationStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Reintegration_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ReintegrationCheckpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "reintegrationId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "schoolDays" INTEGER NOT NULL,
    "dueDate" DATE NOT NULL,
    "isFinal" BOOLEAN NOT NULL,
    "outcome" "CheckpointOutcome",
    "reportedOn" DATE,
    "reason" TEXT,
    CONSTRAINT "ReintegrationCheckpoint_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ReintegrationCheckpoint_reported_check" CHECK (("outcome" IS NULL) = ("reportedOn" IS NULL))
);

CREATE TABLE "Exclusion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "kind" "ExclusionKind" NOT NULL,
    "startDate" DATE NOT NULL,
    "schoolDays" DECIMAL(4,1),
    "reasonCategory" TEXT NOT NULL,
    "academicYear" TEXT NOT NULL,
    "daySixDate" DATE,
    "governorOutcome" "GovernorOutcome" NOT NULL DEFAULT 'PENDING',
    "governorDecisionDate" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Exclusion_pkey" PRIMARY KEY ("id"),
    -- A suspension has a length in half-day steps (rule E7: lunchtime = 0.5); a permanent exclusion has none.
    CONSTRAINT "Exclusion_schoolDays_check" CHECK (
        ("kind" = 'SUSPENSION' AND "schoolDays" > 0 AND "schoolDays" <= 45 AND "schoolDays" * 2 = trunc("schoolDays" * 2))
        OR ("kind" = 'PERMANENT' AND "schoolDays" IS NULL)),
    CONSTRAINT "Exclusion_governor_check" CHECK (("governorOutcome" = 'PENDING') = ("governorDecisionDate" IS NULL))
);

CREATE TABLE "PupilEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "seq" BIGSERIAL NOT NULL,
    "pupilId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "occurredOn" DATE NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorRole" "Role" NOT NULL,
    "actorOrgId" TEXT,
    "reason" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "placementId" UUID,
    "exclusionId" UUID,
    "reintegrationId" UUID,
    "correctsEventId" UUID,
    CONSTRAINT "PupilEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PupilEvent_reason_check" CHECK (length(trim("reason")) > 0)
);

CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorOrgId" TEXT,
    "laId" UUID,
    "operation" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectIds" TEXT[],
    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "aggregateType" TEXT NOT NULL,
    "aggregateId" UUID NOT NULL,
    "laId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "IdempotencyKey" (
    "actorId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "response" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("actorId","key")
);

CREATE TABLE "Flag" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "ruleId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "severity" "FlagSeverity" NOT NULL,
    "subjectType" "FlagSubject" NOT NULL,
    "subjectId" UUID NOT NULL,
    "periodKey" TEXT NOT NULL DEFAULT '',
    "laId" UUID NOT NULL,
    "pupilId" UUID,
    "placementId" UUID,
    "providerId" UUID,
    "schoolId" UUID,
    "title" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "evidenceScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "configVersion" TEXT NOT NULL,
    "status" "FlagStatus" NOT NULL DEFAULT 'OPEN',
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "dismissedAt" TIMESTAMPTZ(3),
    "dismissedBy" TEXT,
    "dismissedReason" TEXT,
    "dismissedScore" DOUBLE PRECISION,
    CONSTRAINT "Flag_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Flag_dismissed_check" CHECK (("status" = 'DISMISSED') <= ("dismissedReason" IS NOT NULL))
);

CREATE TABLE "LaRuleOverride" (
    "laId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LaRuleOverride_pkey" PRIMARY KEY ("laId","key")
);

CREATE TABLE "ScanRun" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "asOf" DATE NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "evaluated" INTEGER NOT NULL DEFAULT 0,
    "raised" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "pendingKinds" TEXT[],
    CONSTRAINT "ScanRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LocalAuthority_code_key" ON "LocalAuthority"("code");
CREATE UNIQUE INDEX "TermDates_laId_academicYear_key" ON "TermDates"("laId", "academicYear");
CREATE UNIQUE INDEX "School_urn_key" ON "School"("urn");
CREATE UNIQUE INDEX "School_laestab_key" ON "School"("laestab");
CREATE INDEX "School_laId_idx" ON "School"("laId");
CREATE UNIQUE INDEX "Provider_schoolId_key" ON "Provider"("schoolId");
CREATE UNIQUE INDEX "Provider_urn_key" ON "Provider"("urn");
CREATE UNIQUE INDEX "Provider_ukprn_key" ON "Provider"("ukprn");
CREATE INDEX "Provider_laId_idx" ON "Provider"("laId");
CREATE UNIQUE INDEX "AppUser_email_key" ON "AppUser"("email");
CREATE UNIQUE INDEX "Pupil_upn_key" ON "Pupil"("upn");
CREATE INDEX "Pupil_homeLaId_idx" ON "Pupil"("homeLaId");
CREATE INDEX "Pupil_lastName_dateOfBirth_idx" ON "Pupil"("lastName", "dateOfBirth");
CREATE INDEX "Enrolment_pupilId_idx" ON "Enrolment"("pupilId");
CREATE INDEX "Enrolment_schoolId_endDate_idx" ON "Enrolment"("schoolId", "endDate");
CREATE UNIQUE INDEX "Placement_previousPlacementId_key" ON "Placement"("previousPlacementId");
CREATE INDEX "Placement_pupilId_startDate_idx" ON "Placement"("pupilId", "startDate");
CREATE INDEX "Placement_providerId_status_idx" ON "Placement"("providerId", "status");
CREATE INDEX "Placement_laId_status_idx" ON "Placement"("laId", "status");
CREATE INDEX "Placement_commissioningSchoolId_idx" ON "Placement"("commissioningSchoolId");
CREATE INDEX "Placement_laId_startDate_idx" ON "Placement"("laId", "startDate");
CREATE INDEX "PlacementReview_placementId_reviewDate_idx" ON "PlacementReview"("placementId", "reviewDate");
CREATE UNIQUE INDEX "Reintegration_placementId_key" ON "Reintegration"("placementId");
CREATE INDEX "Reintegration_pupilId_idx" ON "Reintegration"("pupilId");
CREATE INDEX "Reintegration_schoolId_idx" ON "Reintegration"("schoolId");
CREATE UNIQUE INDEX "ReintegrationCheckpoint_reintegrationId_label_key" ON "ReintegrationCheckpoint"("reintegrationId", "label");
CREATE INDEX "ReintegrationCheckpoint_dueDate_idx" ON "ReintegrationCheckpoint"("dueDate");
CREATE INDEX "Exclusion_pupilId_academicYear_idx" ON "Exclusion"("pupilId", "academicYear");
CREATE INDEX "Exclusion_schoolId_startDate_idx" ON "Exclusion"("schoolId", "startDate");
CREATE UNIQUE INDEX "PupilEvent_seq_key" ON "PupilEvent"("seq");
CREATE INDEX "PupilEvent_pupilId_occurredOn_idx" ON "PupilEvent"("pupilId", "occurredOn");
CREATE INDEX "PupilEvent_placementId_idx" ON "PupilEvent"("placementId");
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");
CREATE UNIQUE INDEX "Flag_ruleId_subjectType_subjectId_periodKey_key" ON "Flag"("ruleId", "subjectType", "subjectId", "periodKey");
CREATE INDEX "Flag_laId_status_severity_idx" ON "Flag"("laId", "status", "severity");
CREATE INDEX "Flag_pupilId_idx" ON "Flag"("pupilId");
CREATE INDEX "Flag_providerId_idx" ON "Flag"("providerId");
CREATE INDEX "Flag_schoolId_idx" ON "Flag"("schoolId");

-- Partial indexes the workers and rolls rely on (Prisma cannot express these).
CREATE INDEX "OutboxEvent_unpublished_idx" ON "OutboxEvent"("id") WHERE "publishedAt" IS NULL;
CREATE INDEX "Placement_open_provider_idx" ON "Placement"("providerId", "startDate") WHERE "status" = 'OPEN';
CREATE INDEX "Enrolment_current_idx" ON "Enrolment"("pupilId") WHERE "endDate" IS NULL;

-- AddForeignKey
ALTER TABLE "TermDates" ADD CONSTRAINT "TermDates_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LaSettings" ADD CONSTRAINT "LaSettings_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "School" ADD CONSTRAINT "School_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Provider" ADD CONSTRAINT "Provider_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Provider" ADD CONSTRAINT "Provider_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "AppUser" ADD CONSTRAINT "AppUser_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "AppUser" ADD CONSTRAINT "AppUser_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "AppUser" ADD CONSTRAINT "AppUser_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Pupil" ADD CONSTRAINT "Pupil_homeLaId_fkey" FOREIGN KEY ("homeLaId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_commissioningSchoolId_fkey" FOREIGN KEY ("commissioningSchoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Placement" ADD CONSTRAINT "Placement_previousPlacementId_fkey" FOREIGN KEY ("previousPlacementId") REFERENCES "Placement"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "PlacementReview" ADD CONSTRAINT "PlacementReview_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Reintegration" ADD CONSTRAINT "Reintegration_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Reintegration" ADD CONSTRAINT "Reintegration_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Reintegration" ADD CONSTRAINT "Reintegration_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ReintegrationCheckpoint" ADD CONSTRAINT "ReintegrationCheckpoint_reintegrationId_fkey" FOREIGN KEY ("reintegrationId") REFERENCES "Reintegration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Exclusion" ADD CONSTRAINT "Exclusion_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Exclusion" ADD CONSTRAINT "Exclusion_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PupilEvent" ADD CONSTRAINT "PupilEvent_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PupilEvent" ADD CONSTRAINT "PupilEvent_correctsEventId_fkey" FOREIGN KEY ("correctsEventId") REFERENCES "PupilEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Flag" ADD CONSTRAINT "Flag_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LaRuleOverride" ADD CONSTRAINT "LaRuleOverride_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A pupil's concurrent placements cannot add up to more than a full-time week (32.5 h, domain.md §2.3).
-- Use cases lock the pupil row first, so concurrent writers are serialised before this check runs.
CREATE FUNCTION placement_hours_within_full_time() RETURNS trigger AS $$
DECLARE total NUMERIC;
BEGIN
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
CREATE TRIGGER "Placement_concurrent_hours" BEFORE INSERT OR UPDATE OF "hoursPerWeek", "startDate", "endDate" ON "Placement"
  FOR EACH ROW EXECUTE FUNCTION placement_hours_within_full_time();

-- History is append-only: events and audit rows are never rewritten.
CREATE FUNCTION forbid_rewrite() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = '42501';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION forbid_rewrite();
CREATE TRIGGER "PupilEvent_append_only" BEFORE UPDATE OR DELETE ON "PupilEvent" FOR EACH ROW EXECUTE FUNCTION forbid_rewrite();

-- The application's role: read/write the record, but only insert and read history.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ap_app_role') THEN
    CREATE ROLE ap_app_role NOLOGIN;
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO ap_app_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ap_app_role;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ap_app_role;
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent", "PupilEvent" FROM ap_app_role;
