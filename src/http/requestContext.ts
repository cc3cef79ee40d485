import type { Actor } from '../auth/actor';
import type { Context, Services } from '../graphql/context';
import { withAccessWindow } from '../access/window';
import { createLoaders } from '../queries/loaders';

/**
 * The one GraphQL context for a verified caller, whether the request came to /graphql with a bearer
 * token or from a web page with a session (src/web/graphqlClient.ts): the same services, and the
 * provider access window worked out for today from the one clock.
 */
export async function requestContext(services: Services, verified: Actor | null): Promise<Context> {
  const actor = verified ? await withAccessWindow(services, verified, services.clock.today()) : null;
  return { ...services, actor, loaders: createLoaders(services.prisma, actor) };
}
