// Chromium for the browser tests (tests/browser): Debian's package, driven by playwright-core
// (Playwright's own browser download does not work offline). Installed with apt-get when missing.
import { existsSync } from 'node:fs';
import { aptInstall } from './apt.mjs';
import { log } from './util.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) {
    log(`chromium present at ${CHROMIUM_PATH}`);
    return CHROMIUM_PATH;
  }
  log('chromium is not installed: installing it from Debian packages (for the browser tests)');
  await aptInstall(['chromium'], 'chromium (browser tests)');
  return CHROMIUM_PATH;
}
