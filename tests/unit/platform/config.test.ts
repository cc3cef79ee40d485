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
  it('refuses every development default in production, naming each, and accepts private values', () => {
    const dev = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-private-secret-0123456789-0123456789',
      DATABASE_URL: 'postgresql://ap_owner:ap_owner@db.internal:5432/ap_tracker',
      APP_DATABASE_URL: 'postgresql://ap_app:ap_app@db.internal:5432/ap_tracker',
    };
    let message = '';
    try {
      loadConfig(dev);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL: uses the development password of ap_owner/);
    expect(message).toMatch(/APP_DATABASE_URL: uses the development password of ap_app/);
    expect(message).toMatch(/PUBLIC_URL: must be set in production/);
    const { APP_DATABASE_URL: _unused, ...noApp } = dev;
    expect(() => loadConfig({ ...noApp, DATABASE_URL: 'postgresql://ap_owner:s3cret@db.internal/ap_tracker', PUBLIC_URL: 'https://tracker.example.org' })).toThrow(
      /APP_DATABASE_URL: must be set in production/,
    );
    const ok = loadConfig({
      ...dev,
      DATABASE_URL: 'postgresql://ap_owner:0wner-s3cret@db.internal/ap_tracker',
      APP_DATABASE_URL: 'postgresql://ap_app:app-s3cret@db.internal/ap_tracker',
      PUBLIC_URL: 'https://tracker.example.org',
    });
    expect(ok.appDatabaseUrl).toMatch(/app-s3cret/);
    // Local benchmarks and tests in production mode on throwaway data say so explicitly.
    expect(loadConfig({ ...dev, ALLOW_DEVELOPMENT_DEFAULTS: 'true' }).NODE_ENV).toBe('production');
    // In development the defaults are what `npm start` uses.
    expect(loadConfig({ ...dev, NODE_ENV: 'development' }).PUBLIC_URL).toBe('http://localhost:4000');
  });
});
