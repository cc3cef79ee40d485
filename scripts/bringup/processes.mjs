// Running the project's own commands: foreground steps (migrate, tsc, vitest, bench) and the
// long-running API + workers, with signal forwarding, graceful stop and a 20 s force-kill.
//
// Every child runs in its own process group (detached), so a Ctrl-C in the terminal reaches only
// bring-up, which forwards exactly one signal to each child (and its grandchildren: tsx, vitest
// workers) and still gets to clean up the throwaway database and Redis afterwards.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, abortState, liveChildren, log, npxCommand, runCleanups, signalChild, track, warn } from './util.mjs';

const FORCE_KILL_MS = 20_000;
const SIGNUM = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
export const exitCodeForSignal = (sig) => 128 + (SIGNUM[sig] ?? 15);

function forceKillAll(reason) {
  for (const e of liveChildren) {
    if (e.keep) continue;
    warn(`${reason}: SIGKILL ${e.name || e.child.pid}`);
    signalChild(e, 'SIGKILL');
  }
}

export function installSignalHandlers() {
  for (const sig of Object.keys(SIGNUM)) {
    process.on(sig, () => {
      if (abortState.aborted) {
        log(`second ${sig}: force-killing children`);
        forceKillAll('second signal');
        return;
      }
      abortState.aborted = true;
      abortState.signal = sig;
      const running = [...liveChildren].filter((e) => !e.keep);
      log(
        `received ${sig}: ${running.length ? `forwarding it to ${running.map((e) => e.name || e.child.pid).join(', ')}; ` : ''}cleaning up afterwards`,
      );
      for (const e of running) signalChild(e, sig);
      setTimeout(() => forceKillAll(`still running ${FORCE_KILL_MS / 1000}s after ${sig}`), FORCE_KILL_MS).unref();
      // Last resort if the main flow is stuck somewhere that does not notice the abort.
      setTimeout(async () => {
        warn(`not stopped ${(FORCE_KILL_MS + 10_000) / 1000}s after ${sig}: cleaning up and exiting`);
        await runCleanups();
        process.exit(exitCodeForSignal(sig));
      }, FORCE_KILL_MS + 10_000).unref();
    });
  }
}

export const fileExists = (rel) => existsSync(join(ROOT, rel));

/** Run `npx <bin> ...args` in the foreground (inherited output). Resolves the exit code. */
export function foreground(bin, args, env) {
  const { cmd, args: a, label } = npxCommand(bin, args);
  log(`$ ${label}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, a, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
    track(child, { detached: true, name: label });
    child.once('error', (err) => {
      warn(`could not start ${label}: ${err.message}`);
      resolve(127);
    });
    child.once('exit', (code, sig) => resolve(code ?? (sig ? exitCodeForSignal(sig) : 1)));
  });
}

/**
 * Start long-running children and supervise them. Resolves the exit code for bring-up:
 * 0 after a requested (signal) shutdown, non-zero when one died on its own (the rest are stopped).
 */
export async function supervise(specs, env, { onStarted } = {}) {
  const procs = specs.map(({ name, bin, args }) => {
    const { cmd, args: a, label } = npxCommand(bin, args);
    log(`$ ${label}   (${name})`);
    const child = spawn(cmd, a, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
    const entry = track(child, { detached: true, name });
    const exited = new Promise((resolve) => {
      child.once('error', (err) => resolve({ code: 127, sig: null, err }));
      child.once('exit', (code, sig) => resolve({ code, sig }));
    });
    return { name, child, entry, exited };
  });
  onStarted?.(procs);

  const first = await Promise.race(procs.map((p) => p.exited.then((r) => ({ ...r, p }))));
  let code = 0;
  if (!abortState.aborted) {
    const why = first.err ? first.err.message : first.sig ? `signal ${first.sig}` : `exit code ${first.code}`;
    warn(`${first.p.name} stopped unexpectedly (${why}); stopping the others`);
    code = first.code || 1;
    for (const p of procs) if (p !== first.p) signalChild(p.entry, 'SIGTERM');
    setTimeout(() => forceKillAll(`still running ${FORCE_KILL_MS / 1000}s after SIGTERM`), FORCE_KILL_MS).unref();
  }
  const results = await Promise.all(procs.map((p) => p.exited));
  procs.forEach((p, i) => {
    const r = results[i];
    log(`${p.name} exited (${r.sig ? `signal ${r.sig}` : `code ${r.code}`})`);
  });
  if (abortState.aborted) {
    const clean = results.every(
      (r) => r.code === 0 || r.sig === abortState.signal || r.code === exitCodeForSignal(abortState.signal),
    );
    code = clean ? 0 : 1;
  }
  return code;
}
