import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoUser, DEMO_SECONDARY_NAME } from '../../src/demo/users';
import { expectAccessible, screenshot, SCREENSHOT_DIR, signedInPage, useWebWorld } from '../support/browser';
import { fillDate, testUpn } from '../support/forms';
import { addDays } from '../../src/web/forms/weeks';

const officer = demoUser('LA_OFFICER');
const panel = demoUser('PANEL_MEMBER');
const school = demoUser('SCHOOL_STAFF');

/** Panel member, then school staff with the LA officer: one referral from agreed-to-consider to admission, through the browser. */
// Journeys click through many pages, each checked by axe: minutes on a loaded machine, not the default 60 s.
const JOURNEY_TIMEOUT = 300_000;

describe('web: fair access panel workspace, school home and directions', () => {
  const w = useWebWorld();
  const s: { pupilId?: string; referralId?: string; meetingId?: string; decisionId?: string } = {};

  it(
    'LA officer refers a child with the para 3.17 categories; the panel member creates a meeting, records an allocation overriding whose turn with a reason, and prints the minutes',
    async () => {
      const reg = await w.gql(officer.email, 'mutation ($i: RegisterPupilInput!) { registerPupil(input: $i) { id } }', {
        i: {
          upn: testUpn(201),
          firstName: 'Rio',
          lastName: 'Fairaccess',
          dateOfBirth: '2012-03-10',
          sex: 'M',
          reason: 'Arrived in the area mid-year',
        },
      });
      expect(reg.errors).toBeUndefined();
      s.pupilId = reg.data!.registerPupil.id;

      const la = await signedInPage(w, officer.email);
      await la.page.goto(w.url(`/pupils/${s.pupilId}`));
      await la.page.getByRole('link', { name: 'Refer to the fair access panel' }).click();
      await la.page.getByRole('button', { name: 'Send referral' }).click();
      // count() does not wait for the refused form's page to load: wait for the summary first.
      await la.page.locator('.govuk-error-summary').waitFor();
      await expect(la.page.locator('.govuk-error-summary').count()).resolves.toBe(1);
      await screenshot(la.page, 'fair-access-refer-errors');
      await expectAccessible(la.page);
      await la.page.getByLabel('Homeless').check();
      await la.page
        .getByLabel('Evidence of reasonable attempts through in-year admissions')
        .fill('Applied to three schools in October; all full.');
      await la.page.getByLabel('An LA service').check();
      await la.page.getByLabel('Name of the person or service referring').fill('Housing Options team');
      await fillDate(la.page, 'referredOn', addDays(w.today, -10));
      await la.page.getByLabel('Year group sought').fill('9');
      await la.page.getByLabel('Context for the panel').fill('Family moved into temporary accommodation.');
      await fillDate(la.page, 'agreedToConsiderOn', addDays(w.today, -7));
      await screenshot(la.page, 'fair-access-refer');
      await expectAccessible(la.page);
      await la.page.getByRole('button', { name: 'Send referral' }).click();
      await la.page.waitForURL((u) => u.pathname.startsWith('/fair-access/referrals/'));
      s.referralId = new URL(la.page.url()).pathname.split('/').pop()!;
      await la.context.close();

      const { context, page } = await signedInPage(w, panel.email);
      expect(new URL(page.url()).pathname).toBe('/fair-access');
      await expect(page.getByTestId('open-referrals').textContent()).resolves.toContain('Rio Fairaccess');
      await screenshot(page, 'fair-access-home');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Create meeting' }).click();
      await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe(
        '#meetingDate-day',
      );
      await screenshot(page, 'fair-access-home-errors');
      await expectAccessible(page);
      const meetingsBefore = await w.prisma.fairAccessPanelMeeting.count();
      await fillDate(page, 'meetingDate', w.today);
      await page.getByLabel('Who is attending').fill('Head of admissions (chair)\nThornleigh Academy\nWrenfield PRU');
      await page.getByRole('button', { name: 'Create meeting' }).click();
      await page.waitForURL((u) => /^\/fair-access\/meetings\/[0-9a-f-]{36}$/.test(u.pathname));
      s.meetingId = new URL(page.url()).pathname.split('/').pop()!;
      expect(await w.prisma.fairAccessPanelMeeting.count()).toBe(meetingsBefore + 1);
      const item = page.getByTestId('agenda-item').filter({ hasText: 'Rio Fairaccess' });
      await expect(item.textContent()).resolves.toContain('school days gone');
      await screenshot(page, 'fair-access-agenda');
      await expectAccessible(page);

      await item.getByRole('link', { name: /Record a decision/ }).click();
      const rows = await page.getByTestId('whose-turn').locator('tbody tr').allTextContents();
      expect(rows.length).toBeGreaterThan(1);
      const prefilled = await page.getByLabel('School to allocate').inputValue();
      const turn = await w.gql(
        panel.email,
        'query ($y: Int!, $d: LocalDate) { whoseTurn(yearGroup: $y, asOf: $d) { entries { school { id name } } } }',
        { y: 9, d: w.today },
      );
      expect(prefilled).toBe(turn.data!.whoseTurn.entries[0].school.id); // prefilled with whose turn
      const thornleigh = turn.data!.whoseTurn.entries.find(
        (e: { school: { name: string } }) => e.school.name === DEMO_SECONDARY_NAME,
      ).school.id;
      expect(prefilled).not.toBe(thornleigh); // so choosing Thornleigh overrides whose turn
      await screenshot(page, 'fair-access-decide');
      await expectAccessible(page);
      await page.getByLabel('School to allocate').selectOption(thornleigh);
      await fillDate(page, 'admissionDeadline', addDays(w.today, 14));
      await page.getByLabel('Rationale').fill('Mainstream place with a key worker; transport in place.');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/whose.turn|override/i); // no override reason yet
      await screenshot(page, 'fair-access-decide-errors');
      await expectAccessible(page);
      expect(await w.prisma.fairAccessDecision.count({ where: { referralId: s.referralId } })).toBe(0);
      await page
        .getByLabel(/If you choose another school than/)
        .fill('The only school with a Year 9 nurture group within reasonable distance.');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL((u) => u.pathname === `/fair-access/meetings/${s.meetingId}`);
      await expect(page.getByTestId('meeting-decisions').textContent()).resolves.toContain(DEMO_SECONDARY_NAME);

      await page.getByRole('link', { name: 'Printable minutes' }).click();
      const minutes = page.getByTestId('minutes-decision').filter({ hasText: 'Rio Fairaccess' });
      await expect(minutes.textContent()).resolves.toContain('The only school with a Year 9 nurture group');
      await expect(minutes.textContent()).resolves.toContain('Mainstream place with a key worker');
      await expectAccessible(page);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.govuk-template__header').isVisible()).toBe(false);
      await screenshot(page, 'fair-access-minutes-print');
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.pdf({ path: join(SCREENSHOT_DIR, 'fair-access-minutes.pdf') });
      const decision = await w.prisma.fairAccessDecision.findFirstOrThrow({ where: { referralId: s.referralId } });
      s.decisionId = decision.id;
      expect(decision.overrideReason).toContain('nurture group');
      expect(await w.prisma.fairAccessDecision.count({ where: { referralId: s.referralId } })).toBe(1);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'school staff refuse on a forbidden ground, the LA officer requests a direction, and the school records the admission',
    async () => {
      expect(s.decisionId).toBeDefined();
      const sc = await signedInPage(w, school.email);
      expect(new URL(sc.page.url()).pathname).toBe('/home');
      await expect(sc.page.getByTestId('awaiting-response').textContent()).resolves.toContain('Rio Fairaccess');
      await screenshot(sc.page, 'home-school');
      await expectAccessible(sc.page);
      await sc.page.getByRole('link', { name: 'Respond to the allocation of Rio Fairaccess' }).click();
      await sc.page.waitForURL((u) => u.pathname.endsWith('/respond')); // count() below does not wait for the page
      await expect(
        sc.page.getByText('Not allowed: poor attendance at a previous school is not a valid ground').count(),
      ).resolves.toBe(1);
      await screenshot(sc.page, 'allocation-respond');
      await expectAccessible(sc.page);
      await sc.page.getByRole('button', { name: 'Send response' }).click();
      // count() does not wait for the refused form's page to load: wait for the summary first.
      await sc.page.locator('.govuk-error-summary').waitFor();
      await expect(sc.page.locator('.govuk-error-summary').count()).resolves.toBe(1);
      await screenshot(sc.page, 'allocation-respond-errors');
      await expectAccessible(sc.page);
      await sc.page.getByLabel('No, the school refuses').check();
      await sc.page.getByLabel('Attendance at a previous school').check();
      await sc.page.getByLabel('Reason', { exact: true }).fill('Attendance of 71% at the previous school.');
      await sc.page.getByRole('button', { name: 'Send response' }).click();
      await sc.page.waitForURL((u) => u.pathname === '/home');
      await expect(sc.page.getByTestId('refused').textContent()).resolves.toContain('Forbidden ground');

      const la = await signedInPage(w, officer.email);
      await la.page.goto(w.url(`/fair-access/referrals/${s.referralId}`));
      await expect(la.page.getByText('the request goes to the Secretary of State').count()).resolves.toBe(1);
      await screenshot(la.page, 'fair-access-referral');
      await expectAccessible(la.page);
      await la.page
        .getByLabel('Note', { exact: true })
        .fill('Refusal on attendance is not a valid ground. Evidence pack sent to DfE.');
      await la.page.getByRole('button', { name: 'Request direction' }).click();
      await la.page.waitForURL((u) => u.search.includes('recorded=direction'));
      await expect(la.page.getByTestId('direction').textContent()).resolves.toContain('Secretary of State direction');
      await la.page.getByLabel('Directed to admit').check();
      await la.page.getByLabel('Note', { exact: true }).fill('The Secretary of State directed the academy to admit.');
      await la.page.getByRole('button', { name: 'Record outcome' }).click();
      await la.page.waitForURL((u) => u.search.includes('recorded=direction-outcome'));
      await la.context.close();

      await sc.page.goto(w.url('/home'));
      await sc.page.getByRole('link', { name: 'Record the admission of Rio Fairaccess' }).click();
      await sc.page.waitForURL((u) => u.pathname.endsWith('/admit'));
      await screenshot(sc.page, 'allocation-admit');
      await expectAccessible(sc.page);
      await sc.page.getByLabel('Note').fill('Started with a key worker.');
      await sc.page.getByRole('button', { name: 'Record admission' }).click();
      await sc.page.waitForURL((u) => u.pathname === '/home');

      expect(await w.prisma.fairAccessSchoolResponse.count({ where: { decisionId: s.decisionId } })).toBe(1);
      expect(await w.prisma.fairAccessDirection.count({ where: { decisionId: s.decisionId } })).toBe(1);
      const referral = await w.prisma.fairAccessReferral.findUniqueOrThrow({ where: { id: s.referralId } });
      expect(referral.status).toBe('ADMITTED');
      expect(
        await w.prisma.enrolment.count({
          where: { pupilId: s.pupilId, endDate: null, school: { name: DEMO_SECONDARY_NAME } },
        }),
      ).toBe(1);
      await sc.context.close();
    },
    JOURNEY_TIMEOUT,
  );
});
