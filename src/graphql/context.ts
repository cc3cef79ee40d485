import type { PrismaClient } from '../generated/prisma/client';
import type { Actor } from '../auth/actor';
import type { Logger } from '../logger';
import type { CalendarService } from '../calendar/calendarService';
import type { Clock } from '../time/clock';
import type { WebhookPolicy } from '../notifications/webhook';
import type { Loaders } from '../queries/loaders';

export interface Services {
  prisma: PrismaClient;
  /** Where reports read: a streaming replica when REPORTS_DATABASE_URL is set; absent = prisma. */
  reportsPrisma?: PrismaClient;
  calendars: CalendarService;
  log: Logger;
  publicUrl: string;
  /** The one clock: "today" everywhere is England's date from here (tests set it). */
  clock: Clock;
  /** Which webhook addresses are allowed (private ones only in tests and development). */
  webhooks: WebhookPolicy;
  /** Encrypts and decrypts the LAs' transfer signing keys (src/transfer/signingKeys.ts). */
  transferKeySecret?: string;
  /** Queues an import batch's job (src/import); absent where no queue is configured. */
  enqueueImport?: (batchId: string) => Promise<void>;
}

/** Per-request context: the verified caller (or null) plus shared services. */
export interface Context extends Services {
  actor: Actor | null;
  /** Per-request batching of nested reads (src/queries/loaders.ts). */
  loaders: Loaders;
  /** The request's read-audit rows (src/record/readAudit.ts), written once before the response (src/http/readAuditPlugin.ts). */
  readAudit?: { flush(): Promise<number> };
}
