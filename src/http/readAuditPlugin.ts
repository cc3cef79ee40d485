import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../logger';
import { outageOf, RETRY_AFTER_SECONDS } from '../outages';
import type { Context } from '../graphql/context';

/**
 * Writes the request's read-audit rows (src/record/readAudit.ts) before the response is sent. A read whose
 * audit cannot be written is not answered: the body is replaced by an error, 503 when the database is
 * unreachable (as src/outages.ts decides), else 500.
 */
export function readAuditPlugin(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await contextValue.readAudit?.flush();
          } catch (err) {
            const outage = outageOf(err) !== null;
            log.error({ err }, 'read audit could not be written; the answer is withheld');
            response.http.status = outage ? 503 : 500;
            if (outage) response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message: 'This read could not be recorded in the audit log, so its answer is withheld. Try again.',
                    extensions: { code: outage ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR' },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}
