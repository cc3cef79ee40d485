// Installing Debian packages: root only, `apt-get update` at most once per run, one apt at a time.
import { BringupError, isRoot, log, run, which, withAptLock } from './util.mjs';

let updated = null;

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'a' };

/**
 * Install Debian packages. `what` explains (for the error message) what they are needed for.
 * Throws a BringupError with the exact command to run when we are not root or not on apt.
 */
export function aptInstall(packages, what) {
  const cmdline = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
  if (!which('apt-get')) {
    throw new BringupError(`${what} is not installed and this machine has no apt-get`, {
      hint: `install ${packages.join(', ')} (or the equivalent) yourself, or point DATABASE_URL / REDIS_URL at running servers`,
    });
  }
  if (!isRoot()) {
    throw new BringupError(`${what} is not installed and bring-up is not running as root, so it cannot install it`, {
      hint: `run as root, or install it yourself:  sudo sh -c '${cmdline}'  (or set DATABASE_URL / REDIS_URL to running servers)`,
    });
  }
  return withAptLock(async () => {
    if (!updated) {
      log('apt-get update (once per run)');
      updated = run('apt-get', ['update'], { env: APT_ENV, timeoutMs: 10 * 60_000 });
    }
    await updated;
    log(`apt-get install -y ${packages.join(' ')}`);
    await run(
      'apt-get',
      [
        'install',
        '-y',
        '--no-install-recommends',
        '-o',
        'Dpkg::Options::=--force-confdef',
        '-o',
        'Dpkg::Options::=--force-confold',
        ...packages,
      ],
      { env: APT_ENV, timeoutMs: 15 * 60_000 },
    );
  });
}
