import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import type { Logger } from '../logger';
import type { CalendarService } from '../calendar/calendarService';

export interface Services {
  prisma: PrismaClient;
  calendars: CalendarService;
  log: Logger;
  publicUrl: string;
}

/** Per-request context: the verified caller (or null) plus shared services. */
export interface Context extends Services {
  actor: Actor | null;
}
