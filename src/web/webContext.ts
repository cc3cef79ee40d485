import type { PrismaClient } from '../generated/prisma/client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { GraphqlClient } from './graphqlClient';

/** What a page's routes are given: data only through `graphql`; prisma is for sign-in and the session's user. */
export interface WebContext {
  config: Config;
  log: Logger;
  graphql: GraphqlClient;
  prisma: PrismaClient;
  sessionCookie: string;
  /** Today in the service's time zone (Europe/London), as the API's reports count it. */
  today(): string;
}
