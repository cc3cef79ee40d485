import type { ApolloServerPlugin } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from '../outages';

/**
 * A response carrying SERVICE_UNAVAILABLE (set by formatError when src/outages.ts recognises the
 * error) goes out as HTTP 503 with Retry-After, so load balancers and clients see an outage, not a
 * 200 with an internal error.
 */
export const outagePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const body = response.body;
        const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
        if (!errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
      },
    };
  },
};
