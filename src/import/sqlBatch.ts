import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Set-based writes for the import, on the `pg` connection that holds the import's transaction: COPY for
 * new rows (one COPY per table per chunk: PostgreSQL's bulk path, with the table's triggers, foreign
 * keys, CHECK and exclusion constraints all running as for an INSERT) and one UPDATE … FROM unnest(arrays)
 * per chunk for corrected rows. Column types: a plain PostgreSQL type, or `enum:Name` / `jsonb`.
 */
export type ColType = 'uuid' | 'text' | 'date' | 'numeric' | 'boolean' | 'integer' | 'jsonb' | `enum:${string}`;
export type Columns = readonly (readonly [string, ColType])[];

const arrayType = (t: ColType) => (t.startsWith('enum:') || t === 'jsonb' ? 'text' : t);
const cast = (t: ColType) => (t.startsWith('enum:') ? `::"${t.slice(5)}"` : t === 'jsonb' ? '::jsonb' : '');

/** One value in COPY's text format: `\N` for null, and the four characters COPY gives a meaning escaped. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const s = String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}

/** The rows as COPY's text format: a tab between values, a newline after each row. */
export function copyLines(rows: readonly unknown[][]): string {
  let out = '';
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) out += (i ? '\t' : '') + copyText(r[i]);
    out += '\n';
  }
  return out;
}

/** COPY "table" (cols) FROM STDIN: the rows' values in the columns' order; returns the rows written. */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  cols: Columns,
  rows: readonly unknown[][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = cols.map(([n]) => `"${n}"`).join(', ');
  const stream = client.query(copyFrom(`COPY "${table}" (${names}) FROM STDIN`));
  await pipeline(Readable.from([Buffer.from(copyLines(rows))]), stream);
  return stream.rowCount;
}

/**
 * INSERT INTO "table" … SELECT FROM unnest(arrays): the same rows as copyRows, one statement. The import
 * writes by COPY; this parameterised path is what its output is checked against (tests/integration/importCopy).
 */
export async function insertRows(
  client: pg.ClientBase,
  table: string,
  cols: Columns,
  rows: readonly unknown[][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const arrays = cols.map((_, i) => rows.map((r) => r[i] ?? null));
  const names = cols.map(([n]) => `"${n}"`).join(', ');
  const params = cols.map(([, t], i) => `$${i + 1}::${arrayType(t)}[]`).join(', ');
  const select = cols.map(([, t], i) => `u.c${i}${cast(t)}`).join(', ');
  const alias = cols.map((_, i) => `c${i}`).join(', ');
  const res = await client.query(
    `INSERT INTO "${table}" (${names}) SELECT ${select} FROM unnest(${params}) AS u(${alias})`,
    arrays,
  );
  return res.rowCount ?? 0;
}

/** UPDATE "table" SET col = u.col … FROM unnest(arrays) WHERE key = u.key, one statement per chunk. */
export async function updateRows(
  client: pg.ClientBase,
  table: string,
  key: readonly [string, ColType],
  cols: Columns,
  rows: readonly unknown[][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const all = [key, ...cols];
  const arrays = all.map((_, i) => rows.map((r) => r[i] ?? null));
  const params = all.map(([, t], i) => `$${i + 1}::${arrayType(t)}[]`).join(', ');
  const alias = all.map((_, i) => `c${i}`).join(', ');
  const sets = cols.map(([n, t], i) => `"${n}" = u.c${i + 1}${cast(t)}`).join(', ');
  const res = await client.query(
    `UPDATE "${table}" t SET ${sets} FROM unnest(${params}) AS u(${alias}) WHERE t."${key[0]}" = u.c0${cast(key[1])}`,
    arrays,
  );
  return res.rowCount ?? 0;
}

/**
 * One turn of the event loop: a long run of Node work (checking, building rows) gives way to the answers of
 * the statements in flight, so the next one is sent at once instead of after the run.
 */
export const giveWay = () => new Promise<void>((resolve) => setImmediate(resolve));
