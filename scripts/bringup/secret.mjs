// The JWT signing secret. No secret lives in the source: `npm start` generates a random one on first
// start into .data/jwt-secret (mode 0600; `npm run token` reads it too), test and bench get a fresh
// one per run. A JWT_SECRET already in the environment always wins.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log } from './util.mjs';

export const SECRET_FILE = join(ROOT, '.data', 'jwt-secret');

const fresh = () => randomBytes(48).toString('base64url');

export function jwtSecretFor(mode) {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  if (mode !== 'start') return fresh();
  if (existsSync(SECRET_FILE)) {
    chmodSync(SECRET_FILE, 0o600);
    const s = readFileSync(SECRET_FILE, 'utf8').trim();
    if (s.length >= 32) return s;
  }
  mkdirSync(join(ROOT, '.data'), { recursive: true, mode: 0o700 });
  const s = fresh();
  writeFileSync(SECRET_FILE, `${s}\n`, { mode: 0o600 });
  chmodSync(SECRET_FILE, 0o600);
  log('generated a JWT signing secret in .data/jwt-secret (mode 0600)');
  return s;
}
