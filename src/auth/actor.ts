import type { Role } from '../generated/prisma/enums';

/** Who is calling: taken from a verified token, never from the request body. */
export interface Actor {
  userId: string;
  role: Role;
  laId: string;
  schoolId?: string;
  providerId?: string;
  /**
   * Provider staff only, derived per request (src/access/window.ts), never from the token: placements at
   * their provider that ended on or after this date are still theirs to read (the provider access
   * window). Absent: open placements only — the narrowest reading.
   */
  placementAccessFrom?: string;
}

export const actorOrgId = (a: Actor): string => a.schoolId ?? a.providerId ?? a.laId;
