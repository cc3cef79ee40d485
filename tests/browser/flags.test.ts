import { describe, expect, it } from 'vitest';
import { demoUser } from '../../src/demo/users';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const school = demoUser('SCHOOL_STAFF');
const provider = demoUser('PROVIDER_STAFF');

const OPEN_FLAGS = `query($f: FlagFilter) { flags(filter: $f, first: 200) { totalCount nodes { id ruleId status title providerId } } }`;

/** The flags inbox: filters, rule explanations, acknowledge and dismiss, pagination, CSRF, without JavaScript. */
// Generous: each test signs in through the identity provider and runs axe on several pages, on a shared 2-core machine.
describe('web: flags inbox', { timeout: 300_000 }, () => {
  const w = useWebWorld({ flags: true });

  it('lists the open flags an LA officer sees in GraphQL, with each rule explained, accessibly', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/flags'));
    const gql = await w.gql<{ flags: { totalCount: number; nodes: { id: string; title: string }[] } }>(
      officer.email,
      OPEN_FLAGS,
      { f: { status: ['OPEN', 'ACKNOWLEDGED'] } },
    );
    expect(gql.data!.flags.totalCount).toBeGreaterThan(0);
    await expect(page.getByTestId('flag-count').textContent()).resolves.toContain(
      `of ${gql.data!.flags.totalCount.toLocaleString('en-GB')} flags`,
    );
    const shown = await page
      .getByTestId('flag')
      .evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
        els.map((e) => e.getAttribute('data-flag-id')),
      );
    expect(shown).toEqual(gql.data!.flags.nodes.slice(0, 25).map((f) => f.id));
    const first = page.getByTestId('flag').first();
    // The details summary's text starts on a new line of the template.
    await first.getByText(/^\s*About rule /).click();
    await expect(first.textContent()).resolves.toMatch(
      /Source status: (Law|Statutory guidance|Proposal|Local practice|Service default|The condition)/,
    );
    await screenshot(page, 'flags-la-officer');
    await expectAccessible(page);
    if (gql.data!.flags.totalCount > 25) {
      const firstPageUrl = page.url();
      await page.getByRole('link', { name: /Next/ }).click();
      // evaluateAll does not wait: read the cards once the next page has replaced this one.
      await page.waitForURL((u) => u.href !== firstPageUrl && u.searchParams.has('after'));
      const second = await page
        .getByTestId('flag')
        .evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
          els.map((e) => e.getAttribute('data-flag-id')),
        );
      expect(second).toEqual(gql.data!.flags.nodes.slice(25, 50).map((f) => f.id));
      const secondPageUrl = page.url();
      await page.getByRole('link', { name: /Previous/ }).click();
      await page.waitForURL((u) => u.href !== secondPageUrl);
      await expect(page.getByTestId('flag').first().getAttribute('data-flag-id')).resolves.toBe(shown[0]);
    }
    await context.close();
  });

  it('filters by rule and severity, and dismisses with a reason, with JavaScript off', async () => {
    const { context, page } = await signedInPage(w, officer.email, { javaScriptEnabled: false });
    const gql = await w.gql<{ flags: { nodes: { id: string; ruleId: string; status: string }[] } }>(
      officer.email,
      OPEN_FLAGS,
      { f: { status: ['OPEN'] } },
    );
    const target = gql.data!.flags.nodes[0]!;
    await page.goto(w.url('/flags'));
    await page.getByLabel('Rule', { exact: true }).selectOption(target.ruleId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).searchParams.get('ruleId')).toBe(target.ruleId);
    const rules = await page
      .getByTestId('flag')
      .evaluateAll((els: { getAttribute(n: string): string | null }[]) => els.map((e) => e.getAttribute('data-rule')));
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules)).toEqual(new Set([target.ruleId]));

    const card = page.locator(`[data-flag-id="${target.id}"]`);
    await card.getByRole('link', { name: /^Dismiss/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('Why are you dismissing this flag?');
    await expectAccessible(page);
    // No reason: a GOV.UK error summary, nothing written.
    await page.getByRole('button', { name: 'Dismiss flag' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter why you are dismissing this flag',
    );
    await screenshot(page, 'flags-dismiss-error');
    await expectAccessible(page);
    expect((await w.prisma.flag.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('OPEN');
    await page
      .getByLabel('Why are you dismissing this flag?')
      .fill('Checked with the provider: the review took place, recorded late.');
    await page.getByRole('button', { name: 'Dismiss flag' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Flag dismissed');
    expect(new URL(page.url()).searchParams.get('ruleId')).toBe(target.ruleId);
    const row = await w.prisma.flag.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.status).toBe('DISMISSED');
    expect(row.dismissedReason).toBe('Checked with the provider: the review took place, recorded late.');
    await context.close();
  });

  it('acknowledges a flag, and refuses an acknowledge or dismiss POST without the CSRF token', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    const gql = await w.gql<{ flags: { nodes: { id: string }[] } }>(officer.email, OPEN_FLAGS, {
      f: { status: ['OPEN'] },
    });
    const [a, b] = gql.data!.flags.nodes;
    for (const action of ['acknowledge', 'dismiss']) {
      const res = await page.request.post(w.url(`/flags/${b!.id}/${action}`), {
        form: { reason: 'no token' },
        maxRedirects: 0,
      });
      expect(res.status(), action).toBe(403);
    }
    expect((await w.prisma.flag.findUniqueOrThrow({ where: { id: b!.id } })).status).toBe('OPEN');
    await page.goto(w.url('/flags?status=OPEN'));
    await page
      .locator(`[data-flag-id="${a!.id}"]`)
      .getByRole('button', { name: /^Acknowledge/ })
      .click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Flag acknowledged');
    expect((await w.prisma.flag.findUniqueOrThrow({ where: { id: a!.id } })).status).toBe('ACKNOWLEDGED');
    await context.close();
  });

  it('shows school and provider staff only their flags, without the dismiss action, accessibly', async () => {
    for (const u of [school, provider]) {
      const { context, page } = await signedInPage(w, u.email);
      await page.goto(w.url('/flags'));
      const gql = await w.gql<{ flags: { totalCount: number } }>(u.email, OPEN_FLAGS, {
        f: { status: ['OPEN', 'ACKNOWLEDGED'] },
      });
      const count = await page.getByTestId('flag-count').textContent();
      if (gql.data!.flags.totalCount)
        expect(count).toContain(`of ${gql.data!.flags.totalCount.toLocaleString('en-GB')} flags`);
      else expect(count).toContain('No flags match');
      expect(await page.getByRole('link', { name: /^Dismiss/ }).count()).toBe(0);
      await screenshot(page, `flags-${u.role.toLowerCase()}`);
      await expectAccessible(page);
      await context.close();
    }
  });
});
