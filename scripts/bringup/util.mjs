// Shared helpers for scripts/bringup.mjs: logging, timed steps, running commands,
// tracking child processes and cleanup. Node built-ins only (runs before `npm install`).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const T0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

export function log(msg) {
  process.stdout.write(`[bringup +${secs(Date.now() - T0)}] ${msg}\n`);
}
export function warn(msg) {
  process.stderr.write(`[bringup +${secs(Date.now() - T0)}] WARNING: ${msg}\n`);
}
export function logError(msg) {
  process.stderr.write(`[bringup +${secs(Date.now() - T0)}] ERROR: ${msg}\n`);
}

/** An error that says what to do about it. `output` is captured command output shown on failure. */
export class BringupError extends Error {
  constructor(message, { hint, output, exitCode } = {}) {
    super(message);
    this.hint = hint;
    this.output = output;
    this.exitCode = exitCode;
  }
}

/** Timings of every step, for the summary printed at the end. */
export const timings = [];

/**
 * Run `fn` as a named step: logs start, end and duration; on failure the error is tagged with the
 * step name (the outermost step wins) so the final report can say which step failed.
 */
export async function step(name, fn) {
  const start = Date.now();
  log(`-> ${name}`);
  try {
    const result = await fn();
    const ms = Date.now() - start;
    timings.push({ name, ms, ok: true });
    log(`ok ${name} (${secs(ms)})`);
    return result;
  } catch (err) {
    const ms = Date.now() - start;
    timings.push({ name, ms, ok: false });
    if (err && typeof err === 'object' && !err.step) err.step = name;
    logError(`step "${name}" failed after ${secs(ms)}: ${err?.message ?? err}`);
    throw err;
  }
}

/** A step that runs a command and resolves its exit code: non-zero is reported, not thrown. */
export async function commandStep(name, fn) {
  const start = Date.now();
  log(`-> ${name}`);
  const code = await fn();
  const ms = Date.now() - start;
  timings.push({ name, ms, ok: code === 0 });
  if (code === 0) log(`ok ${name} (${secs(ms)})`);
  else logError(`step "${name}" failed after ${secs(ms)} (exit ${code})`);
  return code;
}

export function printTimings() {
  if (!timings.length) return;
  log('step timings:');
  for (const t of timings) {
    process.stdout.write(`    ${t.ok ? 'ok    ' : 'FAILED'} ${secs(t.ms).padStart(7)}  ${t.name}\n`);
  }
}

/** Set by the signal handler (processes.mjs); polling loops stop at their next sleep. */
export const abortState = { aborted: false, signal: null };

export class AbortedError extends BringupError {}

export function checkAborted() {
  if (abortState.aborted) throw new AbortedError(`interrupted by ${abortState.signal}`);
}

export const sleep = async (ms) => {
  checkAborted();
  await new Promise((r) => setTimeout(r, ms));
  checkAborted();
};

