import type { PrismaClient } from '../generated/prisma/client';
import type { CalendarService } from '../calendar/calendarService';

export interface UseCaseDeps {
  prisma: PrismaClient;
  calendars: CalendarService;
}

/** Use cases return the ids they touched; resolvers read the records back through the access layer. */
export interface Written {
  id: string;
  [k: string]: string | null;
}
