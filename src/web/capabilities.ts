import type { Role } from '../generated/prisma/enums';
import { may, type Action } from '../access/permissions';

/**
 * Which actions a page offers a role (a button it would be refused is not shown), read from the one
 * permission table (src/access/permissions.ts). The use cases still decide each write, record by record;
 * this only keeps pages from offering what the table refuses the role outright.
 */
const offered =
  (action: Action) =>
  (role: Role): boolean =>
    may({ role }, action);

export const canDismissFlags = offered('flag.dismiss');
export const canRegisterPupils = offered('pupil.register');
export const canCommissionPlacements = offered('placement.commission');
export const canRecordPlacementChanges = offered('placement.update');
export const canReferForFairAccess = offered('fairAccess.refer');
export const canRequestDirections = offered('fairAccess.direction');
export const canExportSubjectAccess = offered('pupil.subjectAccess');
export const canReadHistoryPack = offered('pupil.historyPack');
export const canExportChildrenNotInSchool = offered('export.cnis');
export const canRecordExclusions = offered('exclusion.record');
export const canRecordGovernorDecisions = offered('exclusion.governorDecision');
export const canCorrectEvents = offered('timeline.correct');
export const canImportPlacements = offered('import.placements');
