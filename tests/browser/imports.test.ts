import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { demoUser } from '../../src/demo/users';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';
import { eventually, startTestWorkers } from '../support/workers';
import { makeUpn } from '../support/fixtures';
import { laStyleFile, wrongCheckLetterUpn } from '../support/importFiles';

const officer = demoUser('LA_OFFICER');
const school = demoUser('SCHOOL_STAFF');

const JOB_URL = /\/imports\/placements\/[0-9a-f-]{36}$/;
const MAPPING_URL = /\/imports\/(placements|characteristics)\/uploads\/[0-9a-f-]{36}\?/;

/** Chooses a file and the answers on the question page, and uploads it. */
async function chooseAndUpload(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  purpose: string,
  mode: string,
) {
  await page.setInputFiles('#file', file);
  await page.getByLabel(purpose).check();
  await page.getByLabel(mode).check();
  await page.getByRole('button', { name: 'Upload and check' }).click();
}

/** Uploads a CSV with no saved mapping: the mapping step, its suggestion accepted as it is, then the job page. */
async function upload(page: Page, name: string, content: string, purpose: string, mode: string) {
  await Promise.all([
    page.waitForURL(MAPPING_URL),
    chooseAndUpload(page, { name, mimeType: 'text/csv', buffer: Buffer.from(content) }, purpose, mode),
  ]);
  await Promise.all([
    page.waitForURL(JOB_URL),
    page.getByRole('button', { name: /^(Check every row \(dry run\)|Import the file)$/ }).click(),
  ]);
}

