// Talking to PostgreSQL without npm dependencies: psql when it is installed; otherwise the
// project's own `pg` package (present once the deps step has run; callers await it first).
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { BringupError, ROOT, run, which } from './util.mjs';

const LIBPQ_PARAMS = new Set(
  'host hostaddr port dbname user password passfile channel_binding connect_timeout client_encoding options application_name fallback_application_name keepalives keepalives_idle keepalives_interval keepalives_count tcp_user_timeout replication gssencmode sslmode requiressl sslcompression sslcert sslkey sslpassword sslrootcert sslcrl sslcrldir sslsni requirepeer ssl_min_protocol_version ssl_max_protocol_version krbsrvname gsslib service target_session_attrs load_balance_hosts'.split(
    ' ',
  ),
);

/** URL with the database name replaced. */
export function withDatabase(url, db) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

export function databaseOf(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || decodeURIComponent(new URL(url).username);
}

/** The URL with its password hidden, for logs. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** psql rejects query parameters it does not know (Prisma's ?schema=, ?connection_limit=...). */
export function libpqUrl(url) {
  const u = new URL(url);
  for (const k of [...u.searchParams.keys()]) if (!LIBPQ_PARAMS.has(k)) u.searchParams.delete(k);
  return u.toString();
}

export const quoteIdent = (s) => `"${String(s).replace(/"/g, '""')}"`;
export const quoteLiteral = (s) => `'${String(s).replace(/'/g, "''")}'`;

const PSQL_ENV = () => ({
  ...process.env,
  PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '5',
  PSQLRC: '/dev/null',
});

function psqlArgs(statements) {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'];
  for (const s of statements) args.push('-c', s);
  return args;
}

let pgModule = null;
let pgModuleGate = Promise.resolve();
/** The `pg` fallback must wait for the deps step (npm ci) to have installed it. */
export function setPgModuleGate(promise) {
  pgModuleGate = Promise.resolve(promise).catch(() => {});
}
async function loadPg() {
  await pgModuleGate;
  if (!pgModule) {
    try {
      pgModule = createRequire(join(ROOT, 'package.json'))('pg');
    } catch (err) {
      throw new BringupError(`psql is not installed and the \`pg\` package could not be loaded (${err.message})`, {
        hint: 'install the PostgreSQL client (apt-get install -y postgresql-client) or run npm ci first',
      });
    }
  }
  return pgModule;
}

/**
 * Run statements (each separately, autocommit, like `psql -c ... -c ...`) against `url`.
 * Returns the rows of the last statement as text: one line per row, columns joined by '|'.
 */
export async function query(url, ...statements) {
  if (which('psql')) {
    const { stdout } = await run('psql', [...psqlArgs(statements), '-d', libpqUrl(url)], {
      env: PSQL_ENV(),
      timeoutMs: 60_000,
      label: `psql ${redact(url)}`,
    });
    return stdout.trim();
  }
  const pg = await loadPg();
  const client = new (pg.default?.Client ?? pg.Client)({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    let last = null;
    for (const s of statements) last = await client.query({ text: s, rowMode: 'array' });
    return (last?.rows ?? []).map((r) => r.map((v) => (v === null ? '' : String(v))).join('|')).join('\n');
  } catch (err) {
    throw new BringupError(`query on ${redact(url)} failed: ${err.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connectivity + auth check. Resolves true/false and the reason. */
export async function canConnect(url) {
  try {
    await query(url, 'select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, why: (err.output || err.message || String(err)).trim().split('\n').slice(-3).join(' / ') };
  }
}

/**
 * As the postgres OS user over the local socket (peer auth): the Debian superuser path.
 * root uses runuser; the postgres user itself runs psql; anyone else tries passwordless sudo.
 */
export async function superuserQuery({ port, db = 'postgres' }, ...statements) {
  const psql = ['psql', ...psqlArgs(statements), '-p', String(port), '-d', db];
  const uid = process.getuid?.();
  const me = uid === undefined ? null : userInfo().username;
  const [cmd, args] =
    uid === 0
      ? ['runuser', ['-u', 'postgres', '--', ...psql]]
      : me === 'postgres'
        ? [psql[0], psql.slice(1)]
        : ['sudo', ['-n', '-u', 'postgres', ...psql]];
  try {
    const { stdout } = await run(cmd, args, {
      env: PSQL_ENV(),
      cwd: '/',
      timeoutMs: 60_000,
      label: `${cmd === 'psql' ? '' : `${cmd} ${args.slice(0, args.indexOf('psql')).join(' ')} `}psql -p ${port} -d ${db}`,
    });
    return stdout.trim();
  } catch (err) {
    if (cmd === 'sudo') {
      err.hint =
        'setting up the local database needs the postgres superuser: run bring-up as root (or with passwordless sudo), or set DATABASE_URL to a database you can use';
    }
    throw err;
  }
}
