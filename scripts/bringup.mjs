#!/usr/bin/env node
// One command from a fresh clone to a running (or tested) AP Movement Tracker.
//
//   node scripts/bringup.mjs start           npm start:  API + workers against ap_tracker
//   node scripts/bringup.mjs test [args...]  npm test:   migrations, tsc --noEmit, vitest run [args]
//   node scripts/bringup.mjs bench [args...] npm run bench: migrations, tsx bench/run.ts [args]
//
// Steps: npm ci (when needed) -> prisma generate (when the schema changed) -> PostgreSQL and Redis
// (DATABASE_URL / REDIS_URL when set and reachable, else Docker when an engine answers, else
// Debian packages, installed when missing) -> the mode's commands. test/bench always use a
// throwaway database (dropped at the end, also on failure or Ctrl-C) and a throwaway Redis.
// Children get DATABASE_URL (owner role: migrations, seeding, test admin), APP_DATABASE_URL
// (least-privilege ap_app), REDIS_URL, NODE_ENV and JWT_SECRET (scripts/bringup/secret.mjs).
//
// Node built-ins only: this runs before `npm install`. Set BRINGUP_DOCKER=0 to never use Docker.
import http from 'node:http';
import { generate } from './generate.mjs';
import { ensureDeps } from './bringup/deps.mjs';
import * as docker from './bringup/docker.mjs';
import * as pg from './bringup/postgres.mjs';
import { exitCodeForSignal, fileExists, foreground, installSignalHandlers, supervise } from './bringup/processes.mjs';
import * as redis from './bringup/redis.mjs';
import { ensureChromium, CHROMIUM_PATH } from './bringup/chromium.mjs';
import { redact, setPgModuleGate } from './bringup/sql.mjs';
import { jwtSecretFor } from './bringup/secret.mjs';
import {
  AbortedError,
  abortState,
  checkAborted,
  commandStep,
  isRoot,
  log,
  logError,
  onCleanup,
  printTimings,
  runCleanups,
  step,
  tail,
  warn,
} from './bringup/util.mjs';

const MODES = ['start', 'test', 'bench'];
const mode = process.argv[2];
const extraArgs = process.argv.slice(3);

if (!MODES.includes(mode)) {
  process.stderr.write(`usage: node scripts/bringup.mjs <${MODES.join('|')}> [extra args for vitest / bench]\n`);
  process.exit(2);
}

/** Settle all, then throw the first failure (so no step is left running behind our back). */
async function allOrFirstError(promises) {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => r.value);
}

// ---------------------------------------------------------------------------------------------
// Infrastructure
// ---------------------------------------------------------------------------------------------
async function bringUpInfra() {
  const [pgEnv, redisEnv] = await allOrFirstError([
    process.env.DATABASE_URL ? step('postgres: check DATABASE_URL', pg.fromEnv) : null,
    process.env.REDIS_URL ? step('redis: check REDIS_URL', redis.fromEnv) : null,
  ]);
  checkAborted();

  const wantDocker = [];
  if (!pgEnv) wantDocker.push('postgres');
  if (!redisEnv && mode === 'start') wantDocker.push('redis');
  const useDocker = !pgEnv || !redisEnv ? await step('docker: is an engine available?', docker.dockerCompose) : null;
  let fromDocker = {};
  if (useDocker && wantDocker.length) {
    fromDocker = await step(`docker: compose up ${wantDocker.join(' ')}`, () => docker.up(wantDocker));
  }
  checkAborted();

  const pgP = pgEnv || fromDocker.postgres || step('postgres: local cluster', pg.local);
  const redisP =
    redisEnv ||
    fromDocker.redis ||
    (mode === 'start'
      ? step('redis: local persistent server', redis.localPersistent)
      : useDocker
        ? step('redis: throwaway container', docker.throwawayRedis)
        : step('redis: throwaway redis-server', redis.localThrowaway));
  const [server, redisInfo] = await allOrFirstError([pgP, redisP]);
  if (redisEnv && mode !== 'start') warn('test/bench use the REDIS_URL you gave as is (not a throwaway instance)');
  checkAborted();

  const db = await step('postgres: database', async () => {
    if (mode === 'start') {
      if (server.kind === 'env') return server.baseDb;
      await pg.ensureDatabase(server, pg.START_DB);
      return pg.START_DB;
    }
    const name = pg.throwawayName();
    log(`creating throwaway database ${name}`);
    await pg.createDatabase(server, name);
    onCleanup(`drop throwaway database ${name}`, async () => {
      const dropped = await pg.dropDatabaseFamily(server, name);
      log(
        `dropped throwaway database${dropped.length > 1 ? 's' : ''} ${dropped.join(', ') || `${name} (already gone)`}`,
      );
    });
    return name;
  });
  checkAborted();
  await step('postgres: verify btree_gist and the app role', () => pg.verifyDatabase(server, db));
  return { server, db, redisInfo };
}

