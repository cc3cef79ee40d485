import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** A surrogate without its pair (String.prototype.isWellFormed is ES2024, past this project's lib). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether every string in the value (nested in lists and input objects) is well-formed Unicode. */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return !LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (value && typeof value === 'object') return Object.values(value).every(wellFormed);
  return true;
}

/**
 * Refuses a request whose variables hold text that is not well-formed Unicode (a lone surrogate, which JSON can
 * carry as "\ud800"), before any resolver runs, so it writes nothing: PostgreSQL cannot store it in a jsonb
 * event payload or audit row, and the write failed as an internal error (found by inputProperties.test.ts).
 */
export const wellFormedTextPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        if (!wellFormed(request.variables ?? {}))
          throw new GraphQLError('Text must be valid Unicode: remove the broken characters and try again.', {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
      },
    };
  },
};
