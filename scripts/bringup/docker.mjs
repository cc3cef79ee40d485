// (b) Docker: used only when an engine answers. `docker compose up -d` the services from
// docker-compose.yml, wait until their healthchecks pass, and hand back matching URLs.
// Set BRINGUP_DOCKER=0 to never use Docker.
import { OWNER, APP, START_DB, rolesSql } from './postgres.mjs';
import { query } from './sql.mjs';
import { waitPing } from './redis.mjs';
import { BringupError, ROOT, log, onCleanup, run, sleep, warn, which } from './util.mjs';

let available = null;

/** The compose invocation ('docker compose' or legacy 'docker-compose'), or null when no engine answers. */
export function dockerCompose() {
  if (!available) {
    available = (async () => {
      if (/^(0|false|no|off)$/i.test(process.env.BRINGUP_DOCKER ?? '')) return null;
      if (!which('docker')) return null;
      const info = await run('docker', ['info', '--format', '{{.ServerVersion}}'], {
        check: false,
        timeoutMs: 5000,
      }).catch(() => null);
      if (!info || info.code !== 0) {
        log('docker: no engine answers `docker info`; not using Docker');
        return null;
      }
      const v2 = await run('docker', ['compose', 'version'], { check: false, timeoutMs: 10_000 }).catch(() => null);
      if (v2?.code === 0) {
        log(`docker: engine ${info.stdout.trim()} answers, using \`docker compose\``);
        return ['docker', 'compose'];
      }
      if (which('docker-compose')) {
        log(`docker: engine ${info.stdout.trim()} answers, using \`docker-compose\``);
        return ['docker-compose'];
      }
      warn(
        'docker: the engine answers but neither `docker compose` nor `docker-compose` is installed; not using Docker',
      );
      return null;
    })();
  }
  return available;
}

async function compose(args, opts = {}) {
  const [cmd, ...pre] = await dockerCompose();
  return run(cmd, [...pre, ...args], { cwd: ROOT, timeoutMs: 10 * 60_000, ...opts });
}

async function waitHealthy(service, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let status = '?';
  while (Date.now() < deadline) {
    const id = (await compose(['ps', '-q', service], { check: false })).stdout.trim();
    if (id) {
      const r = await run(
        'docker',
        ['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}', id],
        {
          check: false,
          timeoutMs: 10_000,
        },
      );
      status = r.stdout.trim();
      if (status === 'healthy') return;
      if (status === 'exited' || status === 'dead') break;
    }
    await sleep(1000);
  }
  const logs = await compose(['logs', '--tail', '30', service], { check: false });
  throw new BringupError(`docker service ${service} is not healthy (status: ${status})`, { output: logs.output });
}

/** Bring up the given compose services (subset of postgres, redis); returns {postgres?, redis?}. */
export async function up(services) {
  log(`docker compose up -d ${services.join(' ')}`);
  await compose(['up', '-d', ...services]);
  await Promise.all(services.map((s) => waitHealthy(s, 180_000)));
  log(`docker services healthy: ${services.join(', ')}`);
  const out = {};
  if (services.includes('postgres')) {
    const port = Number(process.env.AP_PG_PORT || 5432);
    const url = (who, db) => `postgresql://${who.user}:${who.password}@127.0.0.1:${port}/${db}`;
    const server = {
      kind: 'docker',
      port,
      ownerUrl: (db = START_DB) => url(OWNER, db),
      appUrl: (db = START_DB) => url(APP, db),
      adminUrl: url(OWNER, START_DB),
      baseDb: START_DB,
      appIsSeparateRole: true,
    };
    // The initdb script creates the roles on a fresh volume; re-assert them for older volumes.
    await query(server.adminUrl, rolesSql());
    out.postgres = server;
  }
  if (services.includes('redis')) {
    out.redis = { kind: 'docker', url: `redis://127.0.0.1:${Number(process.env.AP_REDIS_PORT || 6379)}` };
  }
  return out;
}

/** test/bench mode with Docker: a throwaway redis container on a free host port. */
export async function throwawayRedis() {
  const r = await run(
    'docker',
    ['run', '-d', '--rm', '-p', '127.0.0.1::6379', 'redis:7', 'redis-server', '--save', '', '--appendonly', 'no'],
    {
      timeoutMs: 5 * 60_000,
    },
  );
  const id = r.stdout.trim();
  onCleanup('remove throwaway redis container', () => run('docker', ['rm', '-f', id], { timeoutMs: 60_000 }));
  const port = (await run('docker', ['port', id, '6379/tcp'])).stdout.trim().split('\n')[0].split(':').pop();
  if (!port) throw new BringupError('could not read the host port of the throwaway redis container');
  const url = `redis://127.0.0.1:${port}`;
  await waitPing(url, 30_000);
  log(`throwaway redis container ${id.slice(0, 12)} answers on 127.0.0.1:${port}`);
  return { kind: 'docker-throwaway', url };
}
