import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoUser } from '../../src/demo/users';
import { formatCell, type ValueFormat } from '../../src/web/charts';
import { CHARACTERISTIC_LABELS, rankSchools } from '../../src/web/routes/dashboard/charts';
import { expectAccessible, screenshot, signedInPage, useWebWorld, type WebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const analyst = demoUser('ANALYST');
const school = demoUser('SCHOOL_STAFF');
const YEAR = '2025-26';
const CHART_IDS = [
  'chart-entries-exits',
  'chart-entries-reason',
  'chart-population',
  'chart-stay-lengths',
  'chart-reintegration',
  'chart-schools-ranked',
  'chart-disproportionality',
];

type Cell = { value: number | null; suppressed: boolean };
const text = (c: Cell | null | undefined, format?: ValueFormat) =>
  formatCell(
    c ? { value: c.suppressed ? null : c.value, suppressed: c.suppressed } : { value: null, suppressed: false },
    format,
  );

/** The rows of a chart's "Show the data" table, as text: [row label, ...cells]. */
async function chartTable(page: Page, id: string): Promise<string[][]> {
  const figure = page.locator('figure[data-chart]').filter({ has: page.locator(`svg [id="${id}-title"]`) });
  return figure
    .locator('table tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(r.querySelectorAll('th, td')).map((c) =>
          ((c as { textContent: string | null }).textContent ?? '').trim(),
        ),
      ),
    );
}

async function cardValue(page: Page, card: string): Promise<string> {
  return ((await page.locator(`[data-card="${card}"] [data-card-value]`).textContent()) ?? '').trim();
}

async function pickYear(page: Page, year: string): Promise<void> {
  await page.getByLabel('Academic year').selectOption(year);
  await page.getByLabel('Term').selectOption('');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('academicYear') === year),
    page.getByRole('button', { name: 'Show figures' }).click(),
  ]);
}

