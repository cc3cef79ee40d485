import type { PrismaClient } from '../generated/prisma/client';
import type { CalendarService } from '../calendar/calendarService';
import type { Clock } from '../time/clock';

export interface UseCaseDeps {
  prisma: PrismaClient;
  calendars: CalendarService;
  /** The one clock: "today" is England's date (src/time/clock.ts). */
  clock: Clock;
}

/** Use cases return the ids they touched; resolvers read the records back through the access layer. */
export interface Written {
  id: string;
  [k: string]: string | null;
}
