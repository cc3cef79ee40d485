import { describe, expect, it } from 'vitest';
import { DEMO_USERS, demoUser } from '../../src/demo/users';
import { expectAccessible, screenshot, useWebWorld } from '../support/browser';

/** What `npm start` gives a newcomer (NODE_ENV=development): the demo users, one click each. */
describe('web: development sign-in', { timeout: 300_000 }, () => {
  const w = useWebWorld({ env: { NODE_ENV: 'development' } });

  it('lists the demo users at /sign-in/dev and signs in as one with a click', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await page.goto(w.url('/'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in-development');
    await page.getByRole('link', { name: 'Sign in as a demo user' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in/dev');
    const rows = await page.locator('table tbody tr').allTextContents();
    expect(rows).toHaveLength(DEMO_USERS.length);
    for (const u of DEMO_USERS) expect(rows.some((r) => r.includes(u.email))).toBe(true);
    await screenshot(page, 'sign-in-dev');
    await expectAccessible(page);
    const officer = demoUser('LA_OFFICER');
    await page.getByRole('button', { name: `Sign in as ${officer.name}` }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain(officer.name);
    await context.close();
  });

  it('refuses the one-click sign-in without its CSRF token', async () => {
    const context = await w.newContext();
    const page = await context.newPage();
    await page.goto(w.url('/sign-in/dev'));
    const res = await page.request.post(w.url('/sign-in/dev'), {
      form: { email: demoUser('LA_OFFICER').email },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    await page.goto(w.url('/dashboard'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});
