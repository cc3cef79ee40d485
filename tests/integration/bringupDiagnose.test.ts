import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  diagnosePostgres,
  diagnoseRedis,
  explainPgConnectFailure,
  redisCommands,
  versionLower,
} from '../../scripts/bringup/diagnose.mjs';
import { fromEnv as redisFromEnv, persistentRedisDir } from '../../scripts/bringup/redis.mjs';
import { testEnv, withDatabase } from '../support/env';
import { freePort } from '../support/redisServer';

/**
 * Bring-up's diagnosis of a Redis or PostgreSQL that answers but cannot work: each case reproduced
 * with a real server (on a free port of this test's own), answered within a few seconds with the
 * cause and the fix.
 */
describe('bring-up explains a server that answers but cannot work', () => {
  const started: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const p of started.splice(0)) {
      if (p.exitCode === null)
        await new Promise<void>((r) => {
          p.once('exit', () => r());
          p.kill('SIGKILL');
        });
    }
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function redis(args: string[]): Promise<{ url: string; port: number }> {
    const port = await freePort();
    const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'no', ...args], {
      stdio: 'ignore',
    });
    started.push(p);
    const url = `redis://127.0.0.1:${port}`;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const r = await redisCommands(url, [['PING']], 500);
      if (r.replies) return { url, port };
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`redis-server did not start on ${port}`);
  }

  it('MISCONF: a Redis whose data folder was deleted (the earlier-checkout case) is named, with the fix', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ap-misconf-'));
    dirs.push(dir);
    const { url, port } = await redis(['--dir', dir, '--save', '60 1', '--appendonly', 'no']);
    expect((await diagnoseRedis(url)).problems).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
    // The next save fails (as the `save 60 1` point would a minute later); writes are then refused.
    await redisCommands(url, [['BGSAVE']]);
    const until = Date.now() + 10_000;
    let write: unknown;
    while (Date.now() < until) {
      write = (await redisCommands(url, [['SET', 'k', 'v']])).replies?.[0];
      if ((write as { error?: string })?.error?.startsWith('MISCONF')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((write as { error?: string }).error).toMatch(/^MISCONF/);
    // Redis 7 answers even PING with MISCONF, so a PING-only check took it for "nothing there", tried to
    // start a second server on the taken port and timed out after 15 s (the reported symptom).
    expect((await redisCommands(url, [['PING']])).replies?.[0]).toEqual({ error: expect.stringMatching(/^MISCONF/) });

    const d = await diagnoseRedis(url);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.cause).toMatch(/refuses writes \(MISCONF\): it cannot save to disk/);
    expect(d.problems[0]!.cause).toMatch(/its data folder no longer exists/);
    expect(d.problems[0]!.cause).toMatch(/earlier checkout/);
    expect(d.problems[0]!.fix).toContain(`redis-cli -p ${port} shutdown nosave`);
    expect(d.problems[0]!.fix).toMatch(/config set dir/);

    // Bring-up's REDIS_URL step stops on it with the cause and the fix: a timeout (the reported symptom) would say
    // neither. Durations are not asserted here (benchmarks only): the cause in the message proves the path taken.
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = url;
    try {
      const err = (await redisFromEnv().catch((e: unknown) => e)) as { message: string; hint: string };
      expect(err.message).toMatch(/REDIS_URL=redis:\/\/127\.0\.0\.1:\d+ cannot be used: .*MISCONF/);
      expect(err.hint).toContain('shutdown nosave');
    } finally {
      process.env.REDIS_URL = saved;
    }
  });

  it('the persistent Redis bring-up starts keeps its data per user, outside any checkout', () => {
    const dir = persistentRedisDir(6379);
    expect(path.isAbsolute(dir)).toBe(true);
    expect(dir.startsWith(path.resolve('.'))).toBe(false);
    expect(dir).toMatch(/ap-movement-tracker[/\\]redis-6379$/);
  });

  it('a read-only replica is named, with its primary', async () => {
    const primary = await redis(['--save', '']);
    const replica = await redis(['--save', '', '--replicaof', '127.0.0.1', String(primary.port)]);
    const d = await diagnoseRedis(replica.url);
    expect(d.role).toBe('slave');
    expect(d.problems[0]!.cause).toMatch(/read-only replica of 127\.0\.0\.1:\d+/);
    expect(d.problems[0]!.fix).toContain(`redis://127.0.0.1:${primary.port}`);
    expect(d.problems[0]!.fix).toMatch(/REPLICAOF NO ONE/);
  });

  it('a missing or wrong Redis password is named', async () => {
    const { url, port } = await redis(['--save', '', '--requirepass', 'right-password']);
    const none = await diagnoseRedis(url);
    expect(none.problems[0]!.cause).toMatch(/requires a password and REDIS_URL carries none/);
    const wrong = await diagnoseRedis(`redis://:wrong@127.0.0.1:${port}`);
    expect(wrong.problems[0]!.cause).toMatch(/refused the password in REDIS_URL/);
    expect(wrong.problems[0]!.cause).not.toContain('wrong@');
    const right = await diagnoseRedis(`redis://:right-password@127.0.0.1:${port}`);
    expect(right.problems).toEqual([]);
  });

  it('a Redis too old for BullMQ is refused by version', () => {
    expect(versionLower('4.0.9', '5.0.0')).toBe(true);
    expect(versionLower('7.0.15', '5.0.0')).toBe(false);
    expect(versionLower('6.2.0', '6.2.0')).toBe(false);
  });

  it('nothing listening is "unreachable", not a problem to explain (bring-up then starts its own)', async () => {
    const d = await diagnoseRedis(`redis://127.0.0.1:${await freePort()}`);
    expect(d.reachable).toBe(false);
  });

  it('PostgreSQL: a wrong password, a missing database and a read-only session are named, with the fix', async () => {
    const base = testEnv().appUrl;
    const u = new URL(withDatabase(base, 'postgres'));
    u.password = 'not-the-password';
    const wrong = await diagnosePostgres(u.toString());
    expect(wrong[0]!.cause).toMatch(/rejected the password of ap_app in DATABASE_URL/);
    expect(wrong[0]!.fix).toMatch(/correct the password in DATABASE_URL/);

    const missing = await diagnosePostgres(withDatabase(base, 'no_such_database_here'));
    expect(missing[0]!.cause).toMatch(/has no database no_such_database_here/);

    // libpq reads %20 (not +) as a space in URL parameters.
    const ro = `${withDatabase(base, 'postgres')}?options=-c%20default_transaction_read_only%3Don`;
    const readOnly = await diagnosePostgres(ro, 'APP_DATABASE_URL');
    expect(readOnly[0]!.cause).toMatch(/opens read-only sessions/);
    expect(await diagnosePostgres(withDatabase(base, 'postgres'))).toEqual([]);
  });

  it('PostgreSQL: a standby and a too-old server are recognised from their answers', () => {
    expect(
      explainPgConnectFailure('postgresql://a:b@db:5432/x', 'FATAL:  the database system is starting up')!.cause,
    ).toMatch(/cannot take connections now/);
    expect(explainPgConnectFailure('postgresql://a:b@db:5432/x', 'FATAL:  no pg_hba.conf entry for host')!.fix).toMatch(
      /pg_hba\.conf/,
    );
  });
});
