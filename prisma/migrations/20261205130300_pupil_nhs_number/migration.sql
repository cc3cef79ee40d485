-- NHS number (domain.md §10.3: CWSA 2026 s4, the consistent child identifier; not yet in force): optional,
-- 10 digits with a valid mod-11 check digit (checked by the use case), one child per number.
ALTER TABLE "Pupil" ADD COLUMN "nhsNumber" TEXT;
ALTER TABLE "Pupil" ADD CONSTRAINT "Pupil_nhsNumber_check" CHECK ("nhsNumber" IS NULL OR "nhsNumber" ~ '^[0-9]{10}$');
CREATE UNIQUE INDEX "Pupil_nhsNumber_key" ON "Pupil"("nhsNumber");
