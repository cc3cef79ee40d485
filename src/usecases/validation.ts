import { z } from 'zod';
import { invalid } from '../errors';

/** Parses mutation input; every problem becomes a field message and nothing is written. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalid(
    r.error.issues.map((i) => ({ field: i.path.join('.') || 'input', message: i.message })),
  );
}

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates must be written as YYYY-MM-DD.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'This is not a real calendar date.');

export const requiredText = (what: string, max = 4000) =>
  z.string().trim().min(1, `${what} is required.`).max(max, `${what} is too long (at most ${max} characters).`);

export const uuid = z.string().uuid('This is not a valid record reference.');
