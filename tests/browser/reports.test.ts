import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoUser } from '../../src/demo/users';
import { academicYearOf } from '../../src/domain/academicYear';
import { formatCell } from '../../src/web/charts';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const analyst = demoUser('ANALYST');
const school = demoUser('SCHOOL_STAFF');
const provider = demoUser('PROVIDER_STAFF');
const panel = demoUser('PANEL_MEMBER');

const SLUGS = [
  'movement-summary',
  'ap-population',
  'stay-lengths',
  'reintegration',
  'school-movement-profile',
  'provider-scorecard',
  'fair-access',
];

type Fig = { value: number | null; suppressed: boolean };

/**
 * A table's body as text, row by row (the first cell is a row header). With JavaScript on, the MoJ
 * sortable table adds "(column headers with buttons are sortable)." to the caption of sortable tables.
 */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const table = page.locator('table', {
    has: page.locator('caption', {
      hasText: new RegExp(`^\\s*${caption}(\\s*\\(column headers with buttons are sortable\\)\\.)?\\s*$`),
    }),
  });
  await expect(table.count()).resolves.toBe(1);
  return table
    .locator('tbody tr')
    .evaluateAll((trs: { children: ArrayLike<{ textContent: string | null }> }[]) =>
      trs.map((tr) => Array.from(tr.children).map((c) => (c.textContent ?? '').trim())),
    );
}

const MOVEMENT = `query($p: ReportPeriodInput!, $f: ReportFilterInput) { movementSummary(period: $p, filter: $f) {
  meta { source } entries { value suppressed } exits { value suppressed }
  breakdowns { dimension rows { label entries { value suppressed } exits { value suppressed } } } } }`;

/** The oversight report pages against the GraphQL reports they show. */
// Generous: each test signs in through the identity provider and runs axe on several pages, on a shared 2-core machine.
describe('web: reports', { timeout: 300_000 }, () => {
  const w = useWebWorld();

  it('shows every report to an LA officer with its tables, charts, source and a CSV link, accessibly', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/reports'));
    await expectAccessible(page);
    await screenshot(page, 'reports-index');
    for (const slug of SLUGS) {
      const res = await page.goto(w.url(`/reports/${slug}`));
      expect(res?.status(), slug).toBe(200);
      await expect(page.getByTestId('report-source').textContent()).resolves.toMatch(/Source: (rollup|read live)/);
      expect(await page.locator('table').count(), slug).toBeGreaterThan(0);
      for (const svg of await page.locator('figure[data-chart] svg').all()) {
        expect(await svg.getAttribute('role')).toBe('img');
      }
      await screenshot(page, `report-${slug}-la-officer`);
      await expectAccessible(page);
    }
    await context.close();
  });

  it('shows the same figures as the GraphQL report for the same filters, and the CSV is exactly reportCsv', async () => {
    const year = academicYearOf(w.today);
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url(`/reports/movement-summary?academicYear=${year}`));
    const gql = await w.gql<{
      movementSummary: {
        breakdowns: { dimension: string; rows: { label: string; entries: Fig | null; exits: Fig }[] }[];
      };
    }>(officer.email, MOVEMENT, { p: { academicYear: year } });
    expect(gql.errors).toBeUndefined();
    const reasons = gql.data!.movementSummary.breakdowns.find((b) => b.dimension === 'REASON')!;
    expect(await tableRows(page, 'By reason for the placement')).toEqual(
      reasons.rows.map((r) => [r.label, formatCell(r.entries!), formatCell(r.exits)]),
    );
    const tiers = gql.data!.movementSummary.breakdowns.find((b) => b.dimension === 'TIER')!;
    expect(await tableRows(page, 'By tier')).toEqual(
      tiers.rows.map((r) => [r.label, formatCell(r.entries!), formatCell(r.exits)]),
    );

    const href = await page.getByTestId('csv-download').getAttribute('href');
    const download = await page.request.get(w.url(href!));
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="?movement_summary_/); // quoted only when needed (RFC 6266)
    const csv = await w.gql<{ reportCsv: { csv: string } }>(
      officer.email,
      `query($p: ReportPeriodInput) { reportCsv(report: MOVEMENT_SUMMARY, period: $p) { csv } }`,
      { p: { academicYear: year } },
    );
    // Same report, same arguments: only the generation time in the meta rows may differ.
    const withoutTime = (s: string) =>
      s
        .split('\n')
        .filter((l) => !l.startsWith('meta,generated,'))
        .join('\n');
    expect(withoutTime(await download.text())).toBe(withoutTime(csv.data!.reportCsv.csv));
    await context.close();
  });

  it('shows an analyst "suppressed" exactly where the GraphQL report suppresses, in tables and charts', async () => {
    const year = academicYearOf(w.today);
    const { context, page } = await signedInPage(w, analyst.email);
    await page.goto(w.url(`/reports/movement-summary?academicYear=${year}`));
    const gql = await w.gql<{
      movementSummary: {
        breakdowns: { dimension: string; rows: { label: string; entries: Fig | null; exits: Fig }[] }[];
      };
    }>(analyst.email, MOVEMENT, { p: { academicYear: year } });
    const rows = gql.data!.movementSummary.breakdowns.find((b) => b.dimension === 'REASON')!.rows;
    expect(
      rows.some((r) => r.entries?.suppressed || r.exits.suppressed),
      'the demo data suppresses some reason',
    ).toBe(true);
    expect(await tableRows(page, 'By reason for the placement')).toEqual(
      rows.map((r) => [r.label, formatCell(r.entries!), formatCell(r.exits)]),
    );
    await expect(page.getByTestId('report-suppression').textContent()).resolves.toContain('Small numbers suppressed');
    const chart = page.locator('figure[data-chart]').first();
    await expect(chart.locator('svg text', { hasText: 'suppressed' }).count()).resolves.toBeGreaterThan(0);
    for (const slug of SLUGS) {
      await page.goto(w.url(`/reports/${slug}`));
      await screenshot(page, `report-${slug}-analyst`);
      await expectAccessible(page);
    }
    await context.close();
  });

  it('works without JavaScript and shows bad filters in an error summary', async () => {
    const { context, page } = await signedInPage(w, officer.email, { javaScriptEnabled: false });
    await page.goto(w.url('/reports/stay-lengths'));
    await page.getByLabel('Between two dates').check();
    await page.getByLabel('From').fill('2026-05-01');
    await page.getByLabel('To (included)').fill('2026-03-01');
    await page.getByRole('button', { name: 'Show report' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The end date must be the same as or after the start date',
    );
    await expectAccessible(page);
    await context.close();
  });

  it('gives school staff their own school profile only, provider staff their scorecard only, and the panel none', async () => {
    for (const [u, allowed] of [
      [school, 'school-movement-profile'],
      [provider, 'provider-scorecard'],
      [panel, null],
    ] as const) {
      const { context, page } = await signedInPage(w, u.email);
      for (const slug of SLUGS) {
        const res = await page.goto(w.url(`/reports/${slug}`));
        expect(res?.status(), `${u.role} ${slug}`).toBe(slug === allowed ? 200 : 403);
        if (slug === allowed) {
          await screenshot(page, `report-${slug}-${u.role.toLowerCase()}`);
          await expectAccessible(page);
        }
      }
      await context.close();
    }
  });
});
