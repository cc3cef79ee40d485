import { z } from 'zod';
import { DEVELOPMENT_PUBLIC_URL, developmentDefaultsInUse } from './productionDefaults';

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
    PUBLIC_URL: z.string().url().default(DEVELOPMENT_PUBLIC_URL),
    QUEUE_PREFIX: z.string().default('aptracker'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Only for local benchmarks and tests that run in production mode on throwaway data.
    ALLOW_DEVELOPMENT_DEFAULTS: z.enum(['true', 'false']).default('false'),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.JWT_SECRET === DEV_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be set to a private value in production' });
    }
    if (c.NODE_ENV === 'production' && c.ALLOW_DEVELOPMENT_DEFAULTS !== 'true') {
      for (const d of developmentDefaultsInUse(c)) ctx.addIssue({ code: 'custom', path: [d.path], message: d.message });
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
