-- Fair access (domain.md §4, rules F1–F9): referrals, panel meetings, immutable decisions,
-- school responses and directions.

-- CreateEnum
CREATE TYPE "FapCategory" AS ENUM ('CIN_OR_CP_PLAN', 'REFUGE', 'CRIMINAL_JUSTICE', 'AP_REINTEGRATION_OR_PEX', 'SEN_NO_EHCP_DISABILITY_MEDICAL', 'CARER', 'HOMELESS', 'KINSHIP_CARE', 'GRT_REFUGEE_ASYLUM', 'REFUSED_CHALLENGING_BEHAVIOUR', 'PLACE_NOT_SOUGHT_EXCEPTIONAL', 'OUT_OF_EDUCATION_4_WEEKS', 'PREVIOUSLY_LOOKED_AFTER');
CREATE TYPE "FapReferringParty" AS ENUM ('SCHOOL', 'LA_SERVICE', 'PARENT_CARER');
CREATE TYPE "FapRoute" AS ENUM ('PANEL', 'LA_DIRECTION_LOOKED_AFTER');
CREATE TYPE "FapReferralStatus" AS ENUM ('OPEN', 'ALLOCATED', 'PLACED_IN_AP', 'ADMITTED', 'ROUTED_TO_LA_DIRECTION', 'NOT_ELIGIBLE', 'WITHDRAWN');
CREATE TYPE "FapDecisionOutcome" AS ENUM ('ALLOCATE_SCHOOL', 'AP_PLACEMENT', 'MANAGED_MOVE', 'DEFER', 'NOT_ELIGIBLE', 'WITHDRAWN');
CREATE TYPE "FapRefusalGround" AS ENUM ('CHALLENGING_BEHAVIOUR', 'PREVIOUS_ATTENDANCE', 'SUSPENSION_COUNT', 'SEN_OR_DISABILITY', 'SCHOOL_FULL', 'OTHER');
CREATE TYPE "FapResponseOutcome" AS ENUM ('ACCEPTED', 'REFUSED');
CREATE TYPE "FapEscalationRoute" AS ENUM ('LA_DIRECTION', 'SECRETARY_OF_STATE_DIRECTION');
CREATE TYPE "FapEscalationBasis" AS ENUM ('REFUSAL', 'NO_RESPONSE');
CREATE TYPE "FapDirectionOutcome" AS ENUM ('DIRECTED', 'NOT_DIRECTED', 'SCHOOL_AGREED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "FairAccessReferral" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "pupilId" UUID NOT NULL,
    "referringParty" "FapReferringParty" NOT NULL,
    "referringSchoolId" UUID,
    "referrerName" TEXT NOT NULL,
    "referredOn" DATE NOT NULL,
    "categories" "FapCategory"[],
    "route" "FapRoute" NOT NULL,
    "status" "FapReferralStatus" NOT NULL DEFAULT 'OPEN',
    "yearGroupSought" INTEGER NOT NULL,
    "senStatus" "SenStatus" NOT NULL,
    "currentlyLookedAfter" BOOLEAN NOT NULL,
    "context" TEXT NOT NULL,
    "previousSchoolIds" UUID[],
    "previousSchoolsOther" TEXT,
    "recentExclusion" BOOLEAN NOT NULL DEFAULT false,
    "recentExclusionNote" TEXT,
    "inYearAttempts" TEXT,
    "agreedToConsiderOn" DATE,
    "admittedOn" DATE,
    "admittedSchoolId" UUID,
    "closedOn" DATE,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FairAccessReferral_pkey" PRIMARY KEY ("id"),
    -- Rule F3: at least one para 3.17 category, unless routed to the LA as looked after (rule F4).
    CONSTRAINT "FairAccessReferral_categories_check" CHECK ("categories" IS NOT NULL AND (cardinality("categories") >= 1 OR "route" = 'LA_DIRECTION_LOOKED_AFTER')),
    -- Reception to Year 11: fair access is for children of compulsory school age.
    CONSTRAINT "FairAccessReferral_yearGroupSought_check" CHECK ("yearGroupSought" BETWEEN 0 AND 11),
    CONSTRAINT "FairAccessReferral_context_check" CHECK (length(trim("context")) > 0),
    CONSTRAINT "FairAccessReferral_referringSchool_check" CHECK (("referringParty" = 'SCHOOL') = ("referringSchoolId" IS NOT NULL)),
    -- Rule F4: a currently looked-after child is routed to the LA, never the panel.
    CONSTRAINT "FairAccessReferral_route_check" CHECK (("route" = 'LA_DIRECTION_LOOKED_AFTER') = "currentlyLookedAfter"),
    CONSTRAINT "FairAccessReferral_dates_check" CHECK (
        ("agreedToConsiderOn" IS NULL OR "agreedToConsiderOn" >= "referredOn")
        AND ("admittedOn" IS NULL OR "admittedOn" >= "referredOn")
        AND ("closedOn" IS NULL OR "closedOn" >= "referredOn")),
    CONSTRAINT "FairAccessReferral_admitted_check" CHECK (("status" = 'ADMITTED') <= ("admittedOn" IS NOT NULL AND "admittedSchoolId" IS NOT NULL))
);

