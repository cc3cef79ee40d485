// PostgreSQL: a user-given DATABASE_URL, or a local Debian cluster (installed/created/started as
// needed). The docker path lives in docker.mjs. Database-level work (create the start-mode or
// throwaway database, verify btree_gist and the app role) is shared by all three.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './apt.mjs';
import { diagnosePostgres, explainPgConnectFailure } from './diagnose.mjs';
import {
  canConnect,
  databaseOf,
  query,
  quoteIdent,
  quoteLiteral,
  redact,
  superuserQuery,
  withDatabase,
} from './sql.mjs';
import { BringupError, isRoot, log, run, sleep, tail, warn, which } from './util.mjs';

export const ROLES_SQL_PATH = join(dirname(fileURLToPath(import.meta.url)), 'roles.sql');
export const rolesSql = () => readFileSync(ROLES_SQL_PATH, 'utf8');

export const OWNER = { user: 'ap_owner', password: 'ap_owner' };
export const APP = { user: 'ap_app', password: 'ap_app' };
export const START_DB = 'ap_tracker';

const pgUrl = ({ user, password }, host, port, db) =>
  `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(db)}`;

// ---------------------------------------------------------------------------------------------
// (a) user-given DATABASE_URL
// ---------------------------------------------------------------------------------------------
/** Resolves a server description when DATABASE_URL is set and works, else null (with a warning). */
export async function fromEnv() {
  const url = process.env.DATABASE_URL;
  if (!url) return null;
  try {
    new URL(url);
  } catch {
    warn(`DATABASE_URL is set but is not a valid URL; ignoring it`);
    return null;
  }
  if (which('psql')) {
    const res = await canConnect(url);
    if (!res.ok) {
      // A server that answered and refused (password, role, standby...) is an error to fix, not a fallback.
      const explained = explainPgConnectFailure(url, res.why, 'DATABASE_URL');
      if (explained) throw new BringupError(explained.cause, { hint: explained.fix });
      warn(`DATABASE_URL=${redact(url)} is set but psql cannot connect (${res.why}); ignoring it`);
      return null;
    }
    await refuseUnusable(url, 'DATABASE_URL');
    log(`using DATABASE_URL=${redact(url)} (psql connected)`);
  } else {
    const u = new URL(url);
    const ok = await tcpReachable(u.hostname || '127.0.0.1', Number(u.port || 5432));
    if (!ok) {
      warn(
        `DATABASE_URL=${redact(url)} is set but ${u.hostname}:${u.port || 5432} does not accept TCP connections; ignoring it`,
      );
      return null;
    }
    log(`using DATABASE_URL=${redact(url)} (TCP reachable; no psql here, so auth is checked later)`);
  }
  const app = process.env.APP_DATABASE_URL || url;
  return {
    kind: 'env',
    ownerUrl: (db) => (db ? withDatabase(url, db) : url),
    appUrl: (db) => (db ? withDatabase(app, db) : app),
    adminUrl: url, // where CREATE/DROP DATABASE is issued from
    baseDb: databaseOf(url),
    appIsSeparateRole: app !== url,
  };
}

/** A server that lets us in but cannot work (too old, a standby, read-only sessions): the cause and the fix. */
async function refuseUnusable(url, variable) {
  const problems = await diagnosePostgres(url, variable);
  if (problems.length) {
    throw new BringupError(problems.map((p) => p.cause).join('; '), {
      hint: problems.map((p) => p.fix).join('\n    hint: '),
    });
  }
}

export async function tcpReachable(host, port, timeoutMs = 3000) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

// ---------------------------------------------------------------------------------------------
// (c) local Debian cluster
// ---------------------------------------------------------------------------------------------
function installedVersions() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
}

async function listClusters() {
  if (!which('pg_lsclusters')) return [];
  const { stdout } = await run('pg_lsclusters', ['-j'], { timeoutMs: 30_000 });
  const list = JSON.parse(stdout || '[]');
  return list.map((c) => ({
    version: String(c.version),
    name: c.cluster,
    port: Number(c.port ?? c.config?.port ?? 5432),
    running: Boolean(c.running),
    logfile: c.logfile,
    hba: c.config?.hba_file ?? join(c.configdir ?? '', 'pg_hba.conf'),
  }));
}

async function pgIsReady(port) {
  const res = await run('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-t', '2'], {
    check: false,
    timeoutMs: 10_000,
  });
  return { ok: res.code === 0, text: res.stdout.trim() };
}

async function waitReady(port, timeoutMs, logfile) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = await pgIsReady(port);
    if (r.ok) return r.text;
    last = r.text;
    await sleep(500);
  }
  let logTail = '';
  try {
    logTail = tail(readFileSync(logfile, 'utf8'), 20);
  } catch {
    /* no log */
  }
  throw new BringupError(
    `PostgreSQL on 127.0.0.1:${port} is not accepting connections after ${timeoutMs / 1000}s (${last})`,
    {
      output: logTail,
      hint: logfile ? `see ${logfile}` : undefined,
    },
  );
}

