// Shared by backup.mjs and restore.mjs: the owner's connection, and libpq tools (pg_dump,
// pg_restore) run with the password in PGPASSWORD rather than on the command line (where `ps` shows it).
import { spawn } from 'node:child_process';
import { libpqUrl, redact } from './bringup/sql.mjs';
import { which } from './bringup/util.mjs';

export const DEFAULT_URL = 'postgresql://ap_owner:ap_owner@127.0.0.1:5432/ap_tracker';

export function ownerUrl() {
  return process.env.DATABASE_URL || DEFAULT_URL;
}

/** The URL without its password, and an environment carrying the password for libpq. */
export function libpqTarget(url) {
  const u = new URL(libpqUrl(url));
  const password = decodeURIComponent(u.password);
  u.password = '';
  return {
    url: u.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGCONNECT_TIMEOUT: '10' },
  };
}

export function requireTool(name) {
  const bin = which(name);
  if (!bin) {
    throw new Error(
      `${name} is not installed: apt-get install -y postgresql-client (its major version must be at least the server's)`,
    );
  }
  return bin;
}

/** Runs a tool with inherited output; rejects on a non-zero exit. */
export function runTool(bin, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${bin.split('/').pop()} exited with ${code}`)),
    );
  });
}

export { redact };
