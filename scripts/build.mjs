#!/usr/bin/env node
// `npm run build`: compiles the API, the workers and their CLIs to JavaScript in dist/, so
// production runs `node dist/...` without tsx.
//
//   dist/src/main.js             the API            dist/workers/main.js      the workers
//   dist/src/db/migrateCli.js    migrations         dist/src/demo/seedCli.js  demo data
//   dist/scripts/issueToken.js   bearer tokens
//
// 1. prisma generate (when the schema changed), 2. tsc -p tsconfig.build.json, 3. relative import
// specifiers get their file extension (the sources use extensionless imports, which Node's ESM
// loader does not resolve), 4. every non-TypeScript file under src/ and workers/ (GraphQL schema
// files, views, static assets...) is copied beside its compiled module, and the files read at run
// time from outside src/ (prisma/migrations, data/reference) are copied to the same relative place.
// Node built-ins only (plus the project's own typescript).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ASSET_ROOTS = ['src', 'workers'];
const COPIED_AS_IS = ['prisma/migrations', 'data/reference', 'docs/schemas'];
const log = (m) => process.stdout.write(`[build] ${m}\n`);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** `./x` -> `./x.js` or `./x/index.js`, whichever tsc emitted; anything else stays as written. */
export function withExtension(fromFile, spec) {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return spec;
  if (/\.(m?js|cjs|json|node)$/.test(spec)) return spec;
  const base = resolve(dirname(fromFile), spec);
  if (existsSync(`${base}.js`)) return `${spec}.js`;
  if (existsSync(join(base, 'index.js'))) return `${spec.replace(/\/$/, '')}/index.js`;
  throw new Error(`${relative(ROOT, fromFile)}: cannot resolve import "${spec}" in dist/`);
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*)\2/g;

function rewriteImports(DIST) {
  let files = 0;
  for (const file of walk(DIST).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(file, 'utf8');
    const next = text.replace(SPECIFIER, (_m, lead, q, spec) => `${lead}${q}${withExtension(file, spec)}${q}`);
    if (next !== text) {
      writeFileSync(file, next);
      files += 1;
    }
  }
  return files;
}

function copyAssets(DIST) {
  let n = 0;
  for (const rootDir of ASSET_ROOTS) {
    for (const file of walk(join(ROOT, rootDir))) {
      if (/\.(ts|tsx|mts|cts)$/.test(file)) continue;
      const target = join(DIST, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target);
      n += 1;
    }
  }
  for (const dir of COPIED_AS_IS) cpSync(join(ROOT, dir), join(DIST, dir), { recursive: true });
  return n;
}

/**
 * `outDir` must lie inside the repository (packages resolve from its node_modules). `check: false`
 * skips type-checking (tsc --noCheck) where it has just been done (the test suite's tsc --noEmit).
 */
export async function build({ outDir = 'dist', check = true } = {}) {
  const DIST = resolve(ROOT, outDir);
  await generate({ log: (m) => log(`prisma: ${m}`) });
  rmSync(DIST, { recursive: true, force: true });
  const args = ['-p', 'tsconfig.build.json', '--outDir', DIST, ...(check ? [] : ['--noCheck'])];
  log(`tsc ${args.join(' ')}`);
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status})`);
  log(`import specifiers given extensions in ${rewriteImports(DIST)} files`);
  log(`${copyAssets(DIST)} assets copied from ${ASSET_ROOTS.join(', ')}; ${COPIED_AS_IS.join(', ')} copied`);
  // dist/ is ESM like the sources (package.json "type": "module" applies to it too).
  const rel = relative(ROOT, DIST);
  log(`done: node ${rel}/src/main.js (API), node ${rel}/workers/main.js (workers)`);
  return DIST;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const outAt = argv.indexOf('--out');
  build({ outDir: outAt >= 0 ? argv[outAt + 1] : 'dist', check: !argv.includes('--no-check') }).catch((err) => {
    process.stderr.write(`[build] FAILED: ${err.message}\n`);
    process.exit(1);
  });
}
