import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isLeafType,
  type GraphQLInputType,
  type GraphQLField,
} from 'graphql';
import { buildSchema } from '../../src/graphql/buildSchema';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS, makeUpn, type UserKey } from '../support/fixtures';
import { COMMISSION, placementInput } from '../support/movements';

/**
 * Property: for every mutation in the schema (read from it, so a new mutation is covered without
 * touching this file), any string, date, number, boolean, enum, ID, list or nesting either succeeds
 * or is refused with a typed error other than INTERNAL_SERVER_ERROR (and never an HTTP 500), and a
 * refusal leaves every table's row count as it was.
 */
const RUNS_PER_MUTATION = 12;
const schema = buildSchema();
const mutations = Object.values(schema.getMutationType()!.getFields());

const ROLES: UserKey[] = ['laOfficer', 'laOfficer', 'panel', 'secondaryStaff', 'pruStaff', 'analyst', 'laOfficerB'];

const nasty = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil',
  'Sa\u200Bm',
  'x'.repeat(5000),
  'Robert\'); DROP TABLE "Pupil";--',
  '%s%n',
  '../../etc/passwd',
  '1899-12-31',
  '2300-01-01',
  '2025-02-30',
  '0000-00-00',
  '-1',
  'NaN',
  '9'.repeat(40),
  '{"a":1}',
  '\uD800',
  '🙂',
  'K373999925001',
];

function stringArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(...nasty),
  );
}

function dateArb(): fc.Arbitrary<string> {
  const valid = fc
    .date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2110-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const recent = fc
    .date({ min: new Date('2024-09-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  return fc.oneof(
    recent,
    valid,
    fc.constantFrom('1899-09-01', '2300-01-01', '2026-02-29', '2024-02-29', '20250101', 'today'),
    stringArb(),
  );
}

function jsonArb(): fc.Arbitrary<unknown> {
  const deep = fc.integer({ min: 20, max: 60 }).map((n) => {
    let v: unknown = 'x';
    for (let i = 0; i < n; i += 1) v = i % 2 ? [v] : { k: v };
    return v;
  });
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    deep,
    fc.record({ startDate: dateArb(), endDate: dateArb(), hoursPerWeek: fc.double() }, { requiredKeys: [] }),
  );
}

function arbFor(type: GraphQLInputType, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbFor(type.ofType, ids, depth);
  if (isListType(type)) return fc.array(arbFor(type.ofType, ids, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
  if (isEnumType(type))
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
      { weight: 1, arbitrary: stringArb() },
    );
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const shape = Object.fromEntries(fields.map((f) => [f.name, arbFor(f.type, ids, depth + 1)]));
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return fc.record(shape, { requiredKeys: required as never });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'String':
        return stringArb();
      case 'ID':
      case 'UUID':
        return fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...ids) },
          { weight: 1, arbitrary: fc.uuid() },
          { weight: 1, arbitrary: stringArb() },
        );
      case 'LocalDate':
        return dateArb();
      case 'DateTime':
        return fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          stringArb(),
        );
      case 'Int':
        return fc.oneof(fc.integer({ min: -5, max: 60 }), fc.integer(), fc.constantFrom(2 ** 31 - 1, -(2 ** 31), 0));
      case 'Float':
        return fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.constantFrom(0, 32.5, 32.6, -1, 1e308, 0.1),
        );
      case 'Boolean':
        return fc.boolean();
      case 'JSON':
        return jsonArb();
      default:
        return stringArb();
    }
  }
  throw new Error(`no arbitrary for ${String(type)}`);
}

function documentFor(m: GraphQLField<unknown, unknown>): string {
  const vars = m.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = m.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(m.type)) ? '' : ' { __typename }';
  return `mutation Probe${vars ? `(${vars})` : ''} { ${m.name}${args ? `(${args})` : ''}${selection} }`;
}

describe('input properties: every mutation answers any input with success or a typed refusal', () => {
  const ctx = useApiWorld();
  const ids: string[] = [];
  let countSql = '';

  const rowCounts = async () => {
    const rows = await ctx.world.prisma.$queryRawUnsafe<{ t: string; n: bigint }[]>(countSql);
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  };

  beforeAll(async () => {
    const tables = await ctx.world.prisma.$queryRaw<
      { t: string }[]
    >`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`;
    countSql = tables.map(({ t }) => `SELECT '${t}' AS t, count(*) AS n FROM "${t}"`).join(' UNION ALL ');
    // Real records too, so inputs get past "not found" into the deeper validation.
    const pupil = await addPupil(ctx.world.prisma);
    const placed = await ctx.api.gql(ctx.world.tokens.laOfficer, COMMISSION, { input: placementInput(pupil.id) });
    if (placed.errors) throw new Error(JSON.stringify(placed.errors));
    const events = await ctx.world.prisma.pupilEvent.findMany({ where: { pupilId: pupil.id }, select: { id: true } });
    ids.push(pupil.id, placed.data!.commissionPlacement.id, ...events.map((e) => e.id));
    ids.push(
      ...[
        IDS.laA,
        IDS.laB,
        IDS.secondaryA,
        IDS.academyA,
        IDS.pru,
        IDS.unregUkprn,
        IDS.unregSetting,
        IDS.independentAp,
        IDS.secondaryB,
      ],
    );
    ids.push(makeUpn());
  });

  it('the list of mutations comes from the schema', () => {
    expect(mutations.length).toBeGreaterThan(25);
    expect(mutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(['registerPupil', 'commissionPlacement', 'correctEvent', 'configureWebhook']),
    );
  });

  it.each(mutations.map((m) => [m.name, m] as const))('%s', async (_name, m) => {
    const query = documentFor(m);
    const variables = fc.record(Object.fromEntries(m.args.map((a) => [a.name, arbFor(a.type, ids)])), {
      requiredKeys: m.args.filter((a) => isNonNullType(a.type)).map((a) => a.name) as never,
    });
    await fc.assert(
      fc.asyncProperty(variables, fc.constantFrom(...ROLES), async (vars, role) => {
        const before = await rowCounts();
        const res = await fetch(`${ctx.api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.world.tokens[role]}` },
          body: JSON.stringify({ query, variables: vars }),
        });
        expect(res.status).not.toBe(500);
        const body = (await res.json()) as {
          data?: Record<string, unknown> | null;
          errors?: { message: string; extensions?: { code?: string } }[];
        };
        const codes = (body.errors ?? []).map((e) => e.extensions?.code);
        expect(
          codes.every((c) => typeof c === 'string' && c !== 'INTERNAL_SERVER_ERROR'),
          JSON.stringify(body.errors),
        ).toBe(true);
        if (body.errors?.length) expect(await rowCounts()).toEqual(before);
      }),
      { numRuns: RUNS_PER_MUTATION, endOnFailure: true },
    );
  });
});
