import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlOperations } from '../http/metrics';
import type { Context } from './context';

/** Distinct operation names kept as labels per process; later ones count as "other". */
export const MAX_OPERATION_LABELS = 200;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operation names come from the client, so each new one would be a new /metrics series. A name is a
 * label only when a signed-in caller sent an operation that parsed and validated against the schema,
 * and only for the first MAX_OPERATION_LABELS names; anonymous callers and the rest are "other".
 */
export function operationLabeler(max = MAX_OPERATION_LABELS) {
  const known = new Set<string>();
  return (name: string | null | undefined, trusted: boolean): string => {
    if (!name) return 'anonymous';
    if (!trusted || !NAME.test(name)) return 'other';
    if (known.has(name)) return name;
    if (known.size >= max) return 'other';
    known.add(name);
    return name;
  };
}

const label = operationLabeler();

export const metricsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse(rc) {
        const op = rc.operation;
        graphqlOperations.inc({
          operation: label(rc.operationName, Boolean(op && rc.contextValue.actor)),
          type: op?.operation ?? 'unknown',
          outcome: rc.errors?.length ? 'error' : 'ok',
        });
      },
    };
  },
};