CREATE TABLE "FairAccessPanelMeeting" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "meetingDate" DATE NOT NULL,
    "attendingOrganisations" TEXT[],
    "notes" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FairAccessPanelMeeting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "FairAccessPanelMeeting_attending_check" CHECK ("attendingOrganisations" IS NOT NULL AND cardinality("attendingOrganisations") >= 1)
);

CREATE TABLE "FairAccessDecision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "referralId" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "outcome" "FapDecisionOutcome" NOT NULL,
    "rationale" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "allocatedSchoolId" UUID,
    "admissionDeadline" DATE,
    "placementId" UUID,
    "deferredToMeetingId" UUID,
    "whoseTurnSchoolId" UUID,
    "overrideReason" TEXT,
    "supersedesId" UUID,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FairAccessDecision_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "FairAccessDecision_rationale_check" CHECK (length(trim("rationale")) > 0 AND length(trim("decidedBy")) > 0),
    -- Each outcome carries exactly its own facts.
    CONSTRAINT "FairAccessDecision_outcome_check" CHECK (
        ("outcome" IN ('ALLOCATE_SCHOOL', 'MANAGED_MOVE')) = ("allocatedSchoolId" IS NOT NULL)
        AND ("outcome" = 'ALLOCATE_SCHOOL') = ("admissionDeadline" IS NOT NULL)
        AND ("outcome" = 'AP_PLACEMENT') = ("placementId" IS NOT NULL)
        AND ("outcome" = 'DEFER') = ("deferredToMeetingId" IS NOT NULL)),
    -- A panel override of the whose-turn rule records its reason.
    CONSTRAINT "FairAccessDecision_override_check" CHECK (
        "whoseTurnSchoolId" IS NULL OR "whoseTurnSchoolId" = "allocatedSchoolId"
        OR ("overrideReason" IS NOT NULL AND length(trim("overrideReason")) > 0)),
    CONSTRAINT "FairAccessDecision_supersedes_check" CHECK ("supersedesId" IS NULL OR "supersedesId" <> "id")
);

CREATE TABLE "FairAccessSchoolResponse" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "decisionId" UUID NOT NULL,
    "referralId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "requestedOn" DATE NOT NULL,
    "respondedOn" DATE NOT NULL,
    "outcome" "FapResponseOutcome" NOT NULL,
    "refusalGrounds" "FapRefusalGround"[],
    "reason" TEXT NOT NULL,
    "schoolHasHighProportionChallenging" BOOLEAN,
    "onForbiddenGround" BOOLEAN NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FairAccessSchoolResponse_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "FairAccessSchoolResponse_dates_check" CHECK ("respondedOn" >= "requestedOn"),
    -- A refusal gives at least one ground; an acceptance gives none.
    CONSTRAINT "FairAccessSchoolResponse_grounds_check" CHECK (
        ("outcome" = 'REFUSED') = (COALESCE(cardinality("refusalGrounds"), 0) >= 1)),
    CONSTRAINT "FairAccessSchoolResponse_reason_check" CHECK (length(trim("reason")) > 0)
);

CREATE TABLE "FairAccessDirection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "decisionId" UUID NOT NULL,
    "referralId" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "route" "FapEscalationRoute" NOT NULL,
    "basis" "FapEscalationBasis" NOT NULL,
    "laIsAdmissionAuthority" BOOLEAN NOT NULL DEFAULT false,
    "requestedOn" DATE NOT NULL,
    "note" TEXT NOT NULL,
    "adjudicatorReferredOn" DATE,
    "outcome" "FapDirectionOutcome",
    "outcomeOn" DATE,
    "outcomeNote" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FairAccessDirection_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "FairAccessDirection_outcome_check" CHECK (("outcome" IS NULL) = ("outcomeOn" IS NULL)),
    CONSTRAINT "FairAccessDirection_dates_check" CHECK (
        ("outcomeOn" IS NULL OR "outcomeOn" >= "requestedOn")
        AND ("adjudicatorReferredOn" IS NULL OR "adjudicatorReferredOn" >= "requestedOn")),
    -- Only an LA direction of a school that is its own admission authority can go to the adjudicator.
    CONSTRAINT "FairAccessDirection_adjudicator_check" CHECK (
        "adjudicatorReferredOn" IS NULL OR ("route" = 'LA_DIRECTION' AND NOT "laIsAdmissionAuthority")),
    CONSTRAINT "FairAccessDirection_laAuthority_check" CHECK (NOT "laIsAdmissionAuthority" OR "route" = 'LA_DIRECTION')
);

