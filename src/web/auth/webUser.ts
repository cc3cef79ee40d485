import type { PrismaClient } from '../../generated/prisma/client';
import type { Role } from '../../generated/prisma/enums';
import type { Actor } from '../../auth/actor';

/** The signed-in person as the layout shows them, and the actor their GraphQL operations run as. */
export interface WebUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  laName: string;
  organisationName: string | null;
  actor: Actor;
}

export type UserLookup = { kind: 'active'; user: WebUser } | { kind: 'unknown' } | { kind: 'deactivated' };

/**
 * Reads the AppUser row by id. Done on every request rather than trusting what the session
 * remembered, so a user deactivated (or moved to another role or organisation) is stopped at once.
 */
export async function loadWebUser(prisma: PrismaClient, id: string): Promise<UserLookup> {
  const row = await prisma.appUser.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      laId: true,
      schoolId: true,
      providerId: true,
      active: true,
      la: { select: { name: true } },
      school: { select: { name: true } },
      provider: { select: { name: true } },
    },
  });
  if (!row) return { kind: 'unknown' };
  if (!row.active) return { kind: 'deactivated' };
  return {
    kind: 'active',
    user: {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      laName: row.la.name,
      organisationName: row.school?.name ?? row.provider?.name ?? null,
      actor: {
        userId: row.id,
        role: row.role,
        laId: row.laId,
        ...(row.schoolId ? { schoolId: row.schoolId } : {}),
        ...(row.providerId ? { providerId: row.providerId } : {}),
      },
    },
  };
}
