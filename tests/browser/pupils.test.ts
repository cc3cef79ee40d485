import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoUser, DEMO_USERS, DEMO_PRU_NAME, DEMO_SECONDARY_NAME } from '../../src/demo/users';
import {
  expectAccessible,
  expectAccessible as checkAccessible,
  screenshot,
  screenshot as takeScreenshot,
  signedInPage,
  useWebWorld,
} from '../support/browser';
import { fillDate, testUpn } from '../support/forms';

const officer = demoUser('LA_OFFICER');
const otherLaOfficer = DEMO_USERS.find((u) => u.role === 'LA_OFFICER' && u.laCode === '372')!;

/** Starts at the pupil record; fills the commissioning form for a tier-2 placement at the PRU and continues to the check page. */
async function fillCommission(page: Page, o: { start: string; plannedEnd: string }) {
  await page.getByRole('button', { name: 'Commission a placement' }).click(); // a GOV.UK button link (role=button)
  await page.waitForURL((u) => u.pathname === '/placements/new');
  await page.getByLabel('AP provider').selectOption({ label: DEMO_PRU_NAME });
  await page.getByLabel('The local authority').check();
  await page.getByLabel('Reason for the placement').selectOption('PERMANENT_EXCLUSION');
  await page.getByLabel('Tier 2: time-limited').check();
  await fillDate(page, 'startDate', o.start);
  await fillDate(page, 'plannedEndDate', o.plannedEnd);
  await page.getByLabel('Hours per week').fill('25');
  await page.getByLabel('Dual registered (school and AP)').check();
  await page.getByLabel('Objectives').fill('Stabilise attendance; keep up GCSE English and maths');
  await page.getByLabel('Reintegration plan').fill('Return to a mainstream school with a key worker');
  await page.getByLabel('Readiness criteria for the return').fill('Attendance above 90% for four weeks');
  await page.getByLabel('I have checked the provider’s registration status').check();
  await page.getByLabel('Why this placement?').fill('Day-6 provision after permanent exclusion');
}

async function registerPupil(page: Page, upn: string, first: string, last: string) {
  await page.goto(page.url().replace(/(https?:\/\/[^/]+).*/, '$1/pupils/new'));
  await page.getByLabel('Unique pupil number (UPN)').fill(upn);
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await fillDate(page, 'dateOfBirth', '2011-02-14');
  await page.getByLabel('Male', { exact: true }).check();
  await page.getByLabel('Why are you adding this pupil?').fill('Permanently excluded; moving into LA provision');
  await page.getByRole('button', { name: 'Add pupil' }).click();
  await page.waitForURL((u) => /^\/pupils\/[0-9a-f-]{36}$/.test(u.pathname));
}

// Journeys click through many pages, each checked by axe: minutes on a loaded machine, not the default 60 s.
const JOURNEY_TIMEOUT = 300_000;

