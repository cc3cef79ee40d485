/**
 * The service as production runs it, for the benchmarks that measure it that way (bench:write, bench:flags): the
 * API and the workers as separate node processes, compiled JavaScript by default (`npm run build` first) with
 * production's node flags, or the sources under tsx (`--tsx`); optionally under `node --cpu-prof`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { productionStart, type ProductionScript } from './productionStart';

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
}

export interface Runtime {
  /** Run the sources through tsx instead of dist/. */
  tsx: boolean;
}

export const runtimeName = (r: Runtime) => (r.tsx ? 'sources under tsx' : 'compiled JavaScript (dist/)');

/** `npm run build` unless told not to (`build: false` uses dist/ as it is); nothing under tsx. */
export function buildOnce(r: Runtime & { build: boolean }) {
  if (!r.tsx && r.build) {
    console.log('npm run build (the API and workers run as compiled JavaScript, as in production)');
    const b = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed: rerun with --tsx to measure the sources under tsx');
  }
  if (!r.tsx && !existsSync('dist/src/main.js')) throw new Error('dist/ is missing: run without --no-build');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Where a process started with `memory` writes what its RSS is made of at its peak (bench/memorySampler.mjs). */
export const memoryFile = (name: string) => join(tmpdir(), `bench-${name}.memory.json`);

/**
 * One process as package.json's production script starts it: its settings (WORKER_QUEUES), node flags and entry
 * (under tsx: the entry's source, no flags). `profileDir`: under `node --cpu-prof`, the profile written there as
 * <name>.cpuprofile when the process exits (its graceful shutdown ends in process.exit; read by
 * summariseProfiles). `memory`: with bench/memorySampler.mjs loaded (memoryFile).
 */
export function startProcess(
  name: string,
  script: ProductionScript,
  env: NodeJS.ProcessEnv,
  r: Runtime & { profileDir?: string; memory?: boolean },
): Service {
  const start = productionStart(script);
  const entry = start.entry.replace(/^dist\//, '').replace(/\.js$/, '');
  const [cmd, args] = r.tsx ? ['node', ['--import', 'tsx', `${entry}.ts`]] : ['node', [start.entry]];
  // BENCH_NODE_ARGS="--trace-gc" (or "--heapsnapshot-signal=SIGUSR2") runs the processes with those node
  // flags, their standard output kept in bench-<name>.out: how goal 6's memory was looked into.
  // They come after production's own flags, so they can also override a cap ("--max-old-space-size=4096").
  const extra = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  if (r.profileDir) extra.push('--cpu-prof', `--cpu-prof-dir=${r.profileDir}`, `--cpu-prof-name=${name}.cpuprofile`);
  const out = extra.length > 0 ? openSync(join(tmpdir(), `bench-${name}.out`), 'w') : 'ignore';
  if (r.memory) {
    rmSync(memoryFile(name), { force: true });
    extra.push('--import', pathToFileURL(resolve('bench/memorySampler.mjs')).href);
  }
  const flags = r.tsx ? [] : start.nodeFlags;
  const child = spawn(cmd, [...flags, ...extra, ...args], {
    env: { ...env, ...start.env, ...(r.memory ? { BENCH_MEMORY_FILE: memoryFile(name) } : {}) },
    stdio: ['ignore', out, 'inherit'],
  });
  return { name, child, pid: child.pid! };
}

/** SIGTERM (the graceful shutdown, which also writes a CPU profile), SIGKILL after 20 s. */
export async function stopProcess(s: Service) {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(t);
}

export async function waitForHealth(url: string, api: Service) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null) throw new Error(`the API exited (${api.child.exitCode}) before answering`);
    const ok = await new Promise<boolean>((r) => {
      const req = http.get(`${url}/healthz`, { agent: false }, (res) => {
        res.resume();
        r(res.statusCode === 200);
      });
      req.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the API did not answer /healthz within 120 s');
}
