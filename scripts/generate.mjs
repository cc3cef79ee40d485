#!/usr/bin/env node
// Generates the Prisma client into src/generated/prisma (`npx prisma generate`), offline.
//
// - The schema is what prisma.config.ts names (`schema: '...'`), else prisma/schema.prisma, else the
//   multi-file folder prisma/schema/ (every *.prisma file in it).
// - Skipped when src/generated/prisma exists and src/generated/.schema-hash matches a hash of the
//   schema file(s) (plus the installed prisma / @prisma/client versions, so an upgrade
//   regenerates). `--force` regenerates anyway.
// - PRISMA_SCHEMA_ENGINE_BINARY is pointed at an existing file when unset: the CLI otherwise tries
//   to download a schema engine at start-up, and there is no internet. `generate` never runs it.
// - Skipped with a message when no schema exists yet.
//
// Node built-ins only. Usable as `node scripts/generate.mjs [--force]` or imported by bringup.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'src', 'generated', 'prisma');
const HASH_FILE = join(ROOT, 'src', 'generated', '.schema-hash');

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version ?? '?';
  } catch {
    return 'missing';
  }
}

/** The schema location: from prisma.config.ts if it names one, else the conventional places. */
export function schemaPath() {
  const candidates = [];
  try {
    const cfg = readFileSync(join(ROOT, 'prisma.config.ts'), 'utf8');
    const m = /\bschema\s*:\s*['"`]([^'"`]+)['"`]/.exec(cfg);
    if (m) candidates.push(resolve(ROOT, m[1]));
  } catch {
    /* no config */
  }
  candidates.push(join(ROOT, 'prisma', 'schema.prisma'), join(ROOT, 'prisma', 'schema'));
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** All schema files (one file, or every *.prisma under a folder), sorted. */
function schemaFiles(p) {
  if (!statSync(p).isDirectory()) return [p];
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.prisma')) out.push(full);
    }
  };
  walk(p);
  return out.sort();
}

export function schemaHash(p = schemaPath()) {
  const h = createHash('sha256');
  for (const f of schemaFiles(p)) {
    h.update(`\0${relative(ROOT, f)}\0`);
    h.update(readFileSync(f));
  }
  h.update(`\0prisma@${pkgVersion('prisma')}\0@prisma/client@${pkgVersion('@prisma/client')}`);
  return h.digest('hex');
}

/** Returns 'skipped-no-schema' | 'up-to-date' | 'generated'. Throws on failure. */
export async function generate({ log = (m) => console.log(`[generate] ${m}`), force = false } = {}) {
  const schema = schemaPath();
  if (!schema) {
    log('no Prisma schema yet (prisma/schema.prisma or prisma/schema/): skipping prisma generate');
    return 'skipped-no-schema';
  }
  const hash = schemaHash(schema);
  const stored = existsSync(HASH_FILE) ? readFileSync(HASH_FILE, 'utf8').trim() : null;
  if (!force && existsSync(OUT_DIR) && stored === hash) {
    log(`Prisma client is up to date (src/generated/.schema-hash ${hash.slice(0, 12)})`);
    return 'up-to-date';
  }
  log(
    !existsSync(OUT_DIR)
      ? 'src/generated/prisma is missing: running prisma generate'
      : force
        ? 'forced: running prisma generate'
        : `${relative(ROOT, schema)} (or the prisma version) changed: running prisma generate`,
  );

  const env = { ...process.env };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
  env.CHECKPOINT_DISABLE ??= '1'; // no update-check request (there is no internet)
  env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
  env.PRISMA_GENERATE_SKIP_AUTOINSTALL ??= '1';
  // prisma.config.ts falls back to a placeholder URL when DATABASE_URL is unset; generate needs no DB.

  const local = join(ROOT, 'node_modules', '.bin', 'prisma');
  const [cmd, args] = existsSync(local) ? [local, ['generate']] : ['npx', ['--no-install', 'prisma', 'generate']];
  const { code, output } = await new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', rej);
    child.once('close', (c, sig) => res({ code: c ?? (sig ? 1 : 0), output: out }));
  });
  if (code !== 0) {
    const err = new Error(`prisma generate exited with ${code}`);
    err.output = output;
    throw err;
  }
  if (!existsSync(OUT_DIR)) {
    const err = new Error(`prisma generate succeeded but ${OUT_DIR} was not created (check the generator output path)`);
    err.output = output;
    throw err;
  }
  mkdirSync(dirname(HASH_FILE), { recursive: true });
  writeFileSync(HASH_FILE, `${hash}\n`);
  log(`Prisma client generated into src/generated/prisma (hash ${hash.slice(0, 12)})`);
  return 'generated';
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  generate({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(`[generate] FAILED: ${err.message}`);
    if (err.output) console.error(err.output.trimEnd());
    process.exit(1);
  });
}
