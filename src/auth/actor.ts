import type { Role } from '../generated/prisma/enums';

/** Who is calling: taken from a verified token, never from the request body. */
export interface Actor {
  userId: string;
  role: Role;
  laId: string;
  schoolId?: string;
  providerId?: string;
}

export const actorOrgId = (a: Actor): string => a.schoolId ?? a.providerId ?? a.laId;