describe('web: find a pupil, the pupil record and movement forms', () => {
  const w = useWebWorld();

  const laJourney = async (javaScriptEnabled: boolean, serial: number) => {
    const { context, page } = await signedInPage(w, officer.email, { javaScriptEnabled });
    const upn = testUpn(serial);
    // axe runs in the page, so it checks the JavaScript-on run; the JavaScript-off run proves the journey works without it.
    const expectAccessible = javaScriptEnabled ? checkAccessible : async () => {};
    const screenshot = javaScriptEnabled ? takeScreenshot : async () => {};
    await page.goto(w.url('/pupils'));
    await screenshot(page, 'pupils-find-empty');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Add a pupil who is not on the tracker' }).click();
    await screenshot(page, 'pupils-register');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add pupil' }).click();
    // count() does not wait for the refused form's page to load: wait for the summary first.
    await page.locator('.govuk-error-summary').waitFor();
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(1);
    await screenshot(page, 'pupils-register-errors');
    await expectAccessible(page);
    await registerPupil(page, upn, 'Sam', `Webjourney${serial}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Sam Webjourney${serial}`);
    await expect(page.getByTestId('pupil-summary').textContent()).resolves.toContain(upn);
    const pupil = await w.prisma.pupil.findUniqueOrThrow({ where: { upn } });

    await fillCommission(page, { start: '2026-11-09', plannedEnd: '2027-02-12' });
    await screenshot(page, 'placement-commission');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.pathname === '/placements/new');
    const derived = (await page.getByTestId('derived').textContent())!;
    expect(derived).toContain('Section 19: LA’s day-6 duty after a permanent exclusion');
    await screenshot(page, 'placement-check-answers');
    await expectAccessible(page);
    expect(await w.prisma.placement.count({ where: { pupilId: pupil.id } })).toBe(0); // nothing written before confirming
    await page.getByRole('button', { name: 'Confirm and commission' }).click();
    await page.waitForURL((u) => u.pathname === `/pupils/${pupil.id}`);
    const placement = await w.prisma.placement.findFirstOrThrow({ where: { pupilId: pupil.id } });
    const firstReview = placement.nextReviewDue.toISOString().slice(0, 10);
    const longFirstReview = new Date(`${firstReview}T12:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(derived).toContain(longFirstReview); // the check page said what the record now says
    const card = page.getByTestId('current-placement');
    await expect(card.textContent()).resolves.toContain('Tier 2: time-limited');
    await expect(card.textContent()).resolves.toContain(longFirstReview);
    await screenshot(page, 'pupil-record');
    await expectAccessible(page);

    await page.getByRole('link', { name: /^End placement/ }).click();
    await page.getByRole('button', { name: 'End placement' }).click();
    // count() does not wait for the refused form's page to load: wait for the summary first.
    await page.locator('.govuk-error-summary').waitFor();
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(1);
    await screenshot(page, 'placement-end-errors');
    await expectAccessible(page);
    await fillDate(page, 'endDate', '2026-12-04');
    await page.getByLabel('Return to a mainstream school').check();
    await page.getByLabel('If returning to school: which school').selectOption({ label: DEMO_SECONDARY_NAME });
    await page.getByLabel('Why is the placement ending?').fill('Ready to return with a key worker');
    await page.getByRole('button', { name: 'End placement' }).click();
    await page.waitForURL((u) => u.pathname === `/pupils/${pupil.id}`);
    const rows = await page.getByTestId('checkpoints').locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows.join(' ')).toContain(DEMO_SECONDARY_NAME);
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('AP placement ended');
    await screenshot(page, 'pupil-record-reintegrating');
    await expectAccessible(page);

    expect(await w.prisma.pupil.count({ where: { upn } })).toBe(1);
    expect(await w.prisma.placement.count({ where: { pupilId: pupil.id } })).toBe(1);
    expect(
      await w.prisma.reintegrationCheckpoint.count({ where: { reintegration: { placement: { pupilId: pupil.id } } } }),
    ).toBe(3);
    await context.close();
  };

  it(
    'LA officer, JavaScript off: registers a pupil, commissions a tier-2 placement seeing its legal basis and first review date, ends it with a return to school, and the checkpoints appear',
    () => laJourney(false, 1),
    JOURNEY_TIMEOUT,
  );

  it(
    'the same LA officer journey with JavaScript on: every page and error state passes axe',
    () => laJourney(true, 4),
    JOURNEY_TIMEOUT,
  );

  it(
    'a placement ending before it starts shows the error summary linking to the field, and writes nothing',
    async () => {
      const { context, page } = await signedInPage(w, officer.email);
      await registerPupil(page, testUpn(2), 'Alex', 'Webbadinput');
      const pupilId = new URL(page.url()).pathname.split('/').pop()!;
      await fillCommission(page, { start: '2026-11-09', plannedEnd: '2026-10-01' });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((u) => u.pathname === '/placements/new');
      await screenshot(page, 'placement-check-answers-bad-input');
      await page.getByRole('button', { name: 'Confirm and commission' }).click();
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain('The planned end date cannot be before the start date.');
      const link = summary.getByRole('link', { name: 'The planned end date cannot be before the start date.' });
      expect(await link.getAttribute('href')).toBe('#plannedEndDate-day');
      await link.click();
      expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('plannedEndDate-day');
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await screenshot(page, 'placement-commission-errors');
      await expectAccessible(page);
      expect(await w.prisma.placement.count({ where: { pupilId } })).toBe(0);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'a double-submitted confirmation writes one placement',
    async () => {
      const { context, page } = await signedInPage(w, officer.email);
      await registerPupil(page, testUpn(3), 'Jo', 'Webdouble');
      const pupilId = new URL(page.url()).pathname.split('/').pop()!;
      await fillCommission(page, { start: '2026-11-09', plannedEnd: '2027-02-12' });
      await page.getByRole('button', { name: 'Continue' }).click();
      const form = page.locator('form[action="/placements/new/confirm"]');
      // evaluateAll does not wait: without this, a slow check page gave no fields, so no CSRF token (403).
      await form.waitFor();
      const fields = Object.fromEntries(
        await form
          .locator('input[type="hidden"]')
          .evaluateAll((els) => els.map((e: any) => [e.name as string, e.value as string])),
      );
      // The same form sent twice at once (a double click past the button's own guard), then once more later (a resubmitted page).
      const post = () => page.request.post(w.url('/placements/new/confirm'), { form: fields, maxRedirects: 0 });
      const answers = await Promise.all([post(), post()]);
      const again = await post();
      for (const a of [...answers, again]) expect(a.status()).toBe(303);
      expect(await w.prisma.placement.count({ where: { pupilId } })).toBe(1);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'finds pupils by UPN, name, date of birth and school, scoped like the API',
    async () => {
      const { context, page } = await signedInPage(w, officer.email);
      const demo = await w.gql(
        officer.email,
        '{ pupils(filter: { inAp: true }, first: 1) { nodes { id upn firstName lastName dateOfBirth } } }',
      );
      const p = demo.data!.pupils.nodes[0];
      await page.goto(w.url(`/pupils?upn=${p.upn}`));
      await expect(page.getByTestId('result-count').textContent()).resolves.toMatch(/^1 pupil found/);
      await page.goto(w.url(`/pupils?name=${encodeURIComponent(`${p.firstName} ${p.lastName}`)}`));
      const byName = await page.getByTestId('pupil-results').locator('tbody tr').allTextContents();
      expect(byName.some((r) => r.includes(p.upn))).toBe(true);
      const [y, m, d] = p.dateOfBirth.split('-');
      await page.goto(
        w.url(
          `/pupils?dob-day=${Number(d)}&dob-month=${Number(m)}&dob-year=${y}&name=${encodeURIComponent(p.lastName)}`,
        ),
      );
      await expect(page.getByTestId('pupil-results').textContent()).resolves.toContain(p.upn);
      await screenshot(page, 'pupils-find-results');
      await expectAccessible(page);
      await page.goto(w.url('/pupils?dob-day=31&dob-month=2&dob-year=2011'));
      await expect(page.locator('.govuk-error-summary a').getAttribute('href')).resolves.toBe('#dob-day');
      await screenshot(page, 'pupils-find-errors');
      await expectAccessible(page);
      // The other LA's officer finds nobody by this UPN, and the record is a 404 page, like a missing one.
      const other = await signedInPage(w, otherLaOfficer.email);
      await other.page.goto(w.url(`/pupils?upn=${p.upn}`));
      await expect(other.page.getByTestId('result-count').textContent()).resolves.toMatch(/^0 pupils found/);
      const outOfScope = await other.page.goto(w.url(`/pupils/${p.id}`));
      expect(outOfScope?.status()).toBe(404);
      await expect(other.page.locator('h1').textContent()).resolves.toContain('Page not found');
      const missing = await other.page.goto(w.url('/pupils/00000000-0000-4000-8000-000000000000'));
      expect(missing?.status()).toBe(404);
      expect(await other.page.locator('main').textContent()).toBe(
        await (async () => {
          await other.page.goto(w.url(`/pupils/${p.id}`));
          return other.page.locator('main').textContent();
        })(),
      );
      await other.context.close();
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'shows where a pupil was on a date, and corrections on the timeline as corrections',
    async () => {
      const { context, page } = await signedInPage(w, officer.email);
      const corrected = await w.prisma.pupilEvent.findFirstOrThrow({
        where: { type: 'CORRECTION', pupil: { homeLa: { code: '373' } } },
      });
      const pupilId = corrected.pupilId;
      await page.goto(w.url(`/pupils/${pupilId}`));
      const correction = page.locator(`#event-${corrected.id}`);
      await expect(correction.textContent()).resolves.toContain('Correction to');
      await expect(page.locator(`#event-${corrected.correctsEventId}`).textContent()).resolves.toContain('Corrected');
      const placement = await w.prisma.placement.findFirst({ where: { pupilId }, orderBy: { startDate: 'asc' } });
      const on = placement ? placement.startDate.toISOString().slice(0, 10) : w.today;
      const [y, m, d] = on.split('-');
      await page
        .getByLabel('Day')
        .last()
        .fill(String(Number(d)));
      await page
        .getByLabel('Month')
        .last()
        .fill(String(Number(m)));
      await page.getByLabel('Year').last().fill(y!);
      await page.getByRole('button', { name: 'Show where they were' }).click();
      const api = await w.gql(
        officer.email,
        'query ($id: UUID!, $on: LocalDate!) { pupilWhereabouts(pupilId: $id, on: $on) { summary } }',
        { id: pupilId, on },
      );
      await expect(page.getByTestId('whereabouts').textContent()).resolves.toContain(
        api.data!.pupilWhereabouts.summary,
      );
      await screenshot(page, 'pupil-record-corrections-whereabouts');
      await expectAccessible(page);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );
});
