import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoUser, DEMO_PRU_NAME, DEMO_SECONDARY_NAME, DEMO_UNREGISTERED_PROVIDER_NAME } from '../../src/demo/users';
import { expectAccessible, screenshot, signedInPage, useWebWorld, type WebWorld } from '../support/browser';
import { fillDate, testUpn } from '../support/forms';
import { referralInput } from '../support/fairAccess';
import { addDays } from '../../src/web/forms/weeks';

const officer = demoUser('LA_OFFICER');
const school = demoUser('SCHOOL_STAFF');
const provider = demoUser('PROVIDER_STAFF');
const panel = demoUser('PANEL_MEMBER');

// Journeys click through many pages, each checked by axe: minutes on a loaded machine, not the default 60 s.
const JOURNEY_TIMEOUT = 300_000;

/** The nearest weekday on or before a date (the demo calendar has no school on weekends). */
const weekdayBefore = (iso: string) => {
  const dow = new Date(`${iso}T12:00:00Z`).getUTCDay();
  return dow === 0 ? addDays(iso, -2) : dow === 6 ? addDays(iso, -1) : iso;
};
const weekdayAfter = (iso: string) => {
  const dow = new Date(`${iso}T12:00:00Z`).getUTCDay();
  return dow === 0 ? addDays(iso, 1) : dow === 6 ? addDays(iso, 2) : iso;
};
const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

async function ids(w: WebWorld) {
  const r = await w.gql(officer.email, '{ providers { id name } schools(first: 500) { nodes { id name } } }');
  const byName = (list: { id: string; name: string }[], name: string) => list.find((x) => x.name === name)!.id;
  return {
    pru: byName(r.data!.providers, DEMO_PRU_NAME),
    secondary: byName(r.data!.schools.nodes, DEMO_SECONDARY_NAME),
  };
}

async function register(w: WebWorld, email: string, serial: number, lastName: string, extra = {}) {
  const r = await w.gql(email, 'mutation ($i: RegisterPupilInput!) { registerPupil(input: $i) { id } }', {
    i: {
      upn: testUpn(serial),
      firstName: 'Lee',
      lastName,
      dateOfBirth: '2011-06-01',
      sex: 'F',
      reason: 'Arranged for the movement forms test',
      ...extra,
    },
  });
  expect(r.errors).toBeUndefined();
  return r.data!.registerPupil.id as string;
}

async function commission(w: WebWorld, pupilId: string, providerId: string, startDate: string, plannedEndDate: string) {
  const r = await w.gql(
    officer.email,
    'mutation ($i: CommissionPlacementInput!) { commissionPlacement(input: $i) { id } }',
    {
      i: {
        pupilId,
        commissionerKind: 'LA',
        placement: {
          providerId,
          reason: 'PERMANENT_EXCLUSION',
          tier: 'TIER_2_TIME_LIMITED',
          startDate,
          plannedEndDate,
          hoursPerWeek: 25,
          registration: 'DUAL_REGISTERED',
          objectives: 'Re-engage with learning',
          reintegrationPlan: 'Return to school with a key worker',
          readinessCriteria: 'Attendance above 90%',
          registrationConfirmed: true,
        },
        note: 'Arranged',
      },
    },
  );
  expect(r.errors).toBeUndefined();
  return r.data!.commissionPlacement.id as string;
}

/** Submits a form expecting it recorded: the page it lands on, with the error summary's words if it was refused instead. */
async function expectRecorded(page: Page, button: string, path: string): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  await page.getByRole('button', { name: button }).click();
  await navigated;
  await page.waitForLoadState('load');
  const refusal = await page.locator('.govuk-error-summary, main h1').first().textContent();
  expect(new URL(page.url()).pathname, refusal ?? '').toBe(path);
}

