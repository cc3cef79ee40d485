/**
 * Development defaults that must never reach production: they are public (in this repository),
 * so a service started on them is open to anyone who has read it. `NODE_ENV=production` refuses
 * to start while any is in use (src/config.ts), unless ALLOW_DEVELOPMENT_DEFAULTS=true says the
 * run is a local benchmark or test on throwaway data. The JWT secret's check lives in config.ts.
 */
export const DEVELOPMENT_DATABASE_PASSWORDS: Record<string, string> = { ap_owner: 'ap_owner', ap_app: 'ap_app' };
export const DEVELOPMENT_PUBLIC_URL = 'http://localhost:4000';

export interface DefaultInUse {
  path: string;
  message: string;
}

interface Settings {
  DATABASE_URL: string;
  APP_DATABASE_URL?: string;
  PUBLIC_URL: string;
}

function developmentPassword(url: string): string | null {
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username);
    return DEVELOPMENT_DATABASE_PASSWORDS[user] !== undefined &&
      decodeURIComponent(u.password) === DEVELOPMENT_DATABASE_PASSWORDS[user]
      ? user
      : null;
  } catch {
    return null;
  }
}

export function developmentDefaultsInUse(c: Settings): DefaultInUse[] {
  const found: DefaultInUse[] = [];
  const owner = developmentPassword(c.DATABASE_URL);
  if (owner)
    found.push({
      path: 'DATABASE_URL',
      message: `uses the development password of ${owner}; set a private one in production`,
    });
  if (!c.APP_DATABASE_URL) {
    found.push({
      path: 'APP_DATABASE_URL',
      message:
        'must be set in production: the API and workers connect as the least-privilege role (ap_app), never as the owner',
    });
  } else {
    const app = developmentPassword(c.APP_DATABASE_URL);
    if (app)
      found.push({
        path: 'APP_DATABASE_URL',
        message: `uses the development password of ${app}; set a private one in production`,
      });
  }
  if (c.PUBLIC_URL === DEVELOPMENT_PUBLIC_URL) {
    found.push({ path: 'PUBLIC_URL', message: 'must be set in production: webhook links would point at localhost' });
  }
  return found;
}
