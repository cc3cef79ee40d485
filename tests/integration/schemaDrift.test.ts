import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import wasm from '@prisma/prisma-schema-wasm';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Proves the database built by the hand-written SQL migrations is the one prisma/schema/*.prisma
 * describes: every model, column, type, nullability, default, enum, primary key, unique, index and
 * foreign key the Prisma client relies on — and nothing extra that would break its writes.
 */
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
}

const schemaDir = path.resolve('prisma/schema');
const datamodel = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.prisma'))
  .sort()
  .map((f) => readFileSync(path.join(schemaDir, f), 'utf8'))
  .join('\n');
const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: datamodel }))).datamodel as {
  models: DmmfModel[];
  enums: { name: string; values: { name: string }[] }[];
  indexes: DmmfIndex[];
};

function expectedType(f: DmmfField): { udt: string; length?: number; precision?: number; scale?: number } {
  if (f.kind === 'enum') return { udt: f.type };
  const [native, args = []] = f.nativeType ?? [];
  const n = args.map(Number);
  switch (f.type) {
    case 'String':
      if (native === 'Uuid') return { udt: 'uuid' };
      if (native === 'Char') return { udt: 'bpchar', length: n[0] };
      if (native === 'VarChar') return { udt: 'varchar', length: n[0] };
      return { udt: 'text' };
    case 'DateTime':
      if (native === 'Date') return { udt: 'date' };
      if (native === 'Timestamptz') return { udt: 'timestamptz', precision: n[0] ?? 6 };
      return { udt: 'timestamp', precision: n[0] ?? 3 };
    case 'Int':
      return { udt: 'int4' };
    case 'BigInt':
      return { udt: 'int8' };
    case 'Float':
      return { udt: 'float8' };
    case 'Boolean':
      return { udt: 'bool' };
    case 'Json':
      return { udt: 'jsonb' };
    case 'Bytes':
      return { udt: 'bytea' };
    case 'Decimal':
      return native === 'Decimal'
        ? { udt: 'numeric', precision: n[0], scale: n[1] }
        : { udt: 'numeric', precision: 65, scale: 30 };
    default:
      throw new Error(`no mapping for Prisma type ${f.type}`);
  }
}