/** Make sure a local cluster is installed, exists, runs, has our roles and password auth works. */
export async function local() {
  let versions = installedVersions();
  if (!versions.length) {
    log('no /usr/lib/postgresql/*/bin/postgres: installing PostgreSQL from Debian packages');
    await aptInstall(['postgresql', 'postgresql-contrib'], 'PostgreSQL');
    versions = installedVersions();
    if (!versions.length)
      throw new BringupError('apt-get installed postgresql but no /usr/lib/postgresql/*/bin/postgres exists');
  }
  if (!which('pg_lsclusters') || !which('pg_ctlcluster')) {
    await aptInstall(['postgresql-common'], 'postgresql-common (pg_ctlcluster)');
  }

  let clusters = (await listClusters()).filter((c) => versions.includes(c.version));
  if (!clusters.length) {
    const ver = versions[0];
    if (!isRoot()) {
      throw new BringupError('no PostgreSQL cluster exists and bring-up is not running as root', {
        hint: `create and start one: sudo pg_createcluster ${ver} main --start  (or run bring-up as root, or set DATABASE_URL)`,
      });
    }
    log(`no PostgreSQL cluster exists: pg_createcluster ${ver} main`);
    await run('pg_createcluster', [ver, 'main'], { timeoutMs: 120_000 });
    clusters = (await listClusters()).filter((c) => c.version === ver);
    if (!clusters.length) throw new BringupError(`pg_createcluster ${ver} main ran but pg_lsclusters does not list it`);
  }
  // Highest version first; within it prefer a running cluster, then one called main.
  clusters.sort(
    (a, b) =>
      Number(b.version) - Number(a.version) ||
      Number(b.running) - Number(a.running) ||
      Number(b.name === 'main') - Number(a.name === 'main'),
  );
  const c = clusters[0];
  log(`cluster ${c.version}/${c.name} on port ${c.port}: ${c.running ? 'online' : 'down'}`);
  if (!c.running) {
    if (!isRoot()) {
      throw new BringupError(`PostgreSQL cluster ${c.version}/${c.name} is down and bring-up is not running as root`, {
        hint: `start it: sudo pg_ctlcluster ${c.version} ${c.name} start  (or run bring-up as root, or set DATABASE_URL)`,
      });
    }
    log(`starting it: pg_ctlcluster ${c.version} ${c.name} start`);
    const res = await run('pg_ctlcluster', [c.version, c.name, 'start'], { check: false, timeoutMs: 120_000 });
    if (res.code !== 0) {
      const again = (await listClusters()).find((x) => x.version === c.version && x.name === c.name);
      if (!again?.running) {
        let logTail = '';
        try {
          logTail = tail(readFileSync(c.logfile, 'utf8'), 20);
        } catch {
          /* none */
        }
        throw new BringupError(`pg_ctlcluster ${c.version} ${c.name} start failed (exit ${res.code})`, {
          output: `${res.output}\n--- ${c.logfile} ---\n${logTail}`,
        });
      }
    }
  }
  const ready = await waitReady(c.port, 60_000, c.logfile);
  log(`pg_isready: ${ready}`);

  log('ensuring roles ap_owner, ap_app_role, ap_app (as the postgres OS user)');
  await superuserQuery({ port: c.port }, rolesSql());

  const avail = await superuserQuery(
    { port: c.port },
    "select count(*) from pg_available_extensions where name = 'btree_gist'",
  );
  if (avail !== '1') {
    log('btree_gist is not available: installing postgresql-contrib');
    await aptInstall(['postgresql-contrib'], 'the btree_gist extension (postgresql-contrib)');
  }

  const server = {
    kind: 'local',
    version: c.version,
    cluster: c.name,
    port: c.port,
    ownerUrl: (db = START_DB) => pgUrl(OWNER, '127.0.0.1', c.port, db),
    appUrl: (db = START_DB) => pgUrl(APP, '127.0.0.1', c.port, db),
    adminUrl: pgUrl(OWNER, '127.0.0.1', c.port, 'postgres'),
    baseDb: 'postgres',
    appIsSeparateRole: true,
    superuser: (...sql) => superuserQuery({ port: c.port }, ...sql),
  };
  // Password (scram) auth over TCP is what the app uses: prove it works for both roles.
  for (const [who, url] of [
    ['ap_owner', server.adminUrl],
    ['ap_app', server.appUrl('postgres')],
  ]) {
    const res = await canConnect(url);
    if (!res.ok) {
      throw new BringupError(`${who} cannot log in with a password on 127.0.0.1:${c.port}: ${res.why}`, {
        hint: `${c.hba} needs a line like "host all all 127.0.0.1/32 scram-sha-256" (Debian's default) above any reject/ident lines; then pg_ctlcluster ${c.version} ${c.name} reload`,
      });
    }
  }
  log(`password auth over TCP works for ap_owner and ap_app (127.0.0.1:${c.port})`);
  await refuseUnusable(server.adminUrl, `the local cluster ${c.version}/${c.name}`);
  await dropStaleTestDatabases(server);
  return server;
}

