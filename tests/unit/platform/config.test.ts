import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config';

describe('configuration is validated once, with clear messages', () => {
  const base = { DATABASE_URL: 'postgresql://u:p@localhost:5432/db' };
  const secret = { JWT_SECRET: 'x'.repeat(40) };
  it('applies defaults', () => {
    const c = loadConfig({ ...base, ...secret, NODE_ENV: 'test' });
    expect(c.PORT).toBe(4000);
    expect(c.ADMIN_PORT).toBe(4001);
    expect(c.AUTH_USER_CACHE_MS).toBe(60_000);
    expect(c.WEBHOOK_ALLOW_PRIVATE_ADDRESSES).toBe(false);
    expect(c.appDatabaseUrl).toBe(base.DATABASE_URL);
  });
  it('names each missing or bad value', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ ...base, ...secret, AUTH_USER_CACHE_MS: '120000' })).toThrow(
      /AUTH_USER_CACHE_MS: must be at most a minute/,
    );
  });
  it.each(['production', 'test'])('refuses to start without JWT_SECRET when NODE_ENV is %s', (env) => {
    expect(() => loadConfig({ ...base, NODE_ENV: env })).toThrow(/JWT_SECRET: must be set outside development/);
  });
  it('an unset NODE_ENV is development: it starts, with the bring-up secret or a throwaway one', () => {
    const c = loadConfig(base);
    expect(c.NODE_ENV).toBe('development');
    expect(c.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    let local: string | null = null;
    try {
      local = readFileSync('.data/jwt-secret', 'utf8').trim();
    } catch {
      /* no bring-up secret here */
    }
    if (local) expect(c.JWT_SECRET).toBe(local);
    else expect(loadConfig(base).JWT_SECRET).not.toBe(c.JWT_SECRET);
  });
  it('no signing secret is written in the source', () => {
    const src = readFileSync('src/config.ts', 'utf8');
    expect(src).not.toMatch(/dev-only-secret/);
  });
  it('private webhook addresses cannot be allowed in production', () => {
    expect(() =>
      loadConfig({ ...base, ...secret, NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }),
    ).toThrow(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES/);
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
    expect(() =>
      loadConfig({
        ...noApp,
        DATABASE_URL: 'postgresql://ap_owner:s3cret@db.internal/ap_tracker',
        PUBLIC_URL: 'https://tracker.example.org',
      }),
    ).toThrow(/APP_DATABASE_URL: must be set in production/);
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
  describe('WORKER_QUEUES: the queues a worker process serves', () => {
    const load = (WORKER_QUEUES?: string) => loadConfig({ ...base, ...secret, NODE_ENV: 'test', WORKER_QUEUES });
    it('defaults to every queue of the registry, as before the setting existed', () => {
      expect(load().WORKER_QUEUES).toEqual(['flags', 'notifications', 'reports', 'retention', 'imports']);
    });
    it('takes a comma list, spaces and repeats allowed', () => {
      expect(load('imports').WORKER_QUEUES).toEqual(['imports']);
      expect(load(' flags, notifications ,reports,retention,flags').WORKER_QUEUES).toEqual([
        'flags',
        'notifications',
        'reports',
        'retention',
      ]);
    });
    it('refuses a name that is not a queue, naming it and the queues there are', () => {
      expect(() => load('flags,import')).toThrow(ConfigError);
      expect(() => load('flags,import')).toThrow(
        /WORKER_QUEUES: "import" is not a queue \(the queues: flags, notifications, reports, retention, imports\)/,
      );
      expect(() => load('Flags,report')).toThrow(/WORKER_QUEUES: "Flags", "report" are not queues/);
    });
    it('refuses a list that names no queue', () => {
      expect(() => load('')).toThrow(/WORKER_QUEUES: names no queue/);
      expect(() => load(' , ')).toThrow(/WORKER_QUEUES: names no queue/);
    });
  });
});
