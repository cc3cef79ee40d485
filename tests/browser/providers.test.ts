import { describe, expect, it } from 'vitest';
import { demoUser, DEMO_PRU_NAME, DEMO_UNREGISTERED_PROVIDER_NAME } from '../../src/demo/users';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const analyst = demoUser('ANALYST');
const school = demoUser('SCHOOL_STAFF');
const provider = demoUser('PROVIDER_STAFF');
const otherLa = 'la.officer@demo-372.example.org';

const PROVIDERS = `{ me { provider { id } } providers { id name kind } }`;

/** The providers register and a provider's page with its scorecard, scoped like the API. */
// Generous: each test signs in through the identity provider and runs axe on several pages, on a shared 2-core machine.
describe('web: providers', { timeout: 300_000 }, () => {
  const w = useWebWorld({ flags: true });

  it('shows an LA officer the register with pupils on roll today and open flags from the reports, accessibly', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/providers'));
    const gql = await w.gql<{ providers: { id: string; name: string }[] }>(officer.email, PROVIDERS);
    const names = await page.locator('table tbody tr th').allTextContents();
    expect(names.map((n) => n.trim())).toEqual(gql.data!.providers.map((p) => p.name));
    const head = (await page.locator('table thead th').allTextContents()).map((t) => t.trim());
    expect(head).toEqual(
      expect.arrayContaining(['Registration test', 'Safeguarding check', 'Pupils on roll today', 'Open flags']),
    );
    const pop = await w.gql<{ apPopulation: { byProvider: { providerId: string; pupils: { value: number } }[] } }>(
      officer.email,
      `query($on: LocalDate) { apPopulation(on: $on) { byProvider { providerId pupils { value } } } }`,
      { on: w.today },
    );
    const pru = gql.data!.providers.find((p) => p.name === DEMO_PRU_NAME)!;
    const pruRow = page.locator('table tbody tr', { has: page.locator('th', { hasText: DEMO_PRU_NAME }) });
    const pupilsCell = pruRow.locator('td').nth(4);
    const expected = pop.data!.apPopulation.byProvider.find((r) => r.providerId === pru.id)?.pupils.value ?? 0;
    await expect(pupilsCell.textContent()).resolves.toBe(expected.toLocaleString('en-GB'));
    await screenshot(page, 'providers-la-officer');
    await expectAccessible(page);

    await page.getByRole('link', { name: DEMO_UNREGISTERED_PROVIDER_NAME }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe(DEMO_UNREGISTERED_PROVIDER_NAME);
    await expect(page.getByText('Reviews, open flags and outcomes').count()).resolves.toBe(1);
    await screenshot(page, 'provider-page-la-officer');
    await expectAccessible(page);
    await context.close();
  });

  it('gives provider staff their own provider page, and a 404 for another provider, as for one that does not exist', async () => {
    const { context, page } = await signedInPage(w, provider.email);
    const gql = await w.gql<{ me: { provider: { id: string } }; providers: { id: string }[] }>(
      provider.email,
      PROVIDERS,
    );
    const own = gql.data!.me.provider.id;
    const other = gql.data!.providers.find((p) => p.id !== own)!.id;
    await page.goto(w.url('/providers'));
    await screenshot(page, 'providers-provider_staff');
    await expectAccessible(page);
    expect(await page.locator(`a[href="/providers/${other}"]`).count()).toBe(0);
    expect((await page.goto(w.url(`/providers/${own}`)))?.status()).toBe(200);
    await screenshot(page, 'provider-page-provider_staff');
    await expectAccessible(page);
    const outside = await page.goto(w.url(`/providers/${other}`));
    expect(outside?.status()).toBe(404);
    const outsideText = await page.locator('main').textContent();
    const missing = await page.goto(w.url('/providers/00000000-0000-4000-8000-000000000000'));
    expect(missing?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toBe(outsideText);
    await context.close();
  });

  it('answers 404 to school staff opening a provider page and to another LA’s officer', async () => {
    const gql = await w.gql<{ providers: { id: string; name: string }[] }>(officer.email, PROVIDERS);
    const pru = gql.data!.providers.find((p) => p.name === DEMO_PRU_NAME)!;
    for (const email of [school.email, otherLa]) {
      const { context, page } = await signedInPage(w, email);
      expect((await page.goto(w.url(`/providers/${pru.id}`)))?.status(), email).toBe(404);
      await expectAccessible(page);
      await context.close();
    }
    const { context, page } = await signedInPage(w, school.email);
    await page.goto(w.url('/providers'));
    expect(await page.locator('table tbody tr').count()).toBe(gql.data!.providers.length);
    expect(await page.locator('table tbody a').count()).toBe(0);
    await screenshot(page, 'providers-school_staff');
    await expectAccessible(page);
    await context.close();
  });

  it('shows an analyst the register and scorecards with small numbers suppressed', async () => {
    const { context, page } = await signedInPage(w, analyst.email);
    await page.goto(w.url('/providers'));
    await expect(page.getByText('Small numbers are suppressed').count()).resolves.toBe(1);
    await screenshot(page, 'providers-analyst');
    await expectAccessible(page);
    await page.locator('table tbody a').first().click();
    await expect(page.getByTestId('report-source').textContent()).resolves.toContain('Small numbers suppressed');
    await screenshot(page, 'provider-page-analyst');
    await expectAccessible(page);
    await context.close();
  });
});