// ---------------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------------
export function throwawayName() {
  const ts = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `ap_test_${ts}_${randomBytes(3).toString('hex')}`;
}

async function exists(server, db) {
  const q = `select count(*) from pg_database where datname = ${quoteLiteral(db)}`;
  return (await query(server.adminUrl, q)) === '1';
}

/** CREATE DATABASE owned by ap_owner (or by the DATABASE_URL user in mode a). */
export async function createDatabase(server, db) {
  const owner = server.kind === 'env' ? '' : ` OWNER ${quoteIdent(OWNER.user)}`;
  await query(server.adminUrl, `CREATE DATABASE ${quoteIdent(db)}${owner}`);
}

export async function ensureDatabase(server, db) {
  if (await exists(server, db)) {
    log(`database ${db} exists`);
    return false;
  }
  log(`creating database ${db} (owner ${server.kind === 'env' ? new URL(server.adminUrl).username : OWNER.user})`);
  await createDatabase(server, db);
  return true;
}

export async function dropDatabase(server, db) {
  const sql = `DROP DATABASE IF EXISTS ${quoteIdent(db)} WITH (FORCE)`;
  // Locally the superuser drops it, so lingering connections of any role can be terminated.
  if (server.superuser) await server.superuser(sql);
  else await query(server.adminUrl, sql);
}

/**
 * Drop a throwaway database and the per-test-file copies the suite derives from it
 * (`<name>_<suffix>`, see tests/support/database.ts), which a killed vitest leaves behind.
 * Resolves the names dropped.
 */
export async function dropDatabaseFamily(server, db) {
  const q = `select datname from pg_database where datname = ${quoteLiteral(db)} or left(datname, ${db.length + 1}) = ${quoteLiteral(`${db}_`)} order by datname desc`;
  const names = (server.superuser ? await server.superuser(q) : await query(server.adminUrl, q))
    .split('\n')
    .filter(Boolean);
  for (const name of names) await dropDatabase(server, name);
  return names;
}

/** Throwaway databases of runs that were killed outright (SIGKILL) more than 12 hours ago. */
async function dropStaleTestDatabases(server) {
  try {
    const names = (
      await server.superuser("select datname from pg_database where datname ~ '^ap_test_[0-9]{14}_[0-9a-f]{6}(_|$)'")
    )
      .split('\n')
      .filter(Boolean);
    const cutoff = Date.now() - 12 * 3600_000;
    for (const name of names) {
      const ts = name.slice('ap_test_'.length, 'ap_test_'.length + 14);
      const t = Date.UTC(
        +ts.slice(0, 4),
        +ts.slice(4, 6) - 1,
        +ts.slice(6, 8),
        +ts.slice(8, 10),
        +ts.slice(10, 12),
        +ts.slice(12, 14),
      );
      if (t < cutoff) {
        log(`dropping stale throwaway database ${name} (left by a killed run)`);
        await dropDatabase(server, name);
      }
    }
  } catch (err) {
    warn(`could not clean up stale throwaway databases: ${err.message}`);
  }
}

/**
 * Checks on the database the children will use: ap_owner can create btree_gist (tried inside a
 * rolled-back transaction, so migrations still create it themselves), and APP_DATABASE_URL logs in
 * as a member of ap_app_role.
 */
export async function verifyDatabase(server, db) {
  const ownerUrl = server.ownerUrl(db);
  const appUrl = server.appUrl(db);
  try {
    await query(ownerUrl, 'BEGIN', 'CREATE EXTENSION IF NOT EXISTS btree_gist', 'ROLLBACK');
    log(`btree_gist: CREATE EXTENSION works for ${new URL(ownerUrl).username} in ${db}`);
  } catch (err) {
    const e = new BringupError(
      `${new URL(ownerUrl).username} cannot CREATE EXTENSION btree_gist in ${db}: ${err.message}`,
      {
        output: err.output,
        hint: 'btree_gist ships with postgresql-contrib (Debian: part of postgresql-15); it is a trusted extension, so the database owner can create it on PostgreSQL >= 13',
      },
    );
    if (server.kind === 'env') warn(`${e.message} (migrations will fail)`);
    else throw e;
  }
  if (server.appIsSeparateRole) {
    const app = await canConnect(appUrl);
    const explained = !app.ok && explainPgConnectFailure(appUrl, app.why, 'APP_DATABASE_URL');
    if (explained) throw new BringupError(explained.cause, { hint: explained.fix });
  }
  const who = await query(
    appUrl,
    "select current_user, (select count(*) from pg_roles r where r.rolname = 'ap_app_role' and pg_has_role(current_user, r.oid, 'MEMBER'))",
  );
  const [user, n] = who.split('|');
  const member = n === '1';
  if (server.kind !== 'env' && !member) {
    throw new BringupError(`APP_DATABASE_URL logs in as ${user}, which is not a member of ap_app_role`);
  }
  log(`APP_DATABASE_URL connects to ${db} as ${user}${member ? ' (member of ap_app_role)' : ''}`);
}
