// Step 1: node_modules. `npm ci` when node_modules is missing or older than package-lock.json.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log, run, warn } from './util.mjs';

export function depsStatus() {
  const lock = join(ROOT, 'package-lock.json');
  const nm = join(ROOT, 'node_modules');
  const hidden = join(nm, '.package-lock.json');
  if (!existsSync(nm)) return { needed: true, why: 'node_modules is missing', hasLock: existsSync(lock) };
  if (!existsSync(lock)) {
    return existsSync(hidden)
      ? { needed: false, why: 'node_modules present (no package-lock.json)', hasLock: false }
      : { needed: true, why: 'node_modules has no .package-lock.json', hasLock: false };
  }
  if (!existsSync(hidden)) return { needed: true, why: 'node_modules/.package-lock.json is missing', hasLock: true };
  if (statSync(lock).mtimeMs > statSync(hidden).mtimeMs) {
    return { needed: true, why: 'package-lock.json is newer than node_modules', hasLock: true };
  }
  return { needed: false, why: 'node_modules is up to date with package-lock.json', hasLock: true };
}

export async function ensureDeps() {
  const st = depsStatus();
  if (!st.needed) {
    log(`npm install skipped: ${st.why}`);
    return { installed: false };
  }
  const args = st.hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  log(`${st.why}: running npm ${args.join(' ')}`);
  try {
    await run('npm', args, { timeoutMs: 20 * 60_000 });
  } catch (err) {
    // `npm ci` refuses a lock file out of sync with package.json (EUSAGE), and on this project's npm
    // mirror it also fails on optional platform packages the mirror lacks (notarget / 404). Either way,
    // install without rewriting package-lock.json (--no-save) and say loudly what happened; every mode
    // (start, test, bench) takes this path. Only a failing `npm install` too is an error.
    if (args[0] !== 'ci') throw err;
    const out = err.output ?? '';
    const reasons = (out.match(/^npm error (Missing|Invalid|notarget|404|code) .*$/gm) ?? []).slice(0, 8);
    warn(
      (/can only install packages when your package\.json and package-lock\.json/.test(out)
        ? 'package-lock.json is out of sync with package.json, so `npm ci` refused:\n'
        : '`npm ci` failed:\n') +
        (reasons.length ? reasons : out.trim().split('\n').slice(-4)).map((l) => `    ${l}`).join('\n') +
        '\n    falling back to `npm install --no-save` (package-lock.json is left as is).',
    );
    await run('npm', ['install', '--no-save', '--no-audit', '--no-fund'], { timeoutMs: 20 * 60_000 });
  }
  return { installed: true };
}
