import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { demoUser } from '../../src/demo/users';
import { setCommencement } from '../../src/usecases/law/setCommencement';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const school = demoUser('SCHOOL_STAFF');

/** The exports page: the Children Not in School register download (issue 16 item 4), for LA officers. */
describe('web: exports', { timeout: 300_000 }, () => {
  const w = useWebWorld();

  it('downloads the CNIS register once s38 is commenced, with an error summary before', async () => {
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/home'));
    await page.goto(w.url('/exports'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Exports');
    await expect(page.getByTestId('s38-status').textContent()).resolves.toContain('has not been commenced');
    await expect(page.locator('.govuk-warning-text').textContent()).resolves.toContain('provisional');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Download the register (CSV)' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('has not been commenced');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await screenshot(page, 'exports-cnis-not-commenced');
    await expectAccessible(page);

    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByRole('button', { name: 'Download the register (CSV)' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('must be a real date');
    await expectAccessible(page);

    await setCommencement(w.prisma, {
      provision: 'CWSA_S38',
      commencesOn: '2026-06-29',
      reason: 'test',
      setBy: 'test',
    });
    try {
      await page.goto(w.url('/exports'));
      await expect(page.getByTestId('s38-status').textContent()).resolves.toContain('in force from 2026-06-29');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the register (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`children-not-in-school-${w.today}-cnis-2026-provisional-1.csv`);
      const csv = await readFile((await download.path())!, 'utf8');
      const api = await w.gql<{ childrenNotInSchoolCsv: { csv: string; rowCount: number } }>(
        officer.email,
        `query($d: LocalDate!) { childrenNotInSchoolCsv(registerDate: $d) { csv rowCount } }`,
        { d: w.today },
      );
      // The demo data has children in school-arranged and LA-arranged AP on any day it is generated for.
      expect(api.data!.childrenNotInSchoolCsv.rowCount).toBeGreaterThan(0);
      expect(csv).toBe(api.data!.childrenNotInSchoolCsv.csv);
      expect(csv.split('\r\n')[0]).toMatch(/^RegisterDate,LA,UPN,.*,FieldListVersion$/);
    } finally {
      await setCommencement(w.prisma, { provision: 'CWSA_S38', commencesOn: null, reason: 'test', setBy: 'test' });
    }
    await context.close();
  });

  it('is not offered to school staff', async () => {
    const { context, page } = await signedInPage(w, school.email);
    const r = await page.goto(w.url('/exports'));
    expect(r?.status()).toBe(403);
    await expect(page.locator('nav a[href="/exports"]').count()).resolves.toBe(0);
    await context.close();
  });
});