describe('schema drift: migrations vs prisma/schema', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const columns = new Map<
    string,
    Map<
      string,
      {
        udt: string;
        nullable: boolean;
        length: number | null;
        precision: number | null;
        scale: number | null;
        dtPrecision: number | null;
        hasDefault: boolean;
      }
    >
  >();
  let indexes: { table: string; columns: string[]; unique: boolean; primary: boolean; partial: boolean }[] = [];
  let fks: { table: string; columns: string[]; refTable: string; refColumns: string[] }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(); // copied from the suite database, which `npm test` migrated with the runner
    client = new pg.Client({ connectionString: db.ownerUrl });
    await client.connect();
    const cols = await client.query(`
      SELECT table_name, column_name, udt_name, is_nullable, character_maximum_length, numeric_precision, numeric_scale,
             datetime_precision, column_default
        FROM information_schema.columns WHERE table_schema = 'public'`);
    for (const c of cols.rows) {
      if (!columns.has(c.table_name)) columns.set(c.table_name, new Map());
      columns.get(c.table_name)!.set(c.column_name, {
        udt: c.udt_name,
        nullable: c.is_nullable === 'YES',
        length: c.character_maximum_length,
        precision: c.numeric_precision,
        scale: c.numeric_scale,
        dtPrecision: c.datetime_precision,
        hasDefault: c.column_default !== null,
      });
    }
    const idx = await client.query(`
      SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary, ix.indpred IS NOT NULL AS partial,
             array_agg(a.attname::text ORDER BY k.ord) AS columns
        FROM pg_index ix
        JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
        CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       GROUP BY ix.indexrelid, t.relname, ix.indisunique, ix.indisprimary, ix.indpred`);
    indexes = idx.rows;
    const fk = await client.query(`
      SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref_table,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS ref_columns
        FROM pg_constraint c WHERE c.contype = 'f'`);
    fks = fk.rows.map((r) => ({
      table: r.table.replace(/"/g, ''),
      refTable: r.ref_table.replace(/"/g, ''),
      columns: r.columns,
      refColumns: r.ref_columns,
    }));
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('has exactly the tables of the Prisma models (plus Prisma Migrate bookkeeping)', () => {
    const expected = dmmf.models.map((m) => m.dbName ?? m.name).sort();
    const actual = [...columns.keys()].filter((t) => t !== '_prisma_migrations').sort();
    expect(actual).toEqual(expected);
  });

  it.each(dmmf.models.map((m) => [m.name, m] as const))(
    'model %s: columns, types, nullability and defaults match',
    (_n, model) => {
      const table = columns.get(model.dbName ?? model.name)!;
      const scalarFields = model.fields.filter((f) => f.kind !== 'object');
      expect([...table.keys()].sort()).toEqual(scalarFields.map((f) => f.dbName ?? f.name).sort());
      for (const f of scalarFields) {
        const col = table.get(f.dbName ?? f.name)!;
        const want = expectedType(f);
        const where = `${model.name}.${f.name}`;
        expect(col.udt, where).toBe(f.isList ? `_${want.udt}` : want.udt);
        // Prisma Migrate creates scalar lists as nullable array columns.
        expect(col.nullable, `${where} nullability`).toBe(!f.isRequired || f.isList);
        if (want.length !== undefined) expect(col.length, `${where} length`).toBe(want.length);
        if (want.udt === 'numeric')
          expect([col.precision, col.scale], `${where} precision`).toEqual([want.precision, want.scale]);
        if (want.precision !== undefined && want.udt !== 'numeric')
          expect(col.dtPrecision, `${where} precision`).toBe(want.precision);
        expect(col.hasDefault, `${where} default`).toBe(f.hasDefaultValue);
      }
    },
  );

  it('has every enum with exactly the Prisma values, in order', async () => {
    for (const e of dmmf.enums) {
      const r = await client.query(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [e.name],
      );
      expect(
        r.rows.map((x) => x.enumlabel),
        e.name,
      ).toEqual(e.values.map((v) => v.name));
    }
  });

  it('has every primary key, unique constraint and index Prisma declares', () => {
    const fieldDb = (model: string, field: string) => {
      const m = dmmf.models.find((x) => x.name === model)!;
      return m.fields.find((f) => f.name === field)!.dbName ?? field;
    };
    for (const ix of dmmf.indexes) {
      const model = dmmf.models.find((m) => m.name === ix.model)!;
      const table = model.dbName ?? model.name;
      const cols = ix.fields.map((f) => fieldDb(ix.model, f.name));
      const match = indexes.find(
        (i) =>
          i.table === table &&
          !i.partial &&
          JSON.stringify(i.columns) === JSON.stringify(cols) &&
          (ix.type === 'id' ? i.primary : ix.type === 'unique' ? i.unique : true),
      );
      expect(match, `${ix.type} index on ${table}(${cols.join(', ')})`).toBeDefined();
    }
  });

  it('has a foreign key for every relation', () => {
    for (const m of dmmf.models) {
      for (const f of m.fields.filter((x) => x.kind === 'object' && x.relationFromFields?.length)) {
        const target = dmmf.models.find((x) => x.name === f.type)!;
        const found = fks.find(
          (k) =>
            k.table === (m.dbName ?? m.name) &&
            k.refTable === (target.dbName ?? target.name) &&
            JSON.stringify(k.columns) === JSON.stringify(f.relationFromFields) &&
            JSON.stringify(k.refColumns) === JSON.stringify(f.relationToFields),
        );
        expect(found, `${m.name}.${f.name} -> ${f.type}`).toBeDefined();
      }
    }
  });
});
