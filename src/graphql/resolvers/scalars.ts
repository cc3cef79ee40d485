import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver, UUIDResolver } from 'graphql-scalars';
import { isSupportedDate, unsupportedDateMessage } from '../../domain/dates';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseLocalDate(v: unknown): string {
  if (
    typeof v !== 'string' ||
    !ISO_DATE.test(v) ||
    Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
  ) {
    throw new GraphQLError(`Dates must be real calendar dates written as YYYY-MM-DD; got ${JSON.stringify(v)}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return v;
}

/** Input dates must also lie in the supported range (an answer may run past it: a deadline computed from 2099). */
function parseInputDate(v: unknown): string {
  const d = parseLocalDate(v);
  if (!isSupportedDate(d))
    throw new GraphQLError(unsupportedDateMessage(d), { extensions: { code: 'BAD_USER_INPUT' } });
  return d;
}

/** Calendar dates travel as 'YYYY-MM-DD' strings; Prisma DATE columns arrive as UTC-midnight Dates. */
export const LocalDate = new GraphQLScalarType({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseLocalDate(v)),
  parseValue: parseInputDate,
  parseLiteral: (ast) => parseInputDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const scalarResolvers = { LocalDate, DateTime: DateTimeResolver, UUID: UUIDResolver, JSON: JSONResolver };
