import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEVELOPMENT_PUBLIC_URL, developmentDefaultsInUse } from './productionDefaults';
import { QUEUES, type QueueName } from './jobs/registry';

// Read and validated once at start; a bad value stops the process with a message naming it.

/** Where bring-up keeps the signing secret it generated on first start (mode 0600). */
export const LOCAL_SECRET_FILE = '.data/jwt-secret';

const flag = (dflt: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(dflt ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const QUEUE_NAMES: readonly string[] = Object.values(QUEUES);

/**
 * WORKER_QUEUES: the queues one worker process serves (workers/serveQueue.ts says what comes with each), as a
 * comma list of src/jobs/registry.ts's QUEUES; default every one, as before the setting existed. A name that
 * is not a queue is refused rather than ignored: a process that silently served nothing would leave its jobs
 * waiting for ever.
 */
const workerQueues = z
  .string()
  .default(QUEUE_NAMES.join(','))
  .transform((v, ctx) => {
    const names = [...new Set(v.split(',').map((n) => n.trim()))].filter(Boolean);
    const unknown = names.filter((n) => !QUEUE_NAMES.includes(n));
    if (unknown.length)
      ctx.addIssue({
        code: 'custom',
        message: `${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length > 1 ? 'are not queues' : 'is not a queue'} (the queues: ${QUEUE_NAMES.join(', ')})`,
      });
    else if (!names.length)
      ctx.addIssue({ code: 'custom', message: `names no queue (the queues: ${QUEUE_NAMES.join(', ')})` });
    return names as QueueName[];
  });

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    // Bull Board listens here, on 127.0.0.1 only: queue administration is an operator's tool. 0 = any free port.
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
    ADMIN_ENABLED: flag(true),
    APP_DATABASE_URL: z.string().url().optional(),
    DATABASE_URL: z.string().url({ message: 'must be a postgresql:// URL' }),
    // Reports (and only reports) read here: a streaming replica of DATABASE_URL, on the application role.
    // Their audit rows still go to the primary. Unset: reports read the primary (docs/scale.md).
    REPORTS_DATABASE_URL: z.string().url({ message: 'must be a postgresql:// URL' }).optional(),
    REDIS_URL: z.string().url({ message: 'must be a redis:// URL' }).default('redis://127.0.0.1:6379'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_ISSUER: z.string().default('ap-movement-tracker'),
    JWT_AUDIENCE: z.string().default('ap-movement-tracker-api'),
    // How long a user's active/role standing is cached before the AppUser row is read again.
    AUTH_USER_CACHE_MS: z.coerce.number().int().min(0).max(60_000, 'must be at most a minute (60000)').default(60_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.string().default('100kb'),
    // The largest import file in bytes (src/import/csvFile.ts: importMaxBytes; default 50 MB); the web upload too.
    IMPORT_MAX_BYTES: z.string().optional(),
    PUBLIC_URL: z.string().url().default(DEVELOPMENT_PUBLIC_URL),
    QUEUE_PREFIX: z.string().default('aptracker'),
    WORKER_QUEUES: workerQueues,
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Requests per minute per user (or per IP address without a token); 0 turns the limit off.
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    // Express "trust proxy": set (e.g. 1, or loopback) when a TLS-terminating proxy sets X-Forwarded-Proto.
    TRUST_PROXY: z.string().optional(),
    // Webhooks to loopback/private/link-local addresses are refused unless this is set (local receivers in tests).
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: flag(false),
    // Only for local benchmarks and tests that run in production mode on throwaway data.
    ALLOW_DEVELOPMENT_DEFAULTS: z.enum(['true', 'false']).default('false'),
    // Web sign-in (src/web): the LA's OpenID Connect identity provider. Without OIDC_ISSUER the
    // sign-in page says sign-in is not set up (and, in development only, offers the demo users).
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Defaults to PUBLIC_URL + /sign-in/callback. */
    OIDC_REDIRECT_URL: z.string().url().optional(),
    /** Signs the web session cookie. Unset in production: a random one per process (src/web/middleware/setUpWebSession.ts). */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Encrypts each LA's transfer signing key at rest (docs/transfer.md); JWT_SECRET is used when unset. */
    TRANSFER_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  })
  .superRefine((c, ctx) => {
    if (!c.JWT_SECRET && c.NODE_ENV !== 'development') {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: `must be set outside development (npm start and npm test generate one; NODE_ENV is ${c.NODE_ENV})`,
      });
    }
    if (c.WEBHOOK_ALLOW_PRIVATE_ADDRESSES && c.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_PRIVATE_ADDRESSES'],
        message: 'is for tests and development only',
      });
    }
    if (c.NODE_ENV === 'production' && c.ALLOW_DEVELOPMENT_DEFAULTS !== 'true') {
      for (const d of developmentDefaultsInUse(c)) ctx.addIssue({ code: 'custom', path: [d.path], message: d.message });
    }
    if (c.OIDC_ISSUER && !(c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_CLIENT_ID'],
        message: 'OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed with OIDC_ISSUER',
      });
    }
  });

export type Config = Omit<z.infer<typeof schema>, 'JWT_SECRET'> & {
  JWT_SECRET: string;
  appDatabaseUrl: string;
  /** True when development had no secret at all: tokens die with the process. */
  jwtSecretEphemeral: boolean;
};

export class ConfigError extends Error {}

function localSecret(): string | undefined {
  try {
    const s = readFileSync(LOCAL_SECRET_FILE, 'utf8').trim();
    return s.length >= 32 ? s : undefined;
  } catch {
    return undefined;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Configuration is invalid:\n${lines.join('\n')}`);
  }
  const d = parsed.data;
  // No secret lives in the source. Development falls back to the one bring-up generated, else a
  // throwaway one for this process only.
  const fallback = d.JWT_SECRET ? undefined : localSecret();
  const secret = d.JWT_SECRET ?? fallback ?? randomBytes(32).toString('base64url');
  // The API and workers use the least-privilege role when bring-up provides one.
  return {
    ...d,
    JWT_SECRET: secret,
    jwtSecretEphemeral: !d.JWT_SECRET && !fallback,
    appDatabaseUrl: d.APP_DATABASE_URL ?? d.DATABASE_URL,
  };
}
