// A Redis or PostgreSQL that answers but cannot do the job (cannot persist, a read-only replica or
// standby, a wrong password, too old) is diagnosed in a few seconds, with the cause and the fix
// named, instead of surfacing later as a timeout or a stack trace in the API or workers.
// Node built-ins only for Redis (raw RESP); PostgreSQL goes through sql.mjs (psql or `pg`).
import net from 'node:net';
import tls from 'node:tls';
import { canConnect, query, redact } from './sql.mjs';

export const REDIS_MIN_VERSION = '5.0.0'; // BullMQ refuses older servers
export const REDIS_RECOMMENDED_VERSION = '6.2.0'; // BullMQ warns below this
export const PG_MIN_VERSION_NUM = 130000; // btree_gist trusted for the owner; gen_random_uuid() built in
const PROBE_KEY = 'ap-movement-tracker:bringup:write-probe';

// ---------------------------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------------------------
const resp = (parts) => `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;

/** Parses one RESP reply at `i`; returns [value, next index] or null when incomplete. Errors become {error}. */
function parseReply(buf, i = 0) {
  if (i >= buf.length) return null;
  const eol = buf.indexOf('\r\n', i);
  if (eol < 0) return null;
  const type = buf[i];
  const line = buf.slice(i + 1, eol);
  if (type === '+') return [line, eol + 2];
  if (type === '-') return [{ error: line }, eol + 2];
  if (type === ':') return [Number(line), eol + 2];
  if (type === '$') {
    const n = Number(line);
    if (n < 0) return [null, eol + 2];
    const bytes = Buffer.from(buf.slice(eol + 2), 'utf8');
    if (bytes.length < n + 2) return null;
    const value = bytes.subarray(0, n).toString('utf8');
    return [value, eol + 2 + value.length + 2];
  }
  if (type === '*') {
    const n = Number(line);
    const out = [];
    let at = eol + 2;
    for (let k = 0; k < n; k++) {
      const r = parseReply(buf, at);
      if (!r) return null;
      out.push(r[0]);
      at = r[1];
    }
    return [out, at];
  }
  return [{ error: `unexpected reply ${JSON.stringify(buf.slice(i, i + 40))}` }, buf.length];
}

/**
 * Sends commands in order on one connection (AUTH first when the URL carries credentials).
 * Resolves {replies} (one per command, errors as {error}) or {unreachable: why}.
 */
export function redisCommands(url, commands, timeoutMs = 3000) {
  return new Promise((resolve) => {
    let u;
    try {
      u = new URL(url);
    } catch {
      resolve({ unreachable: 'not a valid URL' });
      return;
    }
    const host = (u.hostname || '127.0.0.1').replace(/^\[|\]$/g, '');
    const port = Number(u.port || 6379);
    const pass = decodeURIComponent(u.password || '');
    const user = decodeURIComponent(u.username || '');
    const all = [...(pass ? [user && user !== 'default' ? ['AUTH', user, pass] : ['AUTH', pass]] : []), ...commands];
    const sock = u.protocol === 'rediss:' ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
    let buf = '';
    let done = false;
    const finish = (res) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(res);
    };
    sock.setTimeout(timeoutMs, () => finish({ unreachable: `no answer from ${host}:${port} within ${timeoutMs} ms` }));
    sock.once('error', (err) => finish({ unreachable: err.message }));
    sock.once(u.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => sock.write(all.map(resp).join('')));
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const replies = [];
      let at = 0;
      while (replies.length < all.length) {
        const r = parseReply(buf, at);
        if (!r) return;
        replies.push(r[0]);
        at = r[1];
      }
      finish({ replies: replies.slice(all.length - commands.length), auth: pass ? replies[0] : undefined });
    });
    sock.once('end', () => finish({ unreachable: `connection closed by ${host}:${port}` }));
  });
}

const infoField = (info, name) =>
  typeof info === 'string' ? (info.match(new RegExp(`^${name}:(.*)$`, 'm'))?.[1] ?? '').trim() : '';

export function versionLower(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0);
  return false;
}

/**
 * Checks a Redis that answers TCP: authentication, version, role, and a real write (which is where
 * MISCONF and READONLY show: PING still answers PONG). Resolves {reachable, problems: [{cause, fix}],
 * warnings, version, role, dir}.
 */
export async function diagnoseRedis(url) {
  const shown = redact(url);
  const res = await redisCommands(url, [
    ['PING'],
    ['INFO', 'server'],
    ['INFO', 'replication'],
    ['SET', PROBE_KEY, String(Date.now()), 'EX', '60'],
    ['CONFIG', 'GET', 'dir'],
    ['INFO', 'persistence'],
    ['CONFIG', 'GET', 'maxmemory-policy'],
  ]);
  if (res.unreachable) return { reachable: false, why: res.unreachable, problems: [], warnings: [] };
  const [ping, server, replication, write, dirReply, persistence, policyReply] = res.replies;
  const problems = [];
  const warnings = [];
  const authError =
    res.auth?.error ??
    (ping?.error && /NOAUTH|WRONGPASS|invalid password|invalid username-password/i.test(ping.error)
      ? ping.error
      : null);
  if (authError) {
    const wrong = /WRONGPASS|invalid/i.test(authError);
    problems.push({
      cause: wrong
        ? `Redis at ${shown} refused the password in REDIS_URL (${authError})`
        : `Redis at ${shown} requires a password and REDIS_URL carries none (${authError})`,
      fix: 'put the right password in REDIS_URL (redis://:<password>@host:port, or redis://<user>:<password>@host:port with ACL users), or unset REDIS_URL to let bring-up start a local Redis',
    });
    return { reachable: true, problems, warnings };
  }
  const version = infoField(server, 'redis_version');
  const role = infoField(replication, 'role');
  const dir = Array.isArray(dirReply) ? dirReply[1] : null;
  if (version && versionLower(version, REDIS_MIN_VERSION)) {
    problems.push({
      cause: `Redis at ${shown} is version ${version}; the workers' queue library (BullMQ) needs ${REDIS_MIN_VERSION} or newer`,
      fix: `upgrade Redis (Debian 12's redis-server is 7.0), or point REDIS_URL at a Redis >= ${REDIS_RECOMMENDED_VERSION}`,
    });
  } else if (version && versionLower(version, REDIS_RECOMMENDED_VERSION)) {
    warnings.push(`Redis ${version} works but BullMQ recommends ${REDIS_RECOMMENDED_VERSION} or newer`);
  }
  if (role === 'slave' || /^READONLY/.test(write?.error ?? '')) {
    const primary = infoField(replication, 'master_host');
    problems.push({
      cause: `Redis at ${shown} is a read-only replica${primary ? ` of ${primary}:${infoField(replication, 'master_port')}` : ''}: the queues cannot be written`,
      fix: `point REDIS_URL at the primary${primary ? ` (redis://${primary}:${infoField(replication, 'master_port')})` : ''}, or make this one a primary: redis-cli -p ${new URL(url).port || 6379} REPLICAOF NO ONE`,
    });
  } else if (/^MISCONF/.test(write?.error ?? '')) {
    const lastErr = infoField(persistence, 'rdb_last_bgsave_status');
    problems.push({
      // Redis works in its data folder; once that is deleted, CONFIG GET dir answers empty.
      cause:
        `Redis at ${shown} refuses writes (MISCONF): it cannot save to disk` +
        (dir
          ? ` in its data folder ${dir}`
          : dir === ''
            ? ': its data folder no longer exists (CONFIG GET dir answers empty)'
            : '') +
        `${lastErr ? ` (last background save: ${lastErr})` : ''}. Typically a redis-server started by an earlier checkout whose data folder was deleted`,
      fix:
        `stop that server and let bring-up start a fresh one: redis-cli -p ${new URL(url).port || 6379} shutdown nosave` +
        ` (queue state is rebuilt from the database's outbox), then run npm start again; or keep it and give it a writable folder: redis-cli -p ${new URL(url).port || 6379} config set dir <existing writable folder>`,
    });
  } else if (write?.error) {
    problems.push({
      cause: `Redis at ${shown} refused a test write: ${write.error}`,
      fix: "check the server's log and configuration (ACL rules, maxmemory), or point REDIS_URL at another Redis",
    });
  } else if (ping?.error) {
    problems.push({
      cause: `Redis at ${shown} answered PING with an error: ${ping.error}`,
      fix: "check the server's log, or point REDIS_URL at another Redis",
    });
  }
  const policy = Array.isArray(policyReply) ? policyReply[1] : null;
  if (policy && policy !== 'noeviction')
    warnings.push(
      `Redis maxmemory-policy is ${policy}; queues need noeviction (redis-cli config set maxmemory-policy noeviction)`,
    );
  return { reachable: true, problems, warnings, version, role, dir };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------
/** The cause and fix behind a failed connection, when it means the server answered but refused. */
export function explainPgConnectFailure(url, why, variable = 'DATABASE_URL') {
  const u = new URL(url);
  const who = decodeURIComponent(u.username);
  const where = `${u.hostname}:${u.port || 5432}`;
  if (/password authentication failed|authentication failed/i.test(why)) {
    return {
      cause: `PostgreSQL at ${where} rejected the password of ${who} in ${variable}`,
      fix: `correct the password in ${variable} (ALTER ROLE ${who} PASSWORD '...' as a superuser sets it), or unset ${variable} to let bring-up use a local cluster`,
    };
  }
  if (/role "[^"]+" does not exist/i.test(why)) {
    return {
      cause: `PostgreSQL at ${where} has no role ${who} (${variable})`,
      fix: `create it (scripts/bringup/roles.sql creates ap_owner, ap_app_role and ap_app), or fix the user in ${variable}`,
    };
  }
  if (/database "[^"]+" does not exist/i.test(why)) {
    return {
      cause: `PostgreSQL at ${where} has no database ${decodeURIComponent(u.pathname.slice(1))} (${variable})`,
      fix: `create it (CREATE DATABASE ... OWNER ${who}), or fix the database name in ${variable}`,
    };
  }
  if (/no pg_hba\.conf entry|pg_hba/i.test(why)) {
    return {
      cause: `PostgreSQL at ${where} does not allow ${who} to connect from here (pg_hba.conf)`,
      fix: 'add a "host all all <this machine>/32 scram-sha-256" line to pg_hba.conf and reload',
    };
  }
  if (
    /the database system is (starting up|shutting down|in recovery)|too many connections|remaining connection slots/i.test(
      why,
    )
  ) {
    return {
      cause: `PostgreSQL at ${where} answers but cannot take connections now (${why.split('\n')[0]})`,
      fix: 'wait for it to finish starting (or free connections), then run bring-up again',
    };
  }
  return null;
}

