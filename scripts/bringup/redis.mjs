// Redis: a user-given REDIS_URL, or redis-server from Debian packages (persistent daemon on 6379
// for `start`, a throwaway child process on a free port for test/bench). A Redis that answers but
// cannot work (MISCONF, a read-only replica, a wrong password, too old) stops bring-up at once with
// the cause and the fix (diagnose.mjs).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { aptInstall } from './apt.mjs';
import { diagnoseRedis } from './diagnose.mjs';
import { redact } from './sql.mjs';
import { BringupError, log, onCleanup, run, signalChild, sleep, tail, track, warn, which } from './util.mjs';

const resp = (...parts) => `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;

/** Raw PING (with AUTH first when the URL carries credentials). Resolves {ok, why}. */
export function ping(url, timeoutMs = 3000) {
  return new Promise((resolve) => {
    let u;
    try {
      u = new URL(url);
    } catch {
      resolve({ ok: false, why: 'not a valid URL' });
      return;
    }
    const host = u.hostname || '127.0.0.1';
    const port = Number(u.port || 6379);
    const opts = { host: host.replace(/^\[|\]$/g, ''), port };
    const sock = u.protocol === 'rediss:' ? tls.connect({ ...opts, servername: opts.host }) : net.connect(opts);
    let buf = '';
    const finish = (res) => {
      sock.destroy();
      resolve(res);
    };
    sock.setTimeout(timeoutMs, () =>
      finish({ ok: false, why: `no answer from ${host}:${port} within ${timeoutMs}ms` }),
    );
    sock.once('error', (err) => finish({ ok: false, why: err.message }));
    sock.once(u.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => {
      let payload = '';
      const pass = decodeURIComponent(u.password || '');
      const user = decodeURIComponent(u.username || '');
      if (pass) payload += user && user !== 'default' ? resp('AUTH', user, pass) : resp('AUTH', pass);
      payload += resp('PING');
      sock.write(payload);
    });
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('+PONG')) finish({ ok: true });
      else if (/^-[^\r\n]*\r\n/m.test(buf)) finish({ ok: false, why: buf.match(/^-([^\r\n]*)/m)[1] });
    });
    sock.once('end', () => finish({ ok: false, why: `connection closed (${JSON.stringify(buf.slice(0, 80))})` }));
  });
}

export async function waitPing(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await ping(url, 1000);
    if (last.ok) return;
    await sleep(100);
  }
  throw new BringupError(`Redis at ${redact(url)} did not answer PING within ${timeoutMs / 1000}s (${last?.why})`);
}

/** Throws the cause and the fix when a Redis answers but cannot work; resolves whether it answered at all. */
async function usable(url, where) {
  const d = await diagnoseRedis(url);
  if (!d.reachable) return { answered: false, why: d.why };
  for (const w of d.warnings) warn(w);
  if (d.problems.length) {
    throw new BringupError(`${where} cannot be used: ${d.problems.map((p) => p.cause).join('; ')}`, {
      hint: d.problems.map((p) => p.fix).join('\n    hint: '),
    });
  }
  return { answered: true, version: d.version };
}

export async function fromEnv() {
  const url = process.env.REDIS_URL;
  if (!url) return null;
  const res = await usable(url, `REDIS_URL=${redact(url)}`);
  if (!res.answered) {
    warn(`REDIS_URL=${redact(url)} is set but does not answer (${res.why}); ignoring it`);
    return null;
  }
  log(`using REDIS_URL=${redact(url)} (Redis ${res.version}: answers, accepts writes, a primary)`);
  return { kind: 'env', url };
}

/**
 * Where the persistent daemon keeps its data: per user, outside any checkout, because the daemon
 * outlives the checkout that started it (it serves every checkout on port 6379). A data folder
 * inside a deleted checkout left a daemon that refused every write (MISCONF).
 */
export function persistentRedisDir(port = 6379) {
  const state = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'ap-movement-tracker', `redis-${port}`);
}

async function ensureInstalled() {
  let bin = which('redis-server');
  if (!bin) {
    log('redis-server is not installed: installing it from Debian packages');
    await aptInstall(['redis-server'], 'redis-server');
    bin = which('redis-server');
    if (!bin) throw new BringupError('apt-get installed redis-server but no redis-server binary is on PATH');
  }
  return bin;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** start mode: a working Redis on 127.0.0.1:6379, else a persistent daemon with data in persistentRedisDir(). */
export async function localPersistent() {
  const url = 'redis://127.0.0.1:6379';
  const where = 'the Redis already running on 127.0.0.1:6379';
  if ((await usable(url, where)).answered) {
    log(`a working Redis already answers on 127.0.0.1:6379: using it`);
    return { kind: 'local', url };
  }
  const bin = await ensureInstalled();
  if ((await usable(url, where)).answered) {
    log('the redis-server package started its own service on 127.0.0.1:6379: using it');
    return { kind: 'local', url };
  }
  const dir = persistentRedisDir(6379);
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port',
    '6379',
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--daemonize',
    'yes',
    '--save',
    '60 1',
    '--appendonly',
    'yes',
    '--logfile',
    join(dir, 'redis.log'),
    '--pidfile',
    join(dir, 'redis.pid'),
  ];
  log(`launching redis-server ${args.join(' ')}`);
  await run(bin, args, { timeoutMs: 20_000, label: 'redis-server --daemonize yes' });
  await waitPing(url, 15_000);
  log(
    `persistent redis-server answers on 127.0.0.1:6379 (data and log in ${dir}; stop it with: redis-cli -p 6379 shutdown)`,
  );
  return { kind: 'local', url };
}

/** test/bench mode: a throwaway redis-server child on a free port, killed by cleanup. */
export async function localThrowaway() {
  const bin = await ensureInstalled();
  let lastErr;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--dir',
      tmpdir(),
    ];
    // Own process group: a Ctrl-C in the terminal must not kill Redis under the still-running tests.
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const entry = track(child, { detached: true, name: `redis-server :${port}` });
    entry.keep = true; // stopped by cleanup, after the tests, not by signal forwarding
    let output = '';
    child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
    const exited = new Promise((r) => child.once('exit', (code, sig) => r(code ?? sig)));
    const killSync = () => signalChild(entry, 'SIGKILL');
    process.once('exit', killSync);
    try {
      await Promise.race([
        waitPing(url, 10_000),
        exited.then((c) => {
          throw new BringupError(`redis-server on port ${port} exited (${c}) during start-up`, {
            output: tail(output, 15),
          });
        }),
      ]);
    } catch (err) {
      lastErr = err;
      signalChild(entry, 'SIGKILL');
      process.removeListener('exit', killSync);
      warn(`throwaway redis-server attempt ${attempt} failed: ${err.message}`);
      continue;
    }
    log(`throwaway redis-server (pid ${child.pid}) answers on 127.0.0.1:${port}`);
    onCleanup(`stop throwaway redis-server :${port}`, async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalChild(entry, 'SIGTERM');
      const t = setTimeout(() => signalChild(entry, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      process.removeListener('exit', killSync);
      log(`throwaway redis-server :${port} stopped`);
    });
    return { kind: 'throwaway', url, pid: child.pid };
  }
  throw lastErr;
}
