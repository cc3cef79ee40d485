import { describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { demoUser } from '../../src/demo/users';
import { testEnv } from '../support/env';
import { expectAccessible, screenshot, signIn, signedInPage, STRANGER, useWebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const school = demoUser('SCHOOL_STAFF');
const provider = demoUser('PROVIDER_STAFF');
const panel = demoUser('PANEL_MEMBER');

/** Sign-in through a real OpenID Connect provider, refusals, sessions, CSRF, and the pages anyone can read. */
describe('web: sign-in and sessions', { timeout: 300_000 }, () => {
  const w = useWebWorld();

  it('shows a GOV.UK sign-in page at / to someone not signed in, with no dev sign-in outside development', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await page.goto(w.url('/'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.locator('h1').textContent()).resolves.toContain('Sign in to AP movement tracker');
    expect(await page.getByText('Sign in as a demo user').count()).toBe(0);
    await screenshot(page, 'sign-in');
    await expectAccessible(page);
    const dev = await page.goto(w.url('/sign-in/dev'));
    expect(dev?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toContain('Page not found');
    await context.close();
  });

  it('signs an LA officer in through the identity provider and lands them on the dashboard, with their LA, name and role in the header', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const header = page.getByTestId('signed-in-user');
    await expect(header.textContent()).resolves.toContain('Sheffield (demo data)');
    await expect(header.textContent()).resolves.toContain(officer.name);
    await expect(header.textContent()).resolves.toContain('LA officer');
    const bound = await w.prisma.appUser.findUniqueOrThrow({ where: { email: officer.email } });
    expect(bound.oidcSubject).toBe(officer.email);
    expect(await w.prisma.auditEvent.count({ where: { actorId: bound.id, operation: 'signIn' } })).toBe(1);
    await context.close();
  });

  it('lands panel members on the fair access workspace, school and provider staff on their home page, with the navigation their role has', async () => {
    for (const [u, landing] of [
      [panel, '/fair-access'],
      [school, '/home'],
      [provider, '/home'],
    ] as const) {
      const { context, page } = await signedInPage(w, u.email);
      expect(new URL(page.url()).pathname).toBe(landing);
      const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
      expect(nav.map((t) => t.trim())).not.toContain('Dashboard');
      await screenshot(page, `home-${u.role.toLowerCase()}`);
      await expectAccessible(page);
      await context.close();
    }
  });

  it('refuses someone the identity provider knows but the tracker does not, with a clear page', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await signIn(w, page, STRANGER.email);
    expect(new URL(page.url()).pathname).toBe('/sign-in/refused');
    await expect(page.locator('h1').textContent()).resolves.toBe('You do not have an account for this service');
    await screenshot(page, 'sign-in-refused-unknown');
    await expectAccessible(page);
    expect((await page.goto(w.url('/dashboard')))?.url()).toContain('/sign-in');
    await context.close();
  });

  it('refuses a deactivated user, and ends the session of a user deactivated while signed in', async () => {
    const { context, page } = await signedInPage(w, provider.email);
    await w.prisma.appUser.update({ where: { email: provider.email }, data: { active: false } });
    try {
      await page.goto(w.url('/home'));
      expect(new URL(page.url()).pathname).toBe('/sign-in/refused');
      await expect(page.locator('h1').textContent()).resolves.toBe('Your account has been deactivated');
      const again = await w.newContext();
      const p2 = await again.newPage();
      await signIn(w, p2, provider.email);
      expect(new URL(p2.url()).pathname).toBe('/sign-in/refused');
      await expect(p2.locator('h1').textContent()).resolves.toBe('Your account has been deactivated');
      await again.close();
    } finally {
      await w.prisma.appUser.update({ where: { email: provider.email }, data: { active: true } });
      await context.close();
    }
  });

  it('refuses a form posted without its CSRF token, and accepts it with the token', async () => {
    const { context, page } = await signedInPage(w, school.email);
    const refused = await page.request.post(w.url('/sign-out'), { form: {}, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    await page.goto(w.url('/home'));
    expect(new URL(page.url()).pathname).toBe('/home'); // still signed in
    const forged = await page.request.post(w.url('/sign-out'), { form: { _csrf: 'not-the-token' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await context.close();
  });

  it('sets a session cookie that is HttpOnly and SameSite=Lax, with a 30-minute idle timeout kept in Redis', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    const cookie = (await context.cookies()).find((c) => c.name === 'ap.sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(cookie.expires * 1000 - Date.now()).toBeLessThanOrEqual(30 * 60_000 + 5000);
    const redis = createClient({ url: testEnv().redisUrl });
    await redis.connect();
    try {
      const keys = await redis.keys(`t${w.db.name.slice(-8)}:sess:*`);
      const ttls = await Promise.all(keys.map((k) => redis.ttl(k)));
      expect(Math.max(...ttls)).toBeGreaterThan(29 * 60);
      expect(Math.max(...ttls)).toBeLessThanOrEqual(30 * 60);
      // Idle for 30 minutes = the key has lapsed: the next page asks them to sign in again.
      const sid = decodeURIComponent(cookie.value).replace(/^s:/, '').split('.')[0];
      expect(await redis.del(`t${w.db.name.slice(-8)}:sess:${sid}`)).toBe(1);
      await page.goto(w.url('/dashboard'));
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    } finally {
      await redis.quit();
      await context.close();
    }
  });

  it('ends the session at sign-out: the old cookie no longer opens pages', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    const before = (await context.cookies()).find((c) => c.name === 'ap.sid')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await expect(page.getByText('You have signed out.').count()).resolves.toBe(1);
    const replay = await w.newContext();
    await replay.addCookies([{ ...before }]);
    const p2 = await replay.newPage();
    await p2.goto(w.url('/dashboard'));
    expect(new URL(p2.url()).pathname).toBe('/sign-in');
    await replay.close();
    await context.close();
  });

  it('shows the accessibility statement, cookies page and a 404 page to anyone, accessibly, with security headers', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    for (const [path, h1] of [
      ['/accessibility', 'Accessibility statement'],
      ['/cookies', 'Cookies'],
      ['/no-such-page', 'Page not found'],
    ] as const) {
      const res = await page.goto(w.url(path));
      await expect(page.locator('h1').textContent()).resolves.toContain(h1);
      const csp = res!.headers()['content-security-policy']!;
      expect(csp).toContain("script-src 'self' 'nonce-");
      expect(csp).not.toContain('unsafe-inline');
      expect(res!.headers()['x-content-type-options']).toBe('nosniff');
      await expectAccessible(page);
    }
    await context.close();
  });
});
