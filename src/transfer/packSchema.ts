import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';

/** The published JSON Schema of the AP history pack (served at /schemas/ap-history-pack.v1.schema.json). */
export const HISTORY_PACK_SCHEMA_FILE = new URL('../../docs/schemas/ap-history-pack.v1.schema.json', import.meta.url);

export const historyPackSchema: Record<string, unknown> = JSON.parse(readFileSync(HISTORY_PACK_SCHEMA_FILE, 'utf8'));

// strict: a typo in the schema (an unknown keyword) fails at start, not silently at validation.
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(historyPackSchema);

export interface SchemaProblem {
  /** JSON Pointer to the value that failed (e.g. /placements/0/startDate). */
  path: string;
  message: string;
}

/** Every way the document fails the pack's schema; empty when it conforms. */
export function historyPackProblems(doc: unknown): SchemaProblem[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({
    path: e.instancePath || '/',
    message: `${e.message ?? 'is not valid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
  }));
}