-- CreateIndex
CREATE INDEX "FairAccessReferral_laId_status_idx" ON "FairAccessReferral"("laId", "status");
CREATE INDEX "FairAccessReferral_pupilId_idx" ON "FairAccessReferral"("pupilId");
CREATE INDEX "FairAccessReferral_admittedSchoolId_admittedOn_idx" ON "FairAccessReferral"("admittedSchoolId", "admittedOn");
CREATE INDEX "FairAccessPanelMeeting_laId_meetingDate_idx" ON "FairAccessPanelMeeting"("laId", "meetingDate");
CREATE UNIQUE INDEX "FairAccessDecision_supersedesId_key" ON "FairAccessDecision"("supersedesId");
CREATE INDEX "FairAccessDecision_referralId_createdAt_idx" ON "FairAccessDecision"("referralId", "createdAt");
CREATE INDEX "FairAccessDecision_meetingId_idx" ON "FairAccessDecision"("meetingId");
CREATE INDEX "FairAccessDecision_allocatedSchoolId_idx" ON "FairAccessDecision"("allocatedSchoolId");
CREATE UNIQUE INDEX "FairAccessSchoolResponse_decisionId_key" ON "FairAccessSchoolResponse"("decisionId");
CREATE INDEX "FairAccessSchoolResponse_referralId_idx" ON "FairAccessSchoolResponse"("referralId");
CREATE INDEX "FairAccessSchoolResponse_schoolId_idx" ON "FairAccessSchoolResponse"("schoolId");
CREATE UNIQUE INDEX "FairAccessDirection_decisionId_key" ON "FairAccessDirection"("decisionId");
CREATE INDEX "FairAccessDirection_referralId_idx" ON "FairAccessDirection"("referralId");
CREATE INDEX "FairAccessDirection_schoolId_idx" ON "FairAccessDirection"("schoolId");

-- One current (unsuperseded) decision per referral is kept by the use cases under a row lock on the
-- referral; supersedesId being unique means a decision is superseded at most once (no forks).

-- AddForeignKey
ALTER TABLE "FairAccessReferral" ADD CONSTRAINT "FairAccessReferral_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessReferral" ADD CONSTRAINT "FairAccessReferral_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessReferral" ADD CONSTRAINT "FairAccessReferral_referringSchoolId_fkey" FOREIGN KEY ("referringSchoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "FairAccessReferral" ADD CONSTRAINT "FairAccessReferral_admittedSchoolId_fkey" FOREIGN KEY ("admittedSchoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "FairAccessPanelMeeting" ADD CONSTRAINT "FairAccessPanelMeeting_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessDecision" ADD CONSTRAINT "FairAccessDecision_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "FairAccessReferral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessDecision" ADD CONSTRAINT "FairAccessDecision_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "FairAccessPanelMeeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessDecision" ADD CONSTRAINT "FairAccessDecision_deferredToMeetingId_fkey" FOREIGN KEY ("deferredToMeetingId") REFERENCES "FairAccessPanelMeeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "FairAccessDecision" ADD CONSTRAINT "FairAccessDecision_allocatedSchoolId_fkey" FOREIGN KEY ("allocatedSchoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "FairAccessDecision" ADD CONSTRAINT "FairAccessDecision_whoseTurnSchoolId_fkey" FOREIGN KEY ("whoseTurnSchoolId") REFERENCES "School"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "FairAccessDecision" ADD CONSTRAINT "FairAccessDecision_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "FairAccessDecision"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Declared here only: the Placement model (movements.prisma) has no back-relation for it yet.
ALTER TABLE "FairAccessDecision" ADD CONSTRAINT "FairAccessDecision_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessSchoolResponse" ADD CONSTRAINT "FairAccessSchoolResponse_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "FairAccessDecision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessSchoolResponse" ADD CONSTRAINT "FairAccessSchoolResponse_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "FairAccessReferral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessSchoolResponse" ADD CONSTRAINT "FairAccessSchoolResponse_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessDirection" ADD CONSTRAINT "FairAccessDirection_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "FairAccessDecision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessDirection" ADD CONSTRAINT "FairAccessDirection_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "FairAccessReferral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "FairAccessDirection" ADD CONSTRAINT "FairAccessDirection_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Decisions and school responses are immutable: a change is a new, superseding record.
CREATE TRIGGER "FairAccessDecision_append_only" BEFORE UPDATE OR DELETE ON "FairAccessDecision" FOR EACH ROW EXECUTE FUNCTION forbid_rewrite();
CREATE TRIGGER "FairAccessSchoolResponse_append_only" BEFORE UPDATE OR DELETE ON "FairAccessSchoolResponse" FOR EACH ROW EXECUTE FUNCTION forbid_rewrite();

-- The application's role, as for the first migration's tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON "FairAccessReferral", "FairAccessPanelMeeting", "FairAccessDirection" TO ap_app_role;
GRANT SELECT, INSERT ON "FairAccessDecision", "FairAccessSchoolResponse" TO ap_app_role;
