import { describe, expect, it } from 'vitest';
import { demoUser, DEMO_PRU_NAME, DEMO_SECONDARY_NAME } from '../../src/demo/users';
import { expectAccessible, screenshot, signedInPage, useWebWorld, type WebWorld } from '../support/browser';
import { testUpn } from '../support/forms';
import { addDays, mondayOf } from '../../src/web/forms/weeks';

const officer = demoUser('LA_OFFICER');
const provider = demoUser('PROVIDER_STAFF');

const weekday = (iso: string) => {
  const dow = new Date(`${iso}T12:00:00Z`).getUTCDay();
  return dow === 0 ? addDays(iso, 1) : dow === 6 ? addDays(iso, 2) : iso;
};

/** Arranged by the LA over the API: a pupil placed at the PRU, and one who left it for school months ago. */
async function arrange(w: WebWorld) {
  const ids = await w.gql(officer.email, `{ providers { id name } schools(first: 500) { nodes { id name } } }`);
  const pru = ids.data!.providers.find((p: { name: string }) => p.name === DEMO_PRU_NAME).id;
  const school = ids.data!.schools.nodes.find((s: { name: string }) => s.name === DEMO_SECONDARY_NAME).id;
  const register = async (serial: number, lastName: string) => {
    const r = await w.gql(officer.email, 'mutation ($i: RegisterPupilInput!) { registerPupil(input: $i) { id } }', {
      i: {
        upn: testUpn(serial),
        firstName: 'Kai',
        lastName,
        dateOfBirth: '2011-05-01',
        sex: 'F',
        reason: 'Arranged for the provider journey',
      },
    });
    expect(r.errors).toBeUndefined();
    return r.data!.registerPupil.id as string;
  };
  const commission = async (pupilId: string, startDate: string, plannedEndDate: string) => {
    const r = await w.gql(
      officer.email,
      'mutation ($i: CommissionPlacementInput!) { commissionPlacement(input: $i) { id } }',
      {
        i: {
          pupilId,
          commissionerKind: 'LA',
          placement: {
            providerId: pru,
            reason: 'PERMANENT_EXCLUSION',
            tier: 'TIER_2_TIME_LIMITED',
            startDate,
            plannedEndDate,
            hoursPerWeek: 25,
            registration: 'DUAL_REGISTERED',
            objectives: 'Re-engage',
            reintegrationPlan: 'Return to school',
            readinessCriteria: 'Attendance',
            registrationConfirmed: true,
          },
          note: 'Arranged',
        },
      },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.commissionPlacement.id as string;
  };
  const arriving = await register(101, 'Arrivingweek');
  const arrivingStart = weekday(mondayOf(w.today)) > w.today ? w.today : weekday(mondayOf(w.today));
  await commission(arriving, arrivingStart, addDays(w.today, 90));
  const returned = await register(102, 'Returnedschool');
  const end = weekday(addDays(w.today, -120));
  const placement = await commission(returned, weekday(addDays(w.today, -250)), end);
  const ended = await w.gql(
    officer.email,
    'mutation ($i: EndPlacementInput!) { endPlacement(input: $i) { reintegration { id } } }',
    {
      i: {
        placementId: placement,
        endDate: end,
        destination: 'MAINSTREAM_SCHOOL',
        destinationSchoolId: school,
        reason: 'Ready to return',
      },
    },
  );
  expect(ended.errors).toBeUndefined();
  return { arriving, returned, reintegrationId: ended.data!.endPlacement.reintegration.id as string };
}

// Journeys click through many pages, each checked by axe: minutes on a loaded machine, not the default 60 s.
const JOURNEY_TIMEOUT = 300_000;

describe('web: AP provider home', () => {
  const w = useWebWorld();

  it(
    'provider staff see the pupil on the roll and arriving this week, and report the 6-week checkpoint as sustained',
    async () => {
      const a = await arrange(w);
      const { context, page } = await signedInPage(w, provider.email);
      expect(new URL(page.url()).pathname).toBe('/home');
      const me = await w.gql(provider.email, '{ me { provider { id } } }');
      const roll = await w.gql(provider.email, 'query ($p: UUID!) { providerRoll(providerId: $p) { id } }', {
        p: me.data!.me.provider.id,
      });
      await expect(page.getByTestId('roll-count').textContent()).resolves.toBe(String(roll.data!.providerRoll.length));
      await expect(page.getByTestId('roll').locator('tbody tr').count()).resolves.toBe(roll.data!.providerRoll.length);
      await expect(page.getByTestId('roll').textContent()).resolves.toContain('Arrivingweek, Kai');
      await expect(page.getByTestId('arriving').textContent()).resolves.toContain('Kai Arrivingweek');
      await screenshot(page, 'home-provider');
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Report the 6 weeks checkpoint for Kai Returnedschool' }).click();
      await page.waitForURL((u) => u.pathname === `/reintegrations/${a.reintegrationId}/checkpoint`);
      await page.getByRole('button', { name: 'Report checkpoint' }).click();
      await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#outcome');
      await screenshot(page, 'checkpoint-report-errors');
      await expectAccessible(page);
      await page.getByLabel('Sustained').check();
      await page.getByLabel('Notes').fill('Attending well; key worker in place');
      await screenshot(page, 'checkpoint-report');
      await page.getByRole('button', { name: 'Report checkpoint' }).click();
      await page.waitForURL((u) => u.pathname === '/home');
      await expect(page.getByTestId('checkpoints-due').textContent()).resolves.toContain('1 term'); // the next one now waits

      expect(
        await w.prisma.reintegrationCheckpoint.count({
          where: { reintegrationId: a.reintegrationId, outcome: 'SUSTAINED' },
        }),
      ).toBe(1);
      expect(
        await w.prisma.reintegrationCheckpoint.count({
          where: { reintegrationId: a.reintegrationId, label: 'SIX_WEEKS', outcome: 'SUSTAINED' },
        }),
      ).toBe(1);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );
});
