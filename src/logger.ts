import pino from 'pino';

/**
 * Database errors quote the rows they refused: "Failing row contains (…)" (CHECK, NOT NULL),
 * "Key (upn)=(…) already exists" (unique), "… conflicts with existing key (…)" (exclusion), "… is not
 * present in table" (foreign key), "invalid input syntax for type uuid: "…"". Those rows hold pupils'
 * names, plans and safeguarding leads, so every string logged is scrubbed of them, and a `detail`
 * property (pg's DETAIL) is dropped whole. Constraint names, codes and tables stay: enough to debug.
 */
const ROW_TEXT: [RegExp, string][] = [
  [/Failing row contains[^\n]*/g, 'Failing row contains [redacted]'],
  [/\bKey \([^\n]*/g, 'Key [redacted]'],
  [/(invalid input (?:syntax|value) for (?:type|enum) [\w ."]+?): [^\n]*/g, '$1: [redacted]'],
  [/(value too long for type [\w ()]+)[^\n]*/g, '$1'],
  [/DETAIL:[^\n]*/g, 'DETAIL: [redacted]'],
];
const DROPPED_KEYS = new Set(['detail', 'where', 'internalQuery', 'hint', 'parameters', 'params', 'args']);

export function scrubText(s: string): string {
  let out = s;
  for (const [re, to] of ROW_TEXT) out = out.replace(re, to);
  return out;
}

/** Deep copy with row text scrubbed; Errors become plain objects (type, message, code, stack…). */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (!value || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[omitted]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out.type = value.constructor?.name ?? 'Error';
    out.message = scrubText(value.message);
    if (value.stack) out.stack = scrubText(value.stack);
  }
  for (const key of Object.keys(value)) {
    if (DROPPED_KEYS.has(key)) {
      out[key] = '[redacted]';
      continue;
    }
    out[key] = scrub((value as Record<string, unknown>)[key], depth + 1, seen);
  }
  if (value instanceof Error && 'cause' in value && value.cause !== undefined && !('cause' in out))
    out.cause = scrub(value.cause, depth + 1, seen);
  return out;
}

// Pupil names and tokens must never reach the logs; nor may the rows database errors quote.
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'ap-movement-tracker' },
      redact: {
        paths: ['req.headers.authorization', '*.firstName', '*.lastName', '*.dateOfBirth', 'token'],
        censor: '[redacted]',
      },
      serializers: { err: (e: unknown) => scrub(e) },
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      hooks: {
        // The message string too: a caller may interpolate an error into it.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
          return method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