/** The cells of a table's body rows, trimmed. */
// A form posts back to its own address: wait for the next page's load event (armed before the click).
// waitForLoadState('load') resolves at once on the page being left, so a loaded machine read the old page.
async function tableRows(page: Page, testId: string): Promise<string[][]> {
  const out: string[][] = [];
  for (const row of await page.getByTestId(testId).locator('tbody tr').all())
    out.push((await row.locator('th, td').allTextContents()).map((t) => t.trim()));
  return out;
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

  /** The demo LA officer, and the first registered school with a URN of their LA (a provider rows can name). */
  async function officerAndProvider() {
    const me = await w.prisma.appUser.findUniqueOrThrow({ where: { email: officer.email } });
    const provider = await w.prisma.provider.findFirstOrThrow({
      where: { laId: me.laId!, urn: { not: null }, kind: 'REGISTERED_SCHOOL' },
      orderBy: { urn: 'asc' },
    });
    return { me, provider };
  }

  it('maps an LA’s own sheet on the mapping step, saves the mapping, checks it as a dry run, then imports the valid rows in one click', async () => {
    const { me, provider } = await officerAndProvider();
    const [a, b, c] = [makeUpn(), makeUpn(), makeUpn()];
    const bad = wrongCheckLetterUpn();
    // Sam's reason is the LA's own code "Excl", which nothing translates until the mapping says what it means.
    const file = laStyleFile([
      {
        upn: a,
        name: 'Example, Sam',
        dob: '14/02/2012',
        providerUrn: provider.urn!,
        start: '08/09/2025',
        reason: 'Excl',
      },
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
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select a placement file');
    await expect(page.locator('.govuk-error-summary a[href="#file"]').count()).resolves.toBe(1);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);

    // Not UTF-8 (a Latin-1 é) and a duplicate header: the API's refusals of the file, on the question page.
    await page.setInputFiles('#file', {
      name: 'latin1.csv',
      mimeType: 'text/csv',
      buffer: Buffer.concat([Buffer.from('Pupil UPN,Name\r\nA123,Ren'), Buffer.from([0xe9]), Buffer.from('\r\n')]),
    });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Upload and check' }).click()]);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('CSV UTF-8');
    await page.setInputFiles('#file', {
      name: 'twice.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('UPN,UPN\r\nx,y\r\n'),
    });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Upload and check' }).click()]);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(
      /appears twice.*Nothing was imported/,
    );
    await expectAccessible(page);

    const placementsBefore = await w.prisma.placement.count();
    await Promise.all([
      page.waitForURL(MAPPING_URL),
      chooseAndUpload(
        page,
        { name: 'la-sheet.csv', mimeType: 'text/csv', buffer: Buffer.from(file) },
        'Check the file only (dry run)',
        'Import the valid rows',
      ),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe('How should your file’s columns be read?');
    // Each header with the field suggested for it.
    expect(await page.getByLabel('Read “Pupil UPN” as').inputValue()).toBe('upn');
    expect(await page.getByLabel('Read “Name” as').inputValue()).toBe('fullName');
    expect(await page.getByLabel('Read “Arranged by” as').inputValue()).toBe('commissioner');
    expect(await page.getByLabel('Read “Aims” as').inputValue()).toBe('objectives');
    // The first rows as the job reads them: the blank row and the totals row are passed over (they were shown).
    let preview = await tableRows(page, 'mapping-preview');
    expect(preview.map((r) => r[0])).toEqual(['2', '3', '4', '5']);
    expect(JSON.stringify(preview)).not.toContain('Total');
    expect(preview[0]).toContain('14/02/2012 → 2012-02-14');
    expect(preview[0]!.join(' ')).toContain('"Excl" is not a primary reason for placement we know');
    expect(preview[2]!.join(' ')).toContain('"31/02/2026" is not a real date');
    await expect(page.getByTestId('translations-reason').textContent()).resolves.toContain(
      '1 value without a translation yet',
    );
    await screenshot(page, 'imports-mapping');
    await expectAccessible(page);

    // Two columns read as one field, and a required field left unread: each named in the error summary.
    await page.getByLabel('Read “Name” as').selectOption('upn');
    await page.getByLabel('Read “Reason” as').selectOption('');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Check every row (dry run)' }).click(),
    ]);
    const errors = page.locator('.govuk-error-summary');
    await expect(errors.textContent()).resolves.toContain('“UPN” is already read from the column “Pupil UPN”');
    await expect(errors.textContent()).resolves.toContain('No column is mapped to the required field "Reason"');
    await expect(errors.locator('a[href="#column-1"]').count()).resolves.toBe(1);
    // The refused choice is shown as made, beside its message.
    await expect(page.getByLabel('Read “Name” as').inputValue()).resolves.toBe('upn');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await screenshot(page, 'imports-mapping-errors');
    await expectAccessible(page);

    // Put them right, translate the sheet's own code, save the mapping under the source's name.
    await page.getByLabel('Read “Name” as').selectOption('fullName');
    await page.getByLabel('Read “Reason” as').selectOption('reason');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Update the preview' }).click()]);
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(0);
    await page.getByLabel('“Excl” means').selectOption('PERMANENT_EXCLUSION');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Update the preview' }).click()]);
    preview = await tableRows(page, 'mapping-preview');
    expect(preview[0]).toContain('Excl → PERMANENT_EXCLUSION');
    await expect(page.getByTestId('translations-reason').textContent()).resolves.not.toContain('without a translation');
    await page.getByLabel('Save it under the source’s name (optional)').fill('Case system export');
    await Promise.all([
      page.waitForURL(JOB_URL),
      page.getByRole('button', { name: 'Check every row (dry run)' }).click(),
    ]);
    const dryRunId = page.url().split('/').pop()!;
    await finished(page);
    await expect(page.locator('h1').textContent()).resolves.toContain('dry run');
    const summary = await page.getByTestId('import-summary').textContent();
    expect(summary).toMatch(/Rows in the file\s*4/);
    expect(summary).toMatch(/Rows that would be imported\s*2/);
    expect(summary).toMatch(/Rows refused\s*2/);
    const refused = await tableRows(page, 'refused-rows');
    // Line 1 is the header: the bad UPN is on line 3, the 31 February on line 4.
    expect(refused).toHaveLength(2);
    expect(refused[0]).toEqual(['3', expect.stringMatching(/UPN/), expect.stringMatching(/check letter/)]);
    expect(refused[1]).toEqual(['4', expect.stringMatching(/Start/), expect.any(String)]);
    await expect(page.getByTestId('mapping').textContent()).resolves.toContain('Pupil UPN');
    await expect(page.getByTestId('preview').textContent()).resolves.toContain('Example, Sam');
    await expect(page.getByTestId('preview').textContent()).resolves.not.toContain('Total');
    await expect(page.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Cancel the import' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('import-checked').textContent()).resolves.toContain(
      'Import all (only if none refused)',
    );
    await screenshot(page, 'imports-job-dry-run');
    await expectAccessible(page);
    expect(await w.prisma.placement.count()).toBe(placementsBefore);
    const saved = await w.prisma.importMapping.findFirstOrThrow({
      where: { laId: me.laId!, kind: 'PLACEMENTS', source: 'Case system export' },
    });
    expect(saved.mapping).toMatchObject({
      columns: { upn: 'Pupil UPN', fullName: 'Name', reason: 'Reason' },
      dateFormat: 'DMY',
      values: { reason: { Excl: 'PERMANENT_EXCLUSION' } },
    });

    // One click: the file the dry run checked, not uploaded again.
    await Promise.all([
      page.waitForURL((u) => JOB_URL.test(u.pathname) && !u.pathname.endsWith(dryRunId)),
      page.getByRole('button', { name: 'Import the valid rows' }).click(),
    ]);
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
    const sam = await w.prisma.placement.findFirstOrThrow({ where: { pupil: { upn: a } } });
    expect(sam.reason).toBe('PERMANENT_EXCLUSION');
    // The file is used up: the dry run no longer offers to import it.
    await expect(w.prisma.importBatch.findUniqueOrThrow({ where: { id: dryRunId } })).resolves.toMatchObject({
      uploadId: null,
    });
    await page.goto(w.url(`/imports/placements/${dryRunId}`));
    await expect(page.getByTestId('import-checked').count()).resolves.toBe(0);
    await context.close();
  });

  it('imports next month’s Excel workbook from a saved source in one step (Excel dates, the saved codes)', async () => {
    const { me, provider } = await officerAndProvider();
    const mapping = {
      columns: {
        upn: 'Pupil UPN',
        fullName: 'Name',
        dateOfBirth: 'DOB',
        sex: 'Gender',
        commissioner: 'Arranged by',
        providerUrn: 'AP URN',
        reason: 'Why',
        tier: 'Tier',
        startDate: 'Started',
        hoursPerWeek: 'Hours',
        registration: 'Registration',
        objectives: 'Aims',
        reintegrationPlan: 'Exit plan',
      },
      dateFormat: 'DMY',
      values: { reason: { Excl: 'PERMANENT_EXCLUSION' } },
    };
    await w.prisma.importMapping.upsert({
      where: { laId_kind_source: { laId: me.laId!, kind: 'PLACEMENTS', source: 'Monthly workbook' } },
      create: { laId: me.laId!, kind: 'PLACEMENTS', source: 'Monthly workbook', mapping },
      update: { mapping },
    });
    const upn = makeUpn();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Placements');
    ws.addRow([
      'Pupil UPN',
      'Name',
      'DOB',
      'Gender',
      'Arranged by',
      'AP URN',
      'Why',
      'Tier',
      'Started',
      'Hours',
      'Registration',
      'Aims',
      'Exit plan',
    ]);
    // The date of birth a date cell; the start an Excel serial number typed into a plain cell (45936 = 6 Oct 2025).
    ws.addRow([
      upn,
      'Month, Nova',
      new Date(Date.UTC(2012, 2, 4)),
      'F',
      'LA',
      provider.urn!,
      'Excl',
      3,
      45936,
      20,
      'dual',
      'Attendance',
      'Return to school',
    ]);
    ws.getCell('C2').numFmt = 'dd/mm/yyyy';
    ws.addRow([]);
    ws.addRow(['Total', null, null, null, null, null, null, null, null, { formula: 'SUM(J2:J2)', result: 20 }]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/imports/placements'));
    await page.getByLabel('Monthly workbook').check();
    await Promise.all([
      page.waitForURL(JOB_URL),
      chooseAndUpload(
        page,
        {
          name: 'november.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: xlsx,
        },
        'Import the file',
        'Import nothing (all or nothing)',
      ),
    ]);
    await finished(page);
    const done = await page.getByTestId('import-summary').textContent();
    expect(done).toMatch(/Rows in the file\s*1/);
    expect(done).toMatch(/Rows imported\s*1/);
    await expect(page.getByTestId('preview').textContent()).resolves.not.toContain('Total');
    const placement = await w.prisma.placement.findFirstOrThrow({
      where: { pupil: { upn } },
      include: { pupil: true },
    });
    expect(placement.startDate.toISOString().slice(0, 10)).toBe('2025-10-06');
    expect(placement.pupil.dateOfBirth.toISOString().slice(0, 10)).toBe('2012-03-04');
    expect(placement.reason).toBe('PERMANENT_EXCLUSION');
    await context.close();
  });

  it('imports pupils’ characteristics from an MIS export as of a date, after a dry run', async () => {
    const me = await w.prisma.appUser.findUniqueOrThrow({ where: { email: officer.email } });
    const pupil = await w.prisma.pupil.findFirstOrThrow({
      where: { homeLaId: me.laId!, fsmEligible: false, lookedAfter: false },
      orderBy: { upn: 'asc' },
    });
    const asOf = new Date(Date.now() - 7 * 86_400_000);
    const mis = `UPN,SEN provision,FSM,Looked after\r\n${pupil.upn},K,Y,N\r\n`;
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/imports/characteristics'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Import pupils’ characteristics');
    await page.setInputFiles('#file', { name: 'mis.csv', mimeType: 'text/csv', buffer: Buffer.from(mis) });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Upload and check' }).click()]);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Enter the date the file’s values held from',
    );
    await expect(page.locator('.govuk-error-summary a[href="#asOf-day"]').count()).resolves.toBe(1);
    await expectAccessible(page);

    await page.setInputFiles('#file', { name: 'mis.csv', mimeType: 'text/csv', buffer: Buffer.from(mis) });
    await page.getByLabel('Day').fill(String(asOf.getUTCDate()));
    await page.getByLabel('Month').fill(String(asOf.getUTCMonth() + 1));
    await page.getByLabel('Year').fill(String(asOf.getUTCFullYear()));
    await Promise.all([
      page.waitForURL(MAPPING_URL),
      chooseAndUpload(
        page,
        { name: 'mis.csv', mimeType: 'text/csv', buffer: Buffer.from(mis) },
        'Check the file only (dry run)',
        'Import nothing (all or nothing)',
      ),
    ]);
    expect(await page.getByLabel('Read “FSM” as').inputValue()).toBe('fsmEligible');
    expect((await tableRows(page, 'mapping-preview'))[0]).toContain('Y → true');
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/\/imports\/characteristics\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Check every row (dry run)' }).click(),
    ]);
    await finished(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Characteristics import: dry run');
    await expect(page.getByTestId('no-refused-rows').count()).resolves.toBe(1);
    await expect(w.prisma.pupil.findUniqueOrThrow({ where: { id: pupil.id } })).resolves.toMatchObject({
      fsmEligible: false,
    });
    await screenshot(page, 'imports-characteristics-dry-run');
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/\/imports\/characteristics\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Import all (only if none refused)' }).click(),
    ]);
    await finished(page);
    await expect(page.getByTestId('import-summary').textContent()).resolves.toContain('Finished');
    await expect(w.prisma.pupil.findUniqueOrThrow({ where: { id: pupil.id } })).resolves.toMatchObject({
      fsmEligible: true,
      senStatus: 'SEN_SUPPORT',
    });
    await context.close();
  });

  it('works without JavaScript: upload, the mapping step, the dry run and the one-click import', async () => {
    const { provider } = await officerAndProvider();
    const upn = makeUpn();
    const file = laStyleFile([
      { upn, name: 'Script, Noah', dob: '09/09/2012', providerUrn: provider.urn!, start: '12/01/2026' },
    ]);
    const { context, page } = await signedInPage(w, officer.email, { javaScriptEnabled: false });
    await page.goto(w.url('/imports/placements'));
    await Promise.all([
      page.waitForURL(MAPPING_URL),
      chooseAndUpload(
        page,
        { name: 'no-js.csv', mimeType: 'text/csv', buffer: Buffer.from(file) },
        'Check the file only (dry run)',
        'Import nothing (all or nothing)',
      ),
    ]);
    await page.getByLabel('Read “Aims” as').selectOption('');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Update the preview' }).click()]);
    expect(await page.getByLabel('Read “Aims” as').inputValue()).toBe('');
    expect(await page.getByTestId('mapping-preview').locator('thead th').allTextContents()).not.toContain(
      'Objectives (Aims)',
    );
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(JOB_URL),
      page.getByRole('button', { name: 'Check every row (dry run)' }).click(),
    ]);
    await finished(page);
    await expect(page.getByTestId('import-summary').textContent()).resolves.toMatch(/Rows that would be imported\s*1/);
    // The dry run's page already matches JOB_URL: wait for the new job's address, not the one being left.
    const dryRunPath = new URL(page.url()).pathname;
    await Promise.all([
      page.waitForURL((u) => JOB_URL.test(u.pathname) && u.pathname !== dryRunPath),
      page.getByRole('button', { name: 'Import all (only if none refused)' }).click(),
    ]);
    await finished(page);
    await expect(page.getByTestId('import-summary').textContent()).resolves.toMatch(/Rows imported\s*1/);
    const placement = await w.prisma.placement.findFirstOrThrow({ where: { pupil: { upn } } });
    // "Aims" was left out: the imported placement has no objectives (a P1 follow-up instead).
    expect(placement.objectives ?? '').toBe('');
    await context.close();
  });

  it('offers progress, an update on request and Cancel while the job waits; a cancelled import keeps nothing', async () => {
    // No worker takes the job until the page has been seen waiting.
    await workers?.close();
    workers = undefined;
    const { provider } = await officerAndProvider();
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
    const characteristics = await page.goto(w.url('/imports/characteristics'));
    expect(characteristics?.status()).toBe(403);
    await context.close();
  });
});
