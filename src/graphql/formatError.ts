import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ERROR_CATALOGUE } from '../errors';
import type { Logger } from '../logger';
import { outageOf, RETRY_AFTER_SECONDS } from '../outages';

const ARMOR_LIMIT = /^Syntax Error: (Query depth limit|Query Cost limit|Aliases limit|Directives limit|Token limit)/;
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Catalogue errors pass through; limits get a typed code; an unreachable PostgreSQL or Redis is
 * SERVICE_UNAVAILABLE (src/outages.ts decides); anything unexpected is logged and masked, so no stack trace, SQL or internal message ever reaches a caller.
 */
export function makeFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = findAppError(unwrapResolverError(error)) ?? unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { ...original.extensions },
      };
    }
    if (ARMOR_LIMIT.test(formatted.message)) {
      return {
        message: `${ERROR_CATALOGUE.QUERY_TOO_COMPLEX} (${formatted.message.replace('Syntax Error: ', '')})`,
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    // An outage is not a bug: say so (HTTP 503 and Retry-After come from graphql/outagePlugin.ts).
    const down = outageOf(original);
    if (down) {
      log.warn(
        { dependency: down, err: (original as Error)?.message, path: formatted.path },
        'dependency unreachable: answering SERVICE_UNAVAILABLE',
      );
      return {
        message: ERROR_CATALOGUE.SERVICE_UNAVAILABLE,
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS },
      };
    }
    const ref = Math.random().toString(36).slice(2, 10);
    log.error({ err: original, ref, path: formatted.path }, 'unexpected error in GraphQL operation');
    return {
      message: `${ERROR_CATALOGUE.INTERNAL_SERVER_ERROR} Reference: ${ref}.`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ref },
    };
  };
}

/** Apollo wraps errors thrown while building the context; look through the chain for ours. */
function findAppError(err: unknown, depth = 0): AppError | null {
  if (err instanceof AppError) return err;
  if (!err || typeof err !== 'object' || depth > 5) return null;
  return findAppError((err as { originalError?: unknown }).originalError, depth + 1);
}
