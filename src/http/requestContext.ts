import type { Actor } from '../auth/actor';
import type { Context, Services } from '../graphql/context';
import { withAccessWindow } from '../access/window';
import { createLoaders } from '../queries/loaders';
import { bufferingReadAudit, ReadAuditBuffer } from '../record/readAudit';

/**
 * The one GraphQL context for a verified caller, whether the request came to /graphql with a bearer
 * token or from a web page with a session (src/web/graphqlClient.ts): the same services, and the
 * provider access window worked out for today from the one clock, and the request's read-audit buffer.
 */
export async function requestContext(services: Services, verified: Actor | null): Promise<Context> {
  const actor = verified ? await withAccessWindow(services, verified, services.clock.today()) : null;
  // Reads audit into the request's buffer, written once before the response (src/http/readAuditPlugin.ts).
  const readAudit = new ReadAuditBuffer(services.prisma);
  const prisma = bufferingReadAudit(services.prisma, readAudit);
  return { ...services, prisma, readAudit, actor, loaders: createLoaders(prisma, actor) };
}
