import type { Role } from '../generated/prisma/enums';

/**
 * Which actions a page offers a role (a button it would be refused is not shown). The GraphQL use
 * cases decide whether the action is allowed; this only keeps pages from offering what they refuse.
 * To switch to src/access/permissions.ts when it lands: derive these from its table.
 */
const DISMISS_FLAGS: readonly Role[] = ['LA_OFFICER'];

export const canDismissFlags = (role: Role): boolean => DISMISS_FLAGS.includes(role);

// Part 2's pages (movements, fair access): the same rule, one list per action.
const REGISTER_PUPILS: readonly Role[] = ['LA_OFFICER', 'SCHOOL_STAFF'];
const COMMISSION_PLACEMENTS: readonly Role[] = ['LA_OFFICER', 'SCHOOL_STAFF'];
const RECORD_PLACEMENT_CHANGES: readonly Role[] = ['LA_OFFICER', 'SCHOOL_STAFF', 'PROVIDER_STAFF'];
const REFER_FOR_FAIR_ACCESS: readonly Role[] = ['LA_OFFICER', 'PANEL_MEMBER'];
const REQUEST_DIRECTIONS: readonly Role[] = ['LA_OFFICER'];

export const canRegisterPupils = (role: Role): boolean => REGISTER_PUPILS.includes(role);
export const canCommissionPlacements = (role: Role): boolean => COMMISSION_PLACEMENTS.includes(role);
export const canRecordPlacementChanges = (role: Role): boolean => RECORD_PLACEMENT_CHANGES.includes(role);
export const canReferForFairAccess = (role: Role): boolean => REFER_FOR_FAIR_ACCESS.includes(role);
export const canRequestDirections = (role: Role): boolean => REQUEST_DIRECTIONS.includes(role);