/** Every figure on the dashboard, checked against the GraphQL reports for the same period, asked over /graphql as the same user. */
async function expectFiguresEqualGraphql(
  w: WebWorld,
  page: Page,
  email: string,
  period: Record<string, string>,
): Promise<{ suppressedCells: number }> {
  const gql = async (q: string, v: Record<string, unknown>) => {
    const r = await w.gql(email, q, v);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const C = '{ value suppressed }';
  const top = await gql(
    `query ($p: ReportPeriodInput!, $on: LocalDate!) {
      movementSummary(period: $p) { meta { period { from to } } entries ${C} exits ${C} }
      apPopulation(on: $on) { pupils ${C} }
      reintegrationReport(period: $p) { total { sustained ${C} brokenDown ${C} pending ${C} } }
      stayLengthReport(period: $p) { rows { group label open { median ${C} } closed { median ${C} p90 ${C} } open2: open { p90 ${C} } } }
      schoolMovementProfile(period: $p) { schools { schoolId name numberOnRoll pupilsMovedToAp ${C} movedPer100OnRoll ${C} disproportionality { characteristic ratio ${C} } } }
    }`,
    { p: period, on: w.today },
  );
  let suppressedCells = 0;
  const check = (actual: string | undefined, c: Cell | null | undefined, format?: ValueFormat) => {
    if (c?.suppressed) suppressedCells++;
    expect(actual).toBe(text(c, format));
  };
  check(await cardValue(page, 'entries'), top.movementSummary.entries);
  check(await cardValue(page, 'exits'), top.movementSummary.exits);
  check(await cardValue(page, 'population'), top.apPopulation.pupils);

  // The monthly charts come from the movement trend report (whose months equal the movement summary and
  // AP population for each month alone: tests/integration/reports.test.ts).
  const trend = await gql(
    `query ($p: ReportPeriodInput!) { movementTrend(period: $p) { months { label entries ${C} exits ${C} pupilsInAp ${C}
      entriesByReason { label entries ${C} } } } }`,
    { p: period },
  );
  const months = trend.movementTrend.months as {
    label: string;
    entries: Cell;
    exits: Cell;
    pupilsInAp: Cell;
    entriesByReason: { label: string; entries: Cell }[];
  }[];
  expect(months.length).toBeGreaterThan(0);
  const entriesExits = await chartTable(page, 'chart-entries-exits');
  const byReason = await chartTable(page, 'chart-entries-reason');
  const population = await chartTable(page, 'chart-population');
  const reasonHead = await page
    .locator('figure[data-chart]')
    .filter({ has: page.locator('svg [id="chart-entries-reason-title"]') })
    .locator('table thead th')
    .allTextContents();
  expect(entriesExits.length).toBe(months.length);
  for (const [i, m] of months.entries()) {
    expect(entriesExits[i]![0]).toBe(m.label);
    check(entriesExits[i]![1], m.entries);
    check(entriesExits[i]![2], m.exits);
    check(population[i]![1], m.pupilsInAp);
    for (const r of m.entriesByReason) check(byReason[i]![reasonHead.map((h) => h.trim()).indexOf(r.label)], r.entries);
  }

  const reintegration = await chartTable(page, 'chart-reintegration');
  const t = top.reintegrationReport.total;
  check(reintegration[0]![1], t.sustained);
  check(reintegration[1]![1], t.brokenDown);
  check(reintegration[2]![1], t.pending);

  const stays = await chartTable(page, 'chart-stay-lengths');
  const tiers = top.stayLengthReport.rows.filter((r: { group: string }) => r.group === 'TIER');
  expect(stays.map((r) => r[0])).toEqual(tiers.map((r: { label: string }) => r.label));
  for (const [i, r] of tiers.entries()) {
    check(stays[i]![1], r.closed.median);
    check(stays[i]![2], r.closed.p90);
    check(stays[i]![3], r.open.median);
    check(stays[i]![4], r.open2.p90);
  }
  check(
    await cardValue(page, 'median-stay'),
    top.stayLengthReport.rows.find((r: { group: string }) => r.group === 'ALL').open.median,
  );

  const ranked = rankSchools(top.schoolMovementProfile.schools);
  const schools = await chartTable(page, 'chart-schools-ranked');
  expect(schools.map((r) => r[0])).toEqual(ranked.map((s) => s.name));
  for (const [i, s] of ranked.entries()) check(schools[i]![1], s.movedPer100OnRoll, 'decimal1');
  const disp = await chartTable(page, 'chart-disproportionality');
  const characteristics = Object.keys(CHARACTERISTIC_LABELS);
  for (const [i, c] of characteristics.entries()) {
    expect(disp[i]![0]).toBe(CHARACTERISTIC_LABELS[c]);
    for (const [j, s] of ranked.slice(0, 5).entries())
      check(disp[i]![j + 1], s.disproportionality.find((d) => d.characteristic === c)?.ratio, 'decimal2');
  }
  return { suppressedCells };
}

// Browser journeys on a 2-core machine shared by several developers: generous per-test time, no timed assertions.
describe('web: the LA oversight dashboard', { timeout: 300_000 }, () => {
  const w = useWebWorld();

  it('signs the LA officer in through the identity provider to the dashboard: every chart is an SVG image with a table whose figures equal the GraphQL reports', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await pickYear(page, YEAR);
    for (const id of CHART_IDS) {
      const svg = page.locator(`svg[role="img"]:has([id="${id}-title"])`);
      expect(await svg.count(), id).toBe(1);
      expect(await svg.locator('title').textContent()).toBeTruthy();
      expect(await svg.locator('desc').textContent()).toBeTruthy();
      expect((await chartTable(page, id)).length, `${id} has table rows`).toBeGreaterThan(0);
    }
    const res = await page.request.get(w.url(`/dashboard?academicYear=${YEAR}&term=`));
    expect(res.headers()['cache-control']).toBe('no-store');
    const { suppressedCells } = await expectFiguresEqualGraphql(w, page, officer.email, { academicYear: YEAR });
    expect(suppressedCells).toBe(0);
    const flags = await w.gql(officer.email, '{ c: flags(filter: {status: [OPEN]}, first: 1) { totalCount } }');
    expect(await cardValue(page, 'flags')).toBe(new Intl.NumberFormat('en-GB').format(flags.data!.c.totalCount));
    await screenshot(page, 'dashboard-la-officer');
    await expectAccessible(page);
    await context.close();
  });

  it('shows the analyst suppressed cells exactly where the GraphQL reports suppress, and no flags card', async () => {
    const { context, page } = await signedInPage(w, analyst.email);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await pickYear(page, YEAR);
    const { suppressedCells } = await expectFiguresEqualGraphql(w, page, analyst.email, { academicYear: YEAR });
    expect(suppressedCells).toBeGreaterThan(0);
    expect(await page.locator('figure[data-chart] td', { hasText: /^\s*suppressed\s*$/ }).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-card="flags"]').count()).toBe(0);
    await screenshot(page, 'dashboard-analyst');
    await expectAccessible(page);
    await context.close();
  });

  it('uses the current term by default and custom dates from the picker, and explains bad dates with an error summary', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/term/);
    await page.getByText('Custom dates').click();
    await page.locator('#from').fill('2025-10-01');
    await page.locator('#to').fill('2025-12-31');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === '2025-10-01');
    await expect(page.locator('h1').textContent()).resolves.toContain('2025-10-01 to 2025-12-31');
    await expectFiguresEqualGraphql(w, page, officer.email, { from: '2025-10-01', to: '2025-12-31' });
    await page.goto(w.url('/dashboard?academicYear=2025-26&term=&from=2025-12-01&to=2025-11-01'));
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The end date must be the same as or after the start date',
    );
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);
    await screenshot(page, 'dashboard-period-error');
    await context.close();
  });

  it('answers school staff with a 403 page', async () => {
    const { context, page } = await signedInPage(w, school.email);
    const res = await page.goto(w.url('/dashboard'));
    expect(res?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toContain('You cannot view this page');
    await screenshot(page, 'dashboard-403-school-staff');
    await expectAccessible(page);
    await context.close();
  });

  it('works with JavaScript switched off: charts, tables and the period picker', async () => {
    const { context, page } = await signedInPage(w, officer.email, { javaScriptEnabled: false });
    // The GOV.UK template marks <body> when its script runs: not here.
    expect(await page.locator('body.js-enabled').count()).toBe(0);
    await pickYear(page, YEAR);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(CHART_IDS.length);
    expect(await page.locator('details summary', { hasText: 'Show the data' }).count()).toBe(CHART_IDS.length);
    await expectFiguresEqualGraphql(w, page, officer.email, { academicYear: YEAR });
    await screenshot(page, 'dashboard-no-javascript');
    await context.close();
  });

  it('can be used by keyboard alone: skip link first, then the navigation, sign-out and the period picker, with focus visible', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/dashboard'));
    const focused = () =>
      page.evaluate(() => {
        // Runs in the page (this file is compiled without the DOM library).
        const g = globalThis as any;
        const el = g.document.activeElement;
        const s = g.getComputedStyle(el);
        return {
          text: (el.textContent ?? '').trim(),
          id: el.id,
          tag: el.tagName,
          outline: s.outlineStyle !== 'none' && s.outlineWidth !== '0px',
          shadow: s.boxShadow !== 'none',
          bg: s.backgroundColor,
        };
      });
    await page.keyboard.press('Tab');
    const skip = await focused();
    expect(skip.text).toBe('Skip to main content');
    expect(skip.outline || skip.shadow).toBe(true);
    const order: string[] = [];
    // Tab until the period picker's term is reached (the navigation grows as pages are added: Exports, Imports);
    // bounded, so a page whose focus never gets there fails.
    for (let i = 0; i < 30 && !order.includes('term'); i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      expect(f.outline || f.shadow, `focus visible on ${f.tag} ${f.text || f.id}`).toBe(true);
      order.push(f.id || f.text);
    }
    const at = (s: string) => order.indexOf(s);
    expect(at('Dashboard')).toBeGreaterThanOrEqual(0);
    expect(at('Dashboard')).toBeLessThan(at('Sign out'));
    expect(at('Sign out')).toBeLessThan(at('academicYear'));
    expect(at('academicYear')).toBeLessThan(at('term'));
    // The skip link moves focus to the main content.
    await page.goto(w.url('/dashboard'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('main-content');
    // Choosing a period by keyboard only.
    await page.focus('#academicYear');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const button = await focused();
    expect(button.text).toBe('Show figures');
    await Promise.all([page.waitForURL((u) => u.searchParams.has('academicYear')), page.keyboard.press('Enter')]);
    await context.close();
  });
});
