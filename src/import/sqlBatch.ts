import type { Prisma } from '../generated/prisma/client';

/**
 * Set-based writes for the import: one INSERT … SELECT FROM unnest(arrays) per chunk of rows, so a
 * thousand placements cost one round trip, not a thousand. Column types: a plain PostgreSQL type for the
 * array, or `enum:Name` / `jsonb` (sent as text and cast per row).
 */
export type ColType = 'uuid' | 'text' | 'date' | 'numeric' | 'boolean' | 'integer' | 'jsonb' | `enum:${string}`;

const arrayType = (t: ColType) => (t.startsWith('enum:') || t === 'jsonb' ? 'text' : t);
const cast = (t: ColType) => (t.startsWith('enum:') ? `::"${t.slice(5)}"` : t === 'jsonb' ? '::jsonb' : '');

export async function insertRows(
  tx: Pick<Prisma.TransactionClient, '$executeRawUnsafe'>,
  table: string,
  cols: readonly (readonly [string, ColType])[],
  rows: readonly unknown[][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const arrays = cols.map((_, i) => rows.map((r) => r[i] ?? null));
  const names = cols.map(([n]) => `"${n}"`).join(', ');
  const params = cols.map(([, t], i) => `$${i + 1}::${arrayType(t)}[]`).join(', ');
  const select = cols.map(([, t], i) => `u.c${i}${cast(t)}`).join(', ');
  const alias = cols.map((_, i) => `c${i}`).join(', ');
  return tx.$executeRawUnsafe(
    `INSERT INTO "${table}" (${names}) SELECT ${select} FROM unnest(${params}) AS u(${alias})`,
    ...arrays,
  );
}

/** UPDATE "table" SET col = u.col … FROM unnest(arrays) WHERE key = u.key, one statement per chunk. */
export async function updateRows(
  tx: Pick<Prisma.TransactionClient, '$executeRawUnsafe'>,
  table: string,
  key: readonly [string, ColType],
  cols: readonly (readonly [string, ColType])[],
  rows: readonly unknown[][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const all = [key, ...cols];
  const arrays = all.map((_, i) => rows.map((r) => r[i] ?? null));
  const params = all.map(([, t], i) => `$${i + 1}::${arrayType(t)}[]`).join(', ');
  const alias = all.map((_, i) => `c${i}`).join(', ');
  const sets = cols.map(([n, t], i) => `"${n}" = u.c${i + 1}${cast(t)}`).join(', ');
  return tx.$executeRawUnsafe(
    `UPDATE "${table}" t SET ${sets} FROM unnest(${params}) AS u(${alias}) WHERE t."${key[0]}" = u.c0${cast(key[1])}`,
    ...arrays,
  );
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
