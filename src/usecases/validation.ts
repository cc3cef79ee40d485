import { z } from 'zod';
import { invalid } from '../errors';
import { isSupportedDate, SUPPORTED_DATES } from '../domain/dates';

/** Parses mutation input; every problem becomes a field message and nothing is written. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalid(r.error.issues.map((i) => ({ field: i.path.join('.') || 'input', message: i.message })));
}

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates must be written as YYYY-MM-DD.')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'This is not a real calendar date.',
  )
  .refine(isSupportedDate, `Dates must be between ${SUPPORTED_DATES.earliest} and ${SUPPORTED_DATES.latest}.`);

// Bidirectional overrides, embeddings and isolates ("Trojan Source") make text display as something
// other than what is stored; zero-width characters make two different names look the same.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const ZERO_WIDTH = /[\u180E\u200B-\u200D\u2060\uFEFF]/;

export const requiredText = (what: string, max = 4000) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required.`)
    .max(max, `${what} is too long (at most ${max} characters).`)
    .refine((s) => !BIDI_CONTROLS.test(s), `${what} cannot contain text-direction control characters.`);

/** Names of pupils and organisations: shown, searched and matched, so also no invisible characters. */
export const nameText = (what: string, max = 200) =>
  requiredText(what, max).refine(
    (s) => !ZERO_WIDTH.test(s),
    `${what} cannot contain invisible (zero-width) characters.`,
  );

export const uuid = z.string().uuid('This is not a valid record reference.');
