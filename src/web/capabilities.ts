import type { Role } from '../generated/prisma/enums';

/**
 * Which actions a page offers a role (a button it would be refused is not shown). The GraphQL use
 * cases decide whether the action is allowed; this only keeps pages from offering what they refuse.
 * To switch to src/access/permissions.ts when it lands: derive these from its table.
 */
const DISMISS_FLAGS: readonly Role[] = ['LA_OFFICER'];

export const canDismissFlags = (role: Role): boolean => DISMISS_FLAGS.includes(role);
