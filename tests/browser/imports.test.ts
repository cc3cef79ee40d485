import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoUser } from '../../src/demo/users';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';
import { eventually, startTestWorkers } from '../support/workers';
import { makeUpn } from '../support/fixtures';
import { laStyleFile, wrongCheckLetterUpn } from '../support/importFiles';

const officer = demoUser('LA_OFFICER');
const school = demoUser('SCHOOL_STAFF');

const JOB_URL = /\/imports\/placements\/[0-9a-f-]{36}$/;

/** Uploads a file from the question page and waits for the job page it leads to. */
async function upload(page: Page, name: string, content: string, purpose: string, mode: string) {
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await page.getByLabel(purpose).check();
  await page.getByLabel(mode).check();
  await Promise.all([page.waitForURL(JOB_URL), page.getByRole('button', { name: 'Upload and check' }).click()]);
}

/** Reloads the job page (as its "Check progress" link does) until it shows a finished job. */
async function finished(page: Page) {
  await eventually(
    async () => {
      await page.reload();
      return (await page.getByRole('link', { name: 'Upload a file' }).count()) > 0;
    },
    180_000,
    500,
    'the import to finish',
  );
}

/** The web page for placement imports (issue 16 item 1): LA officers only. */
describe('web: placement import', { timeout: 600_000 }, () => {
  const w = useWebWorld();
  let workers: Awaited<ReturnType<typeof startTestWorkers>> | undefined;
  beforeAll(async () => {
    workers = await startTestWorkers(w.db);
  }, 120_000);
  afterAll(async () => {
    await workers?.close();
  });

  it('checks an LA’s own sheet as a dry run, lists the refused rows by line, then imports the valid rows', async () => {
    const me = await w.prisma.appUser.findUniqueOrThrow({ where: { email: officer.email } });
    const provider = await w.prisma.provider.findFirstOrThrow({
      where: { laId: me.laId!, urn: { not: null }, kind: 'REGISTERED_SCHOOL' },
      orderBy: { urn: 'asc' },
    });
    const [a, b, c] = [makeUpn(), makeUpn(), makeUpn()];
    const bad = wrongCheckLetterUpn();
    const file = laStyleFile([
      { upn: a, name: 'Example, Sam', dob: '14/02/2012', providerUrn: provider.urn!, start: '08/09/2025' },
      { upn: bad, name: 'Kim Lee', dob: '01/01/2012', providerUrn: provider.urn!, start: '01/10/2025' },
      { upn: b, name: 'Alex Test', dob: '02/03/2012', providerUrn: provider.urn!, start: '31/02/2026' },
      { upn: c, name: 'Jo Bloggs', dob: '05/06/2012', providerUrn: provider.urn!, start: '03/11/2025' },
    ]);

    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/home'));
    await Promise.all([
      page.waitForURL(/\/imports\/placements$/),
      page.locator('nav a[href="/imports/placements"]').click(),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Import placements');
    await expectAccessible(page);

    // The template downloads as the CLI prints it.
    const template = await page.request.get(w.url('/imports/placements/template.csv'));
    expect(template.headers()['content-type']).toContain('text/csv');
    expect((await template.text()).split('\r\n')[0]).toMatch(/^UPN,First name,Last name,/);

    // No file chosen: the error summary links to the file upload.
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select a CSV file');
    await expect(page.locator('.govuk-error-summary a[href="#file"]').count()).resolves.toBe(1);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);

    // Not UTF-8 (a Latin-1 é): refused on the page; the API's own refusal (no UPN column) comes back the same way.
    await page.setInputFiles('#file', {
      name: 'latin1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.concat([Buffer.from('Pupil UPN,Name\r\nA123,Ren'), Buffer.from([0xe9]), Buffer.from('\r\n')]),
    });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Upload and check' }).click()]);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('CSV UTF-8');
    await page.setInputFiles('#file', {
      name: 'names.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Name\r\nSam\r\n'),
    });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Upload and check' }).click()]);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Nothing was imported');
    await expectAccessible(page);

    const placementsBefore = await w.prisma.placement.count();
    await upload(page, 'la-sheet.csv', file, 'Check the file only (dry run)', 'Import the valid rows');
    await finished(page);
    await expect(page.locator('h1').textContent()).resolves.toContain('dry run');
    const summary = await page.getByTestId('import-summary').textContent();
    expect(summary).toMatch(/Rows in the file\s*4/);
    expect(summary).toMatch(/Rows that would be imported\s*2/);
    expect(summary).toMatch(/Rows refused\s*2/);
    const rows = page.getByTestId('refused-rows').locator('tbody tr');
    const refused: string[][] = [];
    for (const row of await rows.all())
      refused.push((await row.locator('th, td').allTextContents()).map((t) => t.trim()));
    // Line 1 is the header: the bad UPN is on line 3, the 31 February on line 4.
    expect(refused).toHaveLength(2);
    expect(refused[0]).toEqual(['3', expect.stringMatching(/UPN/), expect.stringMatching(/check letter/)]);
    expect(refused[1]).toEqual(['4', expect.stringMatching(/Start/), expect.any(String)]);
    await expect(page.getByTestId('mapping').textContent()).resolves.toContain('Pupil UPN');
    await expect(page.getByTestId('preview').textContent()).resolves.toContain('Example, Sam');
    await expect(page.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Cancel the import' }).count()).resolves.toBe(0);
    await screenshot(page, 'imports-job-dry-run');
    await expectAccessible(page);
    expect(await w.prisma.placement.count()).toBe(placementsBefore);

    await Promise.all([
      page.waitForURL(/\/imports\/placements$/),
      page.getByRole('link', { name: 'Upload a file' }).click(),
    ]);
    await upload(page, 'la-sheet.csv', file, 'Import the file', 'Import the valid rows');
    await finished(page);
    const done = await page.getByTestId('import-summary').textContent();
    expect(done).toMatch(/Rows imported\s*2/);
    expect(done).toMatch(/Rows refused\s*2/);
    await expect(page.getByTestId('refused-rows').locator('tbody tr').count()).resolves.toBe(2);
    await screenshot(page, 'imports-job');
    await expectAccessible(page);
    const imported = await w.prisma.pupil.findMany({ where: { upn: { in: [a, b, c, bad] } }, select: { upn: true } });
    expect(imported.map((p) => p.upn).sort()).toEqual([a, c].sort());
    expect(await w.prisma.placement.count()).toBe(placementsBefore + 2);
    await context.close();
  });

  it('offers progress, an update on request and Cancel while the job waits; a cancelled import keeps nothing', async () => {
    // No worker takes the job until the page has been seen waiting.
    await workers?.close();
    workers = undefined;
    const me = await w.prisma.appUser.findUniqueOrThrow({ where: { email: officer.email } });
    const provider = await w.prisma.provider.findFirstOrThrow({
      where: { laId: me.laId!, urn: { not: null }, kind: 'REGISTERED_SCHOOL' },
      orderBy: { urn: 'asc' },
    });
    const upn = makeUpn();
    const file = laStyleFile([
      { upn, name: 'Cancel, Casey', dob: '14/02/2012', providerUrn: provider.urn!, start: '08/09/2025' },
    ]);
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/imports/placements'));
    await upload(page, 'cancel-me.csv', file, 'Import the file', 'Import nothing (all or nothing)');
    // A refresh the user did not ask for fails WCAG 2.2.1: the page updates itself only when asked.
    await expect(page.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    await expect(page.getByTestId('import-progress').textContent()).resolves.toContain('Waiting to start');
    await screenshot(page, 'imports-job-waiting');
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/\?auto=1$/),
      page.getByRole('link', { name: 'update this page automatically every 5 seconds' }).click(),
    ]);
    await expect(page.locator('meta[http-equiv="refresh"]').getAttribute('content')).resolves.toBe('5');
    await Promise.all([
      page.waitForURL(/\?auto=1$/),
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Cancel the import' }).click(),
    ]);
    workers = await startTestWorkers(w.db);
    // The page updates itself (no reload here) until the worker has taken the job and stopped it.
    await page.getByRole('link', { name: 'Upload a file' }).waitFor({ timeout: 180_000 });
    await page.waitForLoadState('load');
    await expect(page.getByTestId('import-summary').textContent()).resolves.toContain('Cancelled');
    await expect(w.prisma.pupil.count({ where: { upn } })).resolves.toBe(0);
    await context.close();
  });

  it('is not offered to school staff, and its pages are refused them', async () => {
    const { context, page } = await signedInPage(w, school.email);
    await page.goto(w.url('/home'));
    await expect(page.locator('nav a[href="/imports/placements"]').count()).resolves.toBe(0);
    const r = await page.goto(w.url('/imports/placements'));
    expect(r?.status()).toBe(403);
    const job = await w.prisma.importBatch.findFirstOrThrow({ select: { id: true } });
    const j = await page.goto(w.url(`/imports/placements/${job.id}`));
    expect([403, 404]).toContain(j?.status());
    await context.close();
  });
});
