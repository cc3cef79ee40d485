import { z } from 'zod';

// Read and validated once at start; a bad value stops the process with a message naming it.
const DEV_SECRET = 'dev-only-secret-change-me-please-0123456789';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    APP_DATABASE_URL: z.string().url().optional(),
    DATABASE_URL: z.string().url({ message: 'must be a postgresql:// URL' }),
    REDIS_URL: z.string().url({ message: 'must be a redis:// URL' }).default('redis://127.0.0.1:6379'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRET),
    JWT_ISSUER: z.string().default('ap-movement-tracker'),
    JWT_AUDIENCE: z.string().default('ap-movement-tracker-api'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.string().default('100kb'),
    PUBLIC_URL: z.string().url().default('http://localhost:4000'),
    QUEUE_PREFIX: z.string().default('aptracker'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Web sign-in (src/web): the LA's OpenID Connect identity provider. Without OIDC_ISSUER the
    // sign-in page says sign-in is not set up (and, in development only, offers the demo users).
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Defaults to PUBLIC_URL + /sign-in/callback. */
    OIDC_REDIRECT_URL: z.string().url().optional(),
    /** Signs the web session cookie. Unset in production: a random one per process (src/web/middleware/setUpWebSession.ts). */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
    /** Express "trust proxy": set when TLS ends at a proxy, so Secure cookies are sent (X-Forwarded-Proto). */
    TRUST_PROXY: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.JWT_SECRET === DEV_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be set to a private value in production' });
    }
    if (c.OIDC_ISSUER && !(c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_ID'], message: 'OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed with OIDC_ISSUER' });
    }
  });

export type Config = z.infer<typeof schema> & { appDatabaseUrl: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Configuration is invalid:\n${lines.join('\n')}`);
  }
  // The API and workers use the least-privilege role when bring-up provides one.
  return { ...parsed.data, appDatabaseUrl: parsed.data.APP_DATABASE_URL ?? parsed.data.DATABASE_URL };
}
