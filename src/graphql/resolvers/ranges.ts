import { invalid } from '../../errors';

export function parseLocalDateRange(from: string, to: string) {
  if (to < from) throw invalid([{ field: 'to', message: 'The end of the range is before its start.' }]);
  return { from, to };
}