/** Find an executable on PATH (plus the sbin dirs, which root's PATH may lack in CI). */
export function which(cmd) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const extra of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    if (!dirs.includes(extra)) dirs.push(extra);
  }
  for (const dir of dirs) {
    const p = join(dir, cmd);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

// ---------------------------------------------------------------------------------------------
// Child process tracking. Every child we start is registered so a signal can be forwarded to it.
// Detached children (own process group) are signalled as a group so grandchildren go too.
// ---------------------------------------------------------------------------------------------
export const liveChildren = new Set();

export function track(child, { detached = false, name = '' } = {}) {
  const entry = { child, detached, name };
  liveChildren.add(entry);
  child.once('exit', () => liveChildren.delete(entry));
  child.once('error', () => liveChildren.delete(entry));
  return entry;
}

/**
 * Graceful signals go to the child itself only (tsx and vitest relay them to their own children;
 * signalling the whole group would deliver them twice). SIGKILL goes to the whole process group
 * of a detached child, so nothing it started survives.
 */
export function signalChild(entry, sig) {
  const { child, detached } = entry;
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (detached && child.pid && sig === 'SIGKILL') process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    try {
      child.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Run a command to completion. By default output is captured (and returned, and attached to the
 * error on failure); `inherit: true` streams it instead.
 * Resolves {code, signal, stdout, stderr, output}; rejects with BringupError when `check` (default)
 * and the exit code is non-zero, or on timeout / spawn failure.
 */
export function run(cmd, args = [], opts = {}) {
  const {
    cwd = ROOT,
    env = process.env,
    input,
    timeoutMs,
    check = true,
    inherit = false,
    detached = false,
    label = [cmd, ...args].join(' '),
  } = opts;
  return new Promise((resolvePromise, reject) => {
    let child;
    try {
      child = spawn(cmd, args, {
        cwd,
        env,
        detached,
        stdio: [input !== undefined ? 'pipe' : 'ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'],
      });
    } catch (err) {
      reject(new BringupError(`could not start \`${label}\`: ${err.message}`));
      return;
    }
    const entry = track(child, { detached, name: label });
    let stdout = '';
    let stderr = '';
    let output = '';
    const cap = 4 * 1024 * 1024;
    child.stdout?.on('data', (d) => {
      const s = d.toString();
      if (stdout.length < cap) stdout += s;
      if (output.length < cap) output += s;
    });
    child.stderr?.on('data', (d) => {
      const s = d.toString();
      if (stderr.length < cap) stderr += s;
      if (output.length < cap) output += s;
    });
    if (input !== undefined) {
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          signalChild(entry, 'SIGTERM');
          setTimeout(() => signalChild(entry, 'SIGKILL'), 3000).unref();
        }, timeoutMs)
      : null;
    child.once('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(new BringupError(`could not start \`${label}\`: ${err.message}`, { output }));
    });
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const res = { code, signal, stdout, stderr, output };
      if (timedOut) {
        reject(new BringupError(`\`${label}\` timed out after ${secs(timeoutMs)}`, { output }));
      } else if (check && code !== 0) {
        reject(
          new BringupError(`\`${label}\` exited with ${code ?? `signal ${signal}`}`, { output, exitCode: code ?? 1 }),
        );
      } else {
        resolvePromise(res);
      }
    });
  });
}

/** Last `n` lines of a (possibly long) captured output, indented, for error reports. */
export function tail(text, n = 40) {
  if (!text) return '';
  const lines = text.trimEnd().split('\n');
  const shown = lines.slice(-n);
  const prefix = lines.length > n ? `    ... (${lines.length - n} earlier lines omitted)\n` : '';
  return prefix + shown.map((l) => `    | ${l}`).join('\n');
}

/**
 * Resolve a project CLI like `npx <bin>` would, but without npx's extra process layer (npm exec
 * puts `sh -c` in between, which gets in the way of signal forwarding): prefer
 * node_modules/.bin/<bin>, fall back to `npx --no-install <bin>`.
 */
export function npxCommand(bin, args) {
  const local = join(ROOT, 'node_modules', '.bin', bin);
  if (existsSync(local)) return { cmd: local, args, label: `npx ${[bin, ...args].join(' ')}` };
  return { cmd: 'npx', args: ['--no-install', bin, ...args], label: `npx ${[bin, ...args].join(' ')}` };
}

// ---------------------------------------------------------------------------------------------
// Cleanup registry: run once, last registered first, each guarded.
// ---------------------------------------------------------------------------------------------
const cleanups = [];
let cleaning = null;

export function onCleanup(name, fn) {
  cleanups.push({ name, fn });
}

export function runCleanups() {
  if (!cleaning) {
    cleaning = (async () => {
      while (cleanups.length) {
        const { name, fn } = cleanups.pop();
        const start = Date.now();
        try {
          await fn();
          timings.push({ name: `cleanup: ${name}`, ms: Date.now() - start, ok: true });
        } catch (err) {
          timings.push({ name: `cleanup: ${name}`, ms: Date.now() - start, ok: false });
          warn(`cleanup "${name}" failed: ${err?.message ?? err}${err?.output ? `\n${tail(err.output, 15)}` : ''}`);
        }
      }
    })();
  }
  return cleaning;
}

/** Serialises apt-get / dpkg use (they hold a global lock) across concurrently running steps. */
let aptChain = Promise.resolve();
export function withAptLock(fn) {
  const next = aptChain.then(fn, fn);
  aptChain = next.catch(() => {});
  return next;
}
