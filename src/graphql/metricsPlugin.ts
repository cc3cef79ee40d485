import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlOperations } from '../http/metrics';

export const metricsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse(rc) {
        const op = rc.operation;
        graphqlOperations.inc({
          operation: rc.operationName ?? 'anonymous',
          type: op?.operation ?? 'unknown',
          outcome: rc.errors?.length ? 'error' : 'ok',
        });
      },
    };
  },
};
