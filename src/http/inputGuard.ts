import type { Request, Response, NextFunction } from 'express';
import { sendTypedError } from './typedError';

/** Deeper than any input of the schema; a 20,000-deep JSON value would overflow the stack further in. */
export const MAX_INPUT_DEPTH = 32;

// A NUL can arrive raw or as a GraphQL/JSON escape inside the query text.
// eslint-disable-next-line no-control-regex -- matching the control character is the point
const NUL_IN_QUERY = /\u0000|\\u0000|\\u\{0+\}/;

/**
 * Input no field can store, refused before GraphQL runs with a typed VALIDATION_FAILED: NUL
 * characters (PostgreSQL text and jsonb cannot hold them) anywhere in the query or variables, and
 * variables nested deeper than MAX_INPUT_DEPTH. Walks iteratively, so the check itself cannot overflow.
 */
export function inputGuard(req: Request, res: Response, next: NextFunction): void {
  const body = (req.method === 'GET' ? fromQueryString(req.query) : req.body) as
    { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
  const problem = body && typeof body === 'object' ? findProblem(body) : null;
  if (problem) {
    sendTypedError(res, 400, 'VALIDATION_FAILED', `${problem.message} Nothing was saved.`, { fields: [problem] });
    return;
  }
  next();
}

/** A GET request carries the operation in the query string, variables as JSON text (Apollo parses it the same way). */
function fromQueryString(q: Request['query']) {
  let variables: unknown = q.variables;
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      // Apollo answers malformed variables itself, with a typed 400.
    }
  }
  return { query: q.query, operationName: q.operationName, variables };
}

function findProblem(body: { query?: unknown; variables?: unknown; operationName?: unknown }) {
  if (typeof body.query === 'string' && NUL_IN_QUERY.test(body.query))
    return { field: 'query', message: 'Text cannot contain a NUL character.' };
  if (typeof body.operationName === 'string' && body.operationName.includes('\u0000'))
    return { field: 'operationName', message: 'Text cannot contain a NUL character.' };
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: body.variables, path: 'variables', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field: path, message: 'Text cannot contain a NUL character.' };
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH)
      return { field: path, message: `The input is nested too deeply (at most ${MAX_INPUT_DEPTH} levels).` };
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (k.includes('\u0000')) return { field: path, message: 'Text cannot contain a NUL character.' };
      stack.push({ v: child, path: `${path}.${k}`, depth: depth + 1 });
    }
  }
  return null;
}