// ---------------------------------------------------------------------------------------------
// Modes
// ---------------------------------------------------------------------------------------------
async function runStart(env) {
  if (fileExists('src/db/migrateCli.ts')) {
    const code = await commandStep('migrate', () => foreground('tsx', ['src/db/migrateCli.ts'], env));
    if (code !== 0)
      throw Object.assign(new Error(`migrations failed (exit ${code})`), { step: 'migrate', exitCode: code });
  } else warn('src/db/migrateCli.ts does not exist yet: skipping migrations');
  checkAborted();

  if (fileExists('src/demo/seedCli.ts')) {
    const code = await commandStep('seed (--if-empty)', () =>
      foreground('tsx', ['src/demo/seedCli.ts', '--if-empty'], env),
    );
    if (code !== 0) throw Object.assign(new Error(`seeding failed (exit ${code})`), { step: 'seed', exitCode: code });
  } else warn('src/demo/seedCli.ts does not exist yet: skipping seeding');
  checkAborted();

  const specs = [];
  if (fileExists('src/main.ts')) specs.push({ name: 'api', bin: 'tsx', args: ['src/main.ts'] });
  else warn('src/main.ts does not exist yet: not starting the API');
  // One worker process serving every queue (WORKER_QUEUES unset: its default), imports included, so files uploaded
  // on the web pages are imported. Production splits the imports off (package.json worker:prod and
  // worker:imports:prod) only to give each its own heap cap; the demo runs under tsx with no caps, where a second
  // process would cost another Node, Prisma and tsx start (~200 MiB) and gain nothing.
  if (fileExists('workers/main.ts')) specs.push({ name: 'workers', bin: 'tsx', args: ['workers/main.ts'] });
  else warn('workers/main.ts does not exist yet: not starting the workers');
  if (!specs.length) {
    warn('nothing to run yet; infrastructure is up (PostgreSQL and Redis stay running)');
    return 0;
  }
  printTimings();
  const port = process.env.PORT || '4000';
  const url = `http://localhost:${port}/graphql`;
  return supervise(specs, env, {
    onStarted: (procs) => {
      if (!procs.some((p) => p.name === 'api')) return;
      log(`API starting: ${url}  (Ctrl-C stops API and workers)`);
      waitForHealth(port, procs).then((ok) => {
        if (ok) {
          log(`API ready: ${url}`);
          log(
            `Web: open http://localhost:${port}/ in a browser${env.NODE_ENV === 'development' ? ' and click a demo user' : ''}`,
          );
        }
      });
    },
  });
}

