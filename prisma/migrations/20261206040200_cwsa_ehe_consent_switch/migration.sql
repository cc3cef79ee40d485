-- A fourth commencement switch (domain.md §3.2, §10.3): the CWSA 2026 provisions requiring LA consent before
-- certain children (child protection plan, s47 enquiry) are withdrawn for home education. Off until set.
ALTER TABLE "ProvisionCommencement" DROP CONSTRAINT "ProvisionCommencement_provision_check";
ALTER TABLE "ProvisionCommencement" ADD CONSTRAINT "ProvisionCommencement_provision_check"
  CHECK ("provision" IN ('CWSA_S38', 'CWSA_S43', 'CWSA_S62', 'CWSA_EHE_CONSENT'));
