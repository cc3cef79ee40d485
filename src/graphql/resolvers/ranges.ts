import { invalid } from '../../errors';

export function parseLocalDateRange(from: string, to: string) {
  if (to < from) throw invalid([{ field: 'to', message: 'The end of the range is before its start.' }]);
  return { from, to };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page cursor is the endCursor of a previous page (a record id); anything else is bad input, not a server fault. */
export function pageCursor(after: string | null | undefined): string | undefined {
  if (after === null || after === undefined) return undefined;
  if (!UUID.test(after))
    throw invalid([{ field: 'after', message: 'This is not a cursor from a previous page (use pageInfo.endCursor).' }]);
  return after;
}
