-- Rule O1's reach now depends on the directing school's type and the direction's first day (domain.md
-- §10.2): academies, AP academies and PRUs owe written notice only for directions starting on or after
-- 26 July 2026. The use case enforces it from the rule applicability table (src/domain/law); a CHECK
-- that demanded notice of every direction would refuse the transitional ones the law allows.
ALTER TABLE "Placement" DROP CONSTRAINT "Placement_directionNotice_check";