/** A server that lets us in: version, standby, read-only sessions. Resolves [{cause, fix}]. */
export async function diagnosePostgres(url, variable = 'DATABASE_URL') {
  const conn = await canConnect(url);
  if (!conn.ok) {
    const explained = explainPgConnectFailure(url, conn.why, variable);
    return explained
      ? [explained]
      : [
          {
            cause: `cannot connect with ${variable}=${redact(url)}: ${conn.why}`,
            fix: `check that PostgreSQL runs and ${variable} names it`,
          },
        ];
  }
  const row = await query(
    url,
    "select current_setting('server_version_num'), current_setting('server_version'), pg_is_in_recovery(), current_setting('transaction_read_only')",
  );
  const [num, version, recovery, readOnly] = row.split('|');
  const where = `${new URL(url).hostname}:${new URL(url).port || 5432}`;
  const problems = [];
  if (Number(num) < PG_MIN_VERSION_NUM) {
    problems.push({
      cause: `PostgreSQL at ${where} is version ${version}; 13 or newer is needed (trusted btree_gist, built-in gen_random_uuid())`,
      fix: 'upgrade PostgreSQL (Debian 12 ships 15), or point DATABASE_URL at a newer server',
    });
  }
  if (recovery === 't' || recovery === 'true') {
    problems.push({
      cause: `PostgreSQL at ${where} is a read-only standby (in recovery)`,
      fix: `point ${variable} at the primary, or promote this server (pg_ctl promote / SELECT pg_promote())`,
    });
  } else if (readOnly === 'on') {
    problems.push({
      cause: `PostgreSQL at ${where} opens read-only sessions for ${decodeURIComponent(new URL(url).username)} (default_transaction_read_only = on)`,
      fix: `ALTER ROLE ... / ALTER DATABASE ... SET default_transaction_read_only = off, or remove the option from ${variable}`,
    });
  }
  return problems;
}

/** One message for a list of problems. */
export function describeProblems(problems) {
  return problems.map((p) => `${p.cause}.\n    fix: ${p.fix}`).join('\n    ');
}
