import { spawn, type ChildProcess } from 'node:child_process';

/** A child process whose output is kept (for failure messages) and which can be stopped and awaited. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): RunningProcess {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + d).slice(-50_000)));
  child.stderr?.on('data', (d) => (out = (out + d).slice(-50_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** Runs to completion; resolves the exit code and the combined output. */
export async function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()) {
  const p = startProcess(cmd, args, env, cwd);
  const code = await p.exited;
  return { code, output: p.output() };
}

/** Polls an HTTP URL until it answers (any status), the process exits, or the bound passes. */
export async function waitForHttp(url: string, proc: RunningProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < until && !exited) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer (${exited ? 'process exited' : 'timed out'}):\n${proc.output().slice(-3000)}`);
}
