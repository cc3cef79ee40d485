-- Scalar lists are nullable columns in this schema (as Prisma declares them: the schemaDrift test compares);
-- the restriction check treats a missing list as empty, so a restricted record always names an officer.
ALTER TABLE "Pupil" ALTER COLUMN "restrictedToUserIds" DROP NOT NULL;
ALTER TABLE "Pupil" DROP CONSTRAINT "Pupil_restriction_check";
ALTER TABLE "Pupil" ADD CONSTRAINT "Pupil_restriction_check"
  CHECK ("restrictedAt" IS NULL OR COALESCE(cardinality("restrictedToUserIds"), 0) > 0);