/** Submits a form expecting it refused: the error summary is shown, the page says Error: in its title, and passes axe. */
async function expectRefused(page: Page, button: string, shot: string): Promise<string> {
  // The page posts back to itself: wait for the new page, not the error summary of the last refusal.
  const navigated = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  await page.getByRole('button', { name: button }).click();
  await navigated;
  await page.waitForLoadState('load');
  const summary = page.locator('.govuk-error-summary');
  await expect(summary.count()).resolves.toBe(1);
  await expect(page.title()).resolves.toMatch(/^Error: /);
  await screenshot(page, shot);
  await expectAccessible(page);
  return (await summary.textContent()) ?? '';
}

describe('web: movement forms (transfer, exclusions, governors, corrections, checkpoints, panel outcomes)', () => {
  const w = useWebWorld();

  it(
    'school staff record a suspension (E1 refusal shown with its rule, then a double-submitted form records once), a permanent exclusion with its day-6 date, and the governors’ decision',
    async () => {
      const pupilId = await register(w, school.email, 301, 'Exclusionform', { onRollFrom: '2025-09-01' });
      const { context, page } = await signedInPage(w, school.email);
      await page.goto(w.url(`/pupils/${pupilId}`));
      await page.getByRole('button', { name: 'Record a suspension' }).click();
      await page.waitForURL((u) => u.pathname === '/exclusions/new');
      await screenshot(page, 'exclusion-suspension');
      await expectAccessible(page);
      const empty = await expectRefused(page, 'Record a suspension', 'exclusion-suspension-errors');
      expect(empty).toContain('Enter the first day.');
      await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#startDate-day');

      // Over the yearly cap: the API refuses with rule E1, shown with its explanation and source; nothing written.
      const start = weekdayBefore(addDays(w.today, -14));
      await fillDate(page, 'startDate', start);
      await page.getByLabel('Length in school days').fill('46');
      await page.getByLabel('Reason', { exact: true }).selectOption('PERSISTENT_DISRUPTIVE');
      await page.getByLabel('Note').fill('Repeated disruption after warnings');
      await expectRefused(page, 'Record a suspension', 'exclusion-suspension-rule-blocked');
      const rule = (await page.getByTestId('rule-explanation').textContent())!;
      expect(rule).toContain('Rule E1');
      expect(rule).toContain('Source:');
      expect(await w.prisma.exclusion.count({ where: { pupilId } })).toBe(0);

      // Six days: a day-6 date. The same form sent twice (a double click past the button's guard) records once.
      await page.getByLabel('Length in school days').fill('6');
      const form = page.locator('form[action="/exclusions/new"]');
      const fields = Object.fromEntries(
        await form
          .locator('input, select, textarea')
          .evaluateAll((els) => els.map((e: any) => [e.name as string, e.value as string])),
      );
      const post = () => page.request.post(w.url('/exclusions/new'), { form: fields, maxRedirects: 0 });
      const answers = await Promise.all([post(), post()]);
      for (const a of answers) expect(a.status()).toBe(303);
      expect(await w.prisma.exclusion.count({ where: { pupilId } })).toBe(1);
      await page.goto(w.url(answers[0]!.headers().location!));
      const suspension = await w.prisma.exclusion.findFirstOrThrow({ where: { pupilId } });
      expect(suspension.daySixDate).not.toBeNull();
      await expect(page.getByTestId('day-six').textContent()).resolves.toContain(
        longDate(suspension.daySixDate!.toISOString().slice(0, 10)),
      );
      await screenshot(page, 'pupil-record-suspension-recorded');
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Record a permanent exclusion' }).click();
      await page.waitForURL((u) => u.pathname === '/exclusions/new' && u.search.includes('PERMANENT'));
      await screenshot(page, 'exclusion-permanent');
      await expectAccessible(page);
      await fillDate(page, 'startDate', weekdayBefore(addDays(w.today, -3)));
      await page.getByLabel('Reason', { exact: true }).selectOption('OFFENSIVE_WEAPON');
      await page.getByLabel('Note').fill('Brought a knife to school');
      await page.getByRole('button', { name: 'Record a permanent exclusion' }).click();
      await page.waitForURL((u) => u.pathname === `/pupils/${pupilId}`);
      const pex = await w.prisma.exclusion.findFirstOrThrow({ where: { pupilId, kind: 'PERMANENT' } });
      const daySix = longDate(pex.daySixDate!.toISOString().slice(0, 10));
      await expect(page.getByTestId('day-six').textContent()).resolves.toContain(`Day 6 is ${daySix}`);

      await page.getByRole('link', { name: /^Record the governors’ decision on the permanent exclusion/ }).click();
      await page.waitForURL((u) => u.pathname === `/exclusions/${pex.id}/governors`);
      await expect(page.getByTestId('exclusion-summary').textContent()).resolves.toContain(daySix);
      await screenshot(page, 'exclusion-governors');
      await expectAccessible(page);
      const refused = await expectRefused(page, 'Record decision', 'exclusion-governors-errors');
      expect(refused).toContain('Select the governing board’s decision.');
      await page.getByLabel('Upheld by governors').check();
      await fillDate(page, 'decisionDate', weekdayBefore(w.today));
      await page.getByLabel('Note').fill('The board met and upheld the exclusion');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL((u) => u.pathname === `/pupils/${pupilId}`);
      await expect(page.locator('#exclusions ~ table').first().textContent()).resolves.toContain('Upheld by governors');

      expect(await w.prisma.exclusion.count({ where: { pupilId } })).toBe(2);
      expect(await w.prisma.exclusion.count({ where: { pupilId, governorOutcome: 'UPHELD' } })).toBe(1);
      expect(await w.prisma.pupilEvent.count({ where: { pupilId, type: 'GOVERNOR_DECISION_RECORDED' } })).toBe(1);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'LA officer reviews a placement, changes its hours, is refused a transfer to an unregistered provider by rule U4, transfers with the checks recorded, and corrects an event with a reason',
    async () => {
      const { pru } = await ids(w);
      const pupilId = await register(w, officer.email, 302, 'Transferform');
      const placementId = await commission(w, pupilId, pru, weekdayBefore(addDays(w.today, -60)), addDays(w.today, 60));
      const { context, page } = await signedInPage(w, officer.email);
      await page.goto(w.url(`/pupils/${pupilId}`));

      await page.getByRole('link', { name: /^Record a review/ }).click();
      await page.waitForURL((u) => u.pathname === `/placements/${placementId}/review`);
      await screenshot(page, 'placement-review');
      await expectAccessible(page);
      await expectRefused(page, 'Record review', 'placement-review-errors');
      await fillDate(page, 'reviewDate', weekdayBefore(addDays(w.today, -2)));
      await page.getByLabel('Continue').check();
      await page.getByLabel('Notes').fill('Attendance up; keep going');
      await page.getByRole('button', { name: 'Record review' }).click();
      await page.waitForURL((u) => u.pathname === `/pupils/${pupilId}`);

      await page.getByRole('link', { name: /^Change hours/ }).click();
      await page.waitForURL((u) => u.pathname === `/placements/${placementId}/hours`);
      await screenshot(page, 'placement-hours');
      await expectAccessible(page);
      await expectRefused(page, 'Change hours', 'placement-hours-errors');
      await fillDate(page, 'effectiveOn', weekdayBefore(addDays(w.today, -1)));
      await page.getByLabel('New hours per week').fill('20');
      await page.getByLabel('Why are the hours changing?').fill('Phased timetable agreed with the family');
      await page.getByRole('button', { name: 'Change hours' }).click();
      await page.waitForURL((u) => u.pathname === `/pupils/${pupilId}`);

      await page.getByRole('link', { name: /^Transfer to another provider/ }).click();
      await page.waitForURL((u) => u.pathname === `/placements/${placementId}/transfer`);
      await screenshot(page, 'placement-transfer');
      await expectAccessible(page);
      await expect(page.getByLabel('Objectives').inputValue()).resolves.toBe('Re-engage with learning'); // the plan is copied
      const empty = await expectRefused(page, 'Transfer', 'placement-transfer-errors');
      expect(empty).toContain('Select the provider the pupil moves to.');
      const last = weekdayBefore(addDays(w.today, -1));
      await fillDate(page, 'endDate', last);
      await page
        .getByLabel('Provider the pupil moves to')
        .selectOption({ label: `${DEMO_UNREGISTERED_PROVIDER_NAME} (unregistered)` });
      await page.getByLabel('On the home school’s roll only').check(); // an unregistered provider keeps no roll
      await page.getByLabel('I have checked the next provider’s registration status').check();
      await page.getByLabel('Why is the pupil moving?').fill('Vocational course suits the plan better');
      await expectRefused(page, 'Transfer', 'placement-transfer-rule-blocked');
      const rule = (await page.getByTestId('rule-explanation').textContent())!;
      expect(rule).toContain('Rule U4');
      expect(rule).toContain('Source:');
      await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe(
        '#safeguardingConfirmedOn-day',
      );
      await expect(page.locator('#safeguardingConfirmedOn-error').textContent()).resolves.toContain('rule U4');
      expect(await w.prisma.placement.count({ where: { pupilId } })).toBe(1);
      expect(await w.prisma.placement.count({ where: { pupilId, status: 'OPEN' } })).toBe(1);

      await fillDate(page, 'safeguardingConfirmedOn', last);
      await page.getByLabel('Named safeguarding lead at the next provider').fill('R. Patel');
      await page.getByRole('button', { name: 'Transfer' }).click();
      await page.waitForURL((u) => u.pathname === `/pupils/${pupilId}`);
      await expect(page.getByTestId('current-placement').textContent()).resolves.toContain(
        DEMO_UNREGISTERED_PROVIDER_NAME,
      );
      expect(await w.prisma.placement.count({ where: { pupilId } })).toBe(2);
      expect(await w.prisma.placement.count({ where: { pupilId, status: 'ENDED', destination: 'ANOTHER_AP' } })).toBe(
        1,
      );
      expect(await w.prisma.placement.count({ where: { pupilId, status: 'OPEN' } })).toBe(1);

      // Correct the first placement's start: from the timeline, with a reason; the original stays.
      const started = await w.prisma.pupilEvent.findFirstOrThrow({
        where: { pupilId, type: 'PLACEMENT_STARTED', placementId },
      });
      await page
        .locator(`#event-${started.id}`)
        .getByRole('link', { name: /^Correct this/ })
        .click();
      await page.waitForURL((u) => u.pathname === `/pupils/${pupilId}/events/${started.id}/correct`);
      await screenshot(page, 'event-correct');
      await expectAccessible(page);
      const none = await expectRefused(page, 'Record correction', 'event-correct-errors');
      expect(none).toContain('Enter what the record should have said.');
      await page.getByLabel('Hours per week').fill('22.5');
      await page.getByLabel('Why is it being corrected?').fill('The PRU confirmed 22.5 hours from the start');
      await page.getByRole('button', { name: 'Record correction' }).click();
      await page.waitForURL((u) => u.pathname === `/pupils/${pupilId}`);
      const correction = await w.prisma.pupilEvent.findFirstOrThrow({ where: { pupilId, type: 'CORRECTION' } });
      expect(correction.correctsEventId).toBe(started.id);
      await expect(page.locator(`#event-${correction.id}`).textContent()).resolves.toContain(
        'Correction to “AP placement started”',
      );
      await screenshot(page, 'pupil-record-transferred-corrected');
      await expectAccessible(page);

      expect(await w.prisma.placementReview.count({ where: { placementId } })).toBe(1);
      expect(await w.prisma.pupilEvent.count({ where: { pupilId, type: 'CORRECTION' } })).toBe(1);
      expect(await w.prisma.pupilEvent.count({ where: { id: started.id } })).toBe(1); // the original is still there
      expect(Number((await w.prisma.placement.findUniqueOrThrow({ where: { id: placementId } })).hoursPerWeek)).toBe(
        22.5,
      );
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'provider staff report a checkpoint as not known (the return stays pending), then what happened once known',
    async () => {
      const { pru, secondary } = await ids(w);
      const pupilId = await register(w, officer.email, 303, 'Notknown');
      const end = weekdayBefore(addDays(w.today, -120));
      const placementId = await commission(w, pupilId, pru, weekdayBefore(addDays(w.today, -250)), end);
      const ended = await w.gql(
        officer.email,
        'mutation ($i: EndPlacementInput!) { endPlacement(input: $i) { reintegration { id } } }',
        {
          i: {
            placementId,
            endDate: end,
            destination: 'MAINSTREAM_SCHOOL',
            destinationSchoolId: secondary,
            reason: 'Ready to return',
          },
        },
      );
      expect(ended.errors).toBeUndefined();
      const reintegrationId = ended.data!.endPlacement.reintegration.id as string;

      const { context, page } = await signedInPage(w, provider.email);
      await page.getByRole('link', { name: 'Report the 6 weeks checkpoint for Lee Notknown' }).click();
      await page.waitForURL((u) => u.pathname === `/reintegrations/${reintegrationId}/checkpoint`);
      await page.getByLabel('Not known').check();
      await page.getByLabel('Notes').fill('The school has not answered our calls or emails');
      await screenshot(page, 'checkpoint-report-not-known');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Report checkpoint' }).click();
      await page.waitForURL((u) => u.pathname === '/home');
      const due = page.getByTestId('checkpoints-due').locator('tr', { hasText: 'Notknown' });
      await expect(due.textContent()).resolves.toContain('(reported not known)');
      await screenshot(page, 'home-provider-not-known');
      await expectAccessible(page);
      expect(await w.prisma.reintegrationCheckpoint.count({ where: { reintegrationId, outcome: 'NOT_KNOWN' } })).toBe(
        1,
      );
      expect((await w.prisma.reintegration.findUniqueOrThrow({ where: { id: reintegrationId } })).status).toBe(
        'PENDING',
      );

      await page.getByRole('link', { name: 'Report the 6 weeks checkpoint for Lee Notknown' }).click();
      await page.getByLabel('Sustained').check();
      await page.getByLabel('Notes').fill('The school confirmed full attendance to the six-week point');
      await page.getByRole('button', { name: 'Report checkpoint' }).click();
      await page.waitForURL((u) => u.pathname === '/home');
      expect(
        await w.prisma.reintegrationCheckpoint.count({
          where: { reintegrationId, label: 'SIX_WEEKS', outcome: 'SUSTAINED' },
        }),
      ).toBe(1);
      expect(await w.prisma.reintegrationCheckpoint.count({ where: { reintegrationId, outcome: 'NOT_KNOWN' } })).toBe(
        0,
      );
      expect(await w.prisma.pupilEvent.count({ where: { pupilId, type: 'REINTEGRATION_CHECKPOINT_REPORTED' } })).toBe(
        2,
      );
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    'the panel member records the other three outcomes in the decision form: an AP placement (opened with the decision), a deferral and not eligible',
    async () => {
      const { pru } = await ids(w);
      const referred = async (serial: number, lastName: string) => {
        const pupilId = await register(w, officer.email, serial, lastName);
        const r = await w.gql(
          officer.email,
          'mutation ($i: FairAccessReferralInput!) { referForFairAccess(input: $i) { id } }',
          {
            i: referralInput(pupilId, {
              referredOn: weekdayBefore(addDays(w.today, -7)),
              agreedToConsiderOn: weekdayBefore(addDays(w.today, -7)),
            }),
          },
        );
        expect(r.errors).toBeUndefined();
        return { pupilId, referralId: r.data!.referForFairAccess.id as string };
      };
      const ap = await referred(304, 'Panelap');
      const deferred = await referred(305, 'Paneldefer');
      const ineligible = await referred(306, 'Panelineligible');
      const meeting = async (date: string) => {
        const r = await w.gql(
          panel.email,
          'mutation ($i: PanelMeetingInput!) { schedulePanelMeeting(input: $i) { id } }',
          { i: { meetingDate: date, attendingOrganisations: ['LA admissions'] } },
        );
        expect(r.errors).toBeUndefined();
        return r.data!.schedulePanelMeeting.id as string;
      };
      const today = await meeting(w.today);
      const later = await meeting(addDays(w.today, 14));

      const { context, page } = await signedInPage(w, panel.email);
      const decide = async (r: { referralId: string }) => {
        await page.goto(w.url(`/fair-access/meetings/${today}/referrals/${r.referralId}/decide`));
      };

      await decide(ap);
      await page.getByLabel('AP placement', { exact: true }).check();
      await page.getByLabel('Rationale').fill('Needs a short AP placement before a mainstream place');
      const missing = await expectRefused(page, 'Record decision', 'fair-access-decide-ap-errors');
      expect(missing).toContain('Select the AP provider.');
      await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe(
        '#placementProviderId',
      );
      expect(await w.prisma.fairAccessDecision.count({ where: { referralId: ap.referralId } })).toBe(0);
      const apPart = page.getByTestId('ap-placement');
      await apPart.getByLabel('AP provider').selectOption({ label: DEMO_PRU_NAME });
      await apPart.getByLabel('Tier 2: time-limited').check();
      const start = weekdayAfter(addDays(w.today, 2));
      await fillDate(page, 'placementStartDate', start);
      await fillDate(page, 'placementPlannedEndDate', addDays(start, 70));
      await apPart.getByLabel('Hours per week').fill('25');
      await apPart.getByLabel('Dual registered (school and AP)').check();
      await apPart.getByLabel('Objectives').fill('Settle and assess for a mainstream place');
      await apPart.getByLabel('Reintegration plan').fill('A mainstream place at the next meeting');
      await apPart.getByLabel('I have checked the provider’s registration status').check();
      await screenshot(page, 'fair-access-decide-ap');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL((u) => u.pathname === `/fair-access/meetings/${today}`);

      await decide(deferred);
      await page.getByLabel('Defer to a later meeting').check();
      await page.getByLabel('If deferring: to which meeting').selectOption(later);
      await page.getByLabel('Rationale').fill('Waiting for the social worker’s report');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL((u) => u.pathname === `/fair-access/meetings/${today}`);

      await decide(ineligible);
      await page.getByLabel('Not eligible').check();
      await page.getByLabel('Rationale').fill('A place was offered through normal in-year admissions');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL((u) => u.pathname === `/fair-access/meetings/${today}`);
      await screenshot(page, 'fair-access-agenda-decided');
      await expectAccessible(page);

      const decision = await w.prisma.fairAccessDecision.findFirstOrThrow({ where: { referralId: ap.referralId } });
      expect(decision.outcome).toBe('AP_PLACEMENT');
      expect(decision.placementId).not.toBeNull();
      expect(await w.prisma.placement.count({ where: { pupilId: ap.pupilId, providerId: pru } })).toBe(1);
      expect(
        await w.prisma.fairAccessDecision.count({
          where: { referralId: deferred.referralId, outcome: 'DEFER', deferredToMeetingId: later },
        }),
      ).toBe(1);
      expect(
        await w.prisma.fairAccessDecision.count({
          where: { referralId: ineligible.referralId, outcome: 'NOT_ELIGIBLE' },
        }),
      ).toBe(1);
      expect(
        (await w.prisma.fairAccessReferral.findUniqueOrThrow({ where: { id: ineligible.referralId } })).status,
      ).toBe('NOT_ELIGIBLE');
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );
  it(
    'the error states of the direction request, the direction outcome and the admission forms: each shows the error summary, passes axe and writes nothing',
    async () => {
      const { secondary } = await ids(w);
      const pupilId = await register(w, officer.email, 307, 'Directionforms');
      const referral = await w.gql(
        officer.email,
        'mutation ($i: FairAccessReferralInput!) { referForFairAccess(input: $i) { id } }',
        {
          i: referralInput(pupilId, {
            referredOn: weekdayBefore(addDays(w.today, -7)),
            agreedToConsiderOn: weekdayBefore(addDays(w.today, -7)),
          }),
        },
      );
      expect(referral.errors).toBeUndefined();
      const referralId = referral.data!.referForFairAccess.id as string;
      const meeting = await w.gql(
        panel.email,
        'mutation ($i: PanelMeetingInput!) { schedulePanelMeeting(input: $i) { id } }',
        { i: { meetingDate: w.today, attendingOrganisations: ['LA admissions'] } },
      );
      const decided = await w.gql(
        panel.email,
        'mutation ($i: PanelDecisionInput!) { recordPanelDecision(input: $i) { id } }',
        {
          i: {
            referralId,
            meetingId: meeting.data!.schedulePanelMeeting.id,
            outcome: 'ALLOCATE_SCHOOL',
            allocatedSchoolId: secondary,
            admissionDeadline: addDays(w.today, 14),
            rationale: 'Nearest school with a Year 9 place',
            decidedBy: 'Fair access panel',
            overrideReason: 'Nearest to the family’s new address',
          },
        },
      );
      expect(decided.errors).toBeUndefined();
      const decisionId = decided.data!.recordPanelDecision.id as string;
      const refused = await w.gql(
        school.email,
        'mutation ($i: SchoolResponseInput!) { recordSchoolResponse(input: $i) { id } }',
        {
          i: {
            decisionId,
            outcome: 'REFUSED',
            respondedOn: w.today,
            refusalGrounds: ['PREVIOUS_ATTENDANCE'],
            reason: 'Attendance at the previous school',
          },
        },
      );
      expect(refused.errors).toBeUndefined();

      const la = await signedInPage(w, officer.email);
      await la.page.goto(w.url(`/fair-access/referrals/${referralId}`));
      await la.page.locator('#requestedOn-day').fill('');
      await expectRefused(la.page, 'Request direction', 'fair-access-direction-errors');
      expect(await w.prisma.fairAccessDirection.count({ where: { decisionId } })).toBe(0);
      await fillDate(la.page, 'requestedOn', w.today);
      await la.page.getByLabel('Note', { exact: true }).fill('Refusal on attendance is not a valid ground.');
      await la.page.getByRole('button', { name: 'Request direction' }).click();
      await la.page.waitForURL((u) => u.search.includes('recorded=direction'));
      const outcomeError = await expectRefused(la.page, 'Record outcome', 'fair-access-direction-outcome-errors');
      expect(outcomeError).toContain('Select the outcome of the direction.');
      expect(await w.prisma.fairAccessDirection.count({ where: { decisionId, outcome: null } })).toBe(1);
      await la.page.getByLabel('Directed to admit').check();
      await la.page.getByLabel('Note', { exact: true }).fill('Directed to admit.');
      await la.page.getByRole('button', { name: 'Record outcome' }).click();
      await la.page.waitForURL((u) => u.search.includes('recorded=direction-outcome'));
      await la.context.close();

      const sc = await signedInPage(w, school.email);
      await sc.page.goto(w.url(`/allocations/${decisionId}/admit`));
      await sc.page.locator('#admittedOn-month').fill('13');
      const admitError = await expectRefused(sc.page, 'Record admission', 'allocation-admit-errors');
      expect(admitError).toContain('must be a real date');
      expect((await w.prisma.fairAccessReferral.findUniqueOrThrow({ where: { id: referralId } })).status).not.toBe(
        'ADMITTED',
      );
      await fillDate(sc.page, 'admittedOn', w.today);
      await sc.page.getByLabel('Note').fill('Started with a key worker.');
      await expectRecorded(sc.page, 'Record admission', '/home');
      expect((await w.prisma.fairAccessReferral.findUniqueOrThrow({ where: { id: referralId } })).status).toBe(
        'ADMITTED',
      );
      expect(await w.prisma.fairAccessDirection.count({ where: { decisionId, outcome: 'DIRECTED' } })).toBe(1);
      await sc.context.close();
    },
    JOURNEY_TIMEOUT,
  );
});
