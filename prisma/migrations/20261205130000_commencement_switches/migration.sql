-- Commencement switches (domain.md §10.3): the date this installation treats a provision of the
-- Children's Wellbeing and Schools Act 2026 as commenced. No row = not commenced. Set by the operator
-- (`npm run commencement`, owner role); the API and workers only read it.
CREATE TABLE "ProvisionCommencement" (
    "provision" TEXT NOT NULL,
    "commencesOn" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "setAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProvisionCommencement_pkey" PRIMARY KEY ("provision"),
    -- Royal Assent was 29 April 2026: nothing in the Act commences before it.
    CONSTRAINT "ProvisionCommencement_provision_check" CHECK ("provision" IN ('CWSA_S38', 'CWSA_S43', 'CWSA_S62')),
    CONSTRAINT "ProvisionCommencement_date_check" CHECK ("commencesOn" >= DATE '2026-04-29')
);

GRANT SELECT ON "ProvisionCommencement" TO ap_app_role;
