import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config';

describe('configuration is validated once, with clear messages', () => {
  const base = { DATABASE_URL: 'postgresql://u:p@localhost:5432/db' };
  it('applies defaults', () => {
    const c = loadConfig(base);
    expect(c.PORT).toBe(4000);
    expect(c.appDatabaseUrl).toBe(base.DATABASE_URL);
  });
  it('names each missing or bad value', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });
  it('refuses the development secret in production', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set to a private value in production/);
  });
});