/** One GET without keep-alive (a pooled idle socket would hold up the API's graceful close). */
function httpAnswers(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close' }, timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

/** Poll /healthz until the API answers (any HTTP response counts), the API exits, or 120 s pass. */
async function waitForHealth(port, procs) {
  const api = procs.find((p) => p.name === 'api');
  let exited = false;
  api.exited.then(() => (exited = true));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !exited && !abortState.aborted) {
    if (await httpAnswers(`http://127.0.0.1:${port}/healthz`)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!exited && !abortState.aborted) warn(`API did not answer http://127.0.0.1:${port}/healthz within 120s`);
  return false;
}

// Static checks run by `npm test` after tsc (each also an npm script: lint, format:check, lint:deps). ESLint keeps
// a cache of unchanged files (type-aware results can go stale when another file's types change; CI starts clean).
const STATIC_CHECKS = [
  ['lint: eslint', 'eslint', ['.', '--max-warnings=0', '--cache', '--cache-location', 'node_modules/.cache/eslint/']],
  ['format: prettier --check', 'prettier', ['--check', '--log-level=warn', '.']],
  ['layers: dependency-cruiser', 'depcruise', ['src', 'workers', '--config', '.dependency-cruiser.cjs']],
];

async function runTest(env) {
  let failed = null;
  if (!fileExists('src/db/migrateCli.ts')) {
    logError('src/db/migrateCli.ts is missing: the test suite needs migrations');
    failed = 'migrate (src/db/migrateCli.ts missing)';
  } else {
    const code = await commandStep('migrate', () => foreground('tsx', ['src/db/migrateCli.ts'], env));
    if (code !== 0) failed = `migrate (exit ${code})`;
  }
  checkAborted();
  const tscCode = await commandStep('typecheck: tsc --noEmit', () => foreground('tsc', ['--noEmit'], env));
  checkAborted();
  // The conventions the tools keep (issue 17): lint, formatting, layers. Like tsc, a failure here fails the run
  // but vitest still runs, so one pass shows everything that is wrong.
  const staticCodes = [];
  // `npm test -- <files>` is the inner loop on a few test files: the whole-tree checks (minutes on a busy
  // machine) run in the full `npm test`, in CI, and on their own as `npm run lint`.
  const selected = extraArgs.some((a) => !a.startsWith('-'));
  if (selected) log('lint and format checks skipped: selected test files only (npm run lint runs them)');
  for (const [name, bin, args] of selected ? [] : STATIC_CHECKS) {
    staticCodes.push(await commandStep(name, () => foreground(bin, args, env)));
    checkAborted();
  }
  if (failed) {
    logError(`not running vitest: step ${failed} failed`);
    return 1;
  }
  const vitestCode = await commandStep('vitest run', () => foreground('vitest', ['run', ...extraArgs], env));
  return vitestCode !== 0 ? vitestCode : tscCode !== 0 || staticCodes.some((c) => c !== 0) ? 1 : 0;
}

async function runBench(env) {
  if (fileExists('src/db/migrateCli.ts')) {
    const code = await commandStep('migrate', () => foreground('tsx', ['src/db/migrateCli.ts'], env));
    if (code !== 0)
      throw Object.assign(new Error(`migrations failed (exit ${code})`), { step: 'migrate', exitCode: code });
  } else warn('src/db/migrateCli.ts does not exist yet: skipping migrations');
  checkAborted();
  if (!fileExists('bench/run.ts')) throw Object.assign(new Error('bench/run.ts does not exist'), { step: 'bench' });
  return commandStep('bench: tsx bench/run.ts', () => foreground('tsx', ['bench/run.ts', ...extraArgs], env));
}

// ---------------------------------------------------------------------------------------------
async function main() {
  installSignalHandlers();
  log(`mode=${mode} node=${process.version} ${isRoot() ? 'root' : `uid=${process.getuid?.()}`} cwd=${process.cwd()}`);

  const depsReady = step('dependencies (npm ci when needed)', ensureDeps).then(() =>
    step('prisma generate', () => generate({ log: (m) => log(`prisma: ${m}`) })),
  );
  // Without psql, database statements go through the project's `pg` package: wait for npm ci.
  setPgModuleGate(depsReady);
  const infra = bringUpInfra();
  // The browser tests drive Debian's Chromium; installed alongside the rest when missing.
  const browser =
    mode === 'test' && fileExists('tests/browser') ? step('chromium (browser tests)', ensureChromium) : null;
  const [, { server, db, redisInfo }] = await allOrFirstError([depsReady, infra, browser]);
  checkAborted();

  const env = {
    ...process.env,
    DATABASE_URL: server.ownerUrl(mode === 'start' && server.kind === 'env' ? undefined : db),
    APP_DATABASE_URL: server.appUrl(mode === 'start' && server.kind === 'env' ? undefined : db),
    REDIS_URL: redisInfo.url,
    NODE_ENV: mode === 'test' ? 'test' : mode === 'bench' ? 'production' : process.env.NODE_ENV || 'development',
    JWT_SECRET: jwtSecretFor(mode),
    // Benchmarks run in production mode on throwaway databases with the development passwords.
    ...(mode === 'bench' ? { ALLOW_DEVELOPMENT_DEFAULTS: 'true' } : {}),
    ...(mode === 'test' ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH || CHROMIUM_PATH } : {}),
  };
  const show = (u) => (server.kind === 'env' ? redact(u) : u);
  log('environment for the children:');
  for (const k of ['DATABASE_URL', 'APP_DATABASE_URL']) process.stdout.write(`    ${k}=${show(env[k])}\n`);
  process.stdout.write(
    `    REDIS_URL=${redisInfo.kind === 'env' ? redact(env.REDIS_URL) : env.REDIS_URL}\n    NODE_ENV=${env.NODE_ENV}\n    JWT_SECRET=(hidden${mode === 'start' && !process.env.JWT_SECRET ? '; .data/jwt-secret' : ''})\n`,
  );

  if (mode === 'start') return runStart(env);
  if (mode === 'test') return runTest(env);
  return runBench(env);
}

let exitCode;
try {
  exitCode = await main();
} catch (err) {
  if (err instanceof AbortedError || abortState.aborted) {
    logError(`interrupted (${abortState.signal})${err?.step ? ` during step "${err.step}"` : ''}`);
    exitCode = exitCodeForSignal(abortState.signal);
  } else {
    logError(`bring-up failed${err?.step ? ` at step "${err.step}"` : ''}: ${err?.message ?? err}`);
    if (err?.output?.trim()) process.stderr.write(`${tail(err.output, 40)}\n`);
    if (err?.hint) process.stderr.write(`    hint: ${err.hint}\n`);
    if (!err?.step && err?.stack) process.stderr.write(`${err.stack}\n`);
    exitCode = err?.exitCode || 1;
  }
}
await runCleanups();
if (abortState.aborted && exitCode === undefined) exitCode = exitCodeForSignal(abortState.signal);
printTimings();
log(`exit ${exitCode}`);
process.exit(exitCode);
