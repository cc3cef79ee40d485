import { describe, expect, it } from 'vitest';
import { demoUser } from '../../src/demo/users';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const school = demoUser('SCHOOL_STAFF');

/**
 * Data protection pages: the retention review list an LA officer approves, the printable subject access
 * page reached from the pupil record, and a restricted record's page hidden from everyone not named.
 */
describe('web: data protection', { timeout: 300_000 }, () => {
  const w = useWebWorld();

  async function laPupils(n: number): Promise<{ id: string; firstName: string; lastName: string }[]> {
    const r = await w.gql<{ pupils: { nodes: { id: string; firstName: string; lastName: string }[] } }>(
      officer.email,
      `query($n: Int) { pupils(first: $n) { nodes { id firstName lastName } } }`,
      { n },
    );
    return r.data!.pupils.nodes;
  }

  it('lets an LA officer approve anonymising records past retention, with an error summary when nothing is chosen', async () => {
    const user = await w.prisma.appUser.findUniqueOrThrow({ where: { email: officer.email } });
    // The nightly job's output for two pupils (the job itself is tested in tests/integration/retention.test.ts).
    const [a, b] = await laPupils(2);
    const reviews: string[] = [];
    for (const p of [a!, b!])
      reviews.push(
        (
          await w.prisma.retentionReview.create({
            data: {
              laId: user.laId,
              pupilId: p.id,
              dueOn: new Date('2026-01-01T00:00:00Z'),
              ruleId: 'RET1',
              foundOn: new Date(`${w.today}T00:00:00Z`),
            },
          })
        ).id,
      );
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url('/data-protection/retention'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Records past retention');
    await expect(page.getByRole('checkbox').count()).resolves.toBe(2);
    await expect(page.locator('table').first().textContent()).resolves.toContain('25 years');
    await screenshot(page, 'retention-review-list');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Approve anonymisation' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select the pupils whose records may be anonymised',
    );
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectAccessible(page);
    expect(await w.prisma.retentionReview.count({ where: { status: 'APPROVED' } })).toBe(0);

    // By its value: two demo pupils may share a name (each checkbox's hint gives the UPN and date of birth).
    await page.locator(`input[name="reviewIds"][value="${reviews[0]}"]`).check();
    await page.getByLabel('Why may they be anonymised?').fill('Reviewed against the retention schedule');
    await page.getByRole('button', { name: 'Approve anonymisation' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      '1 record approved for anonymisation',
    );
    await expect(page.getByRole('checkbox').count()).resolves.toBe(1);
    await screenshot(page, 'retention-approved');
    await expectAccessible(page);
    const approved = await w.prisma.retentionReview.findUniqueOrThrow({ where: { pupilId: a!.id } });
    expect(approved.status).toBe('APPROVED');
    expect(approved.approvedBy).toBe(user.id);
    expect(approved.approvalReason).toBe('Reviewed against the retention schedule');
    const audit = await w.prisma.auditEvent.findFirst({
      where: { operation: 'pupil.approveAnonymisation', subjectIds: { has: a!.id } },
    });
    expect(audit?.actorId).toBe(user.id);
    await context.close();
  });

  it('prints the subject access export from the pupil record, and audits it', async () => {
    const [p] = await laPupils(1);
    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url(`/pupils/${p!.id}`));
    await page.getByTestId('subject-access-link').click();
    await expect(page.locator('h1').textContent()).resolves.toContain(`${p!.firstName} ${p!.lastName}`);
    const sections = await page.getByTestId('sar-section').locator('h2').allTextContents();
    expect(sections).toEqual(
      expect.arrayContaining(['Placements in alternative provision', 'Who read or changed the record']),
    );
    await expect(page.getByTestId('sar-section').last().textContent()).resolves.toContain('pupil.subjectAccessExport');
    await screenshot(page, 'subject-access-printable');
    await expectAccessible(page);
    // The print stylesheet leaves only the record: no header, navigation or footer.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.govuk-template__header').isVisible()).resolves.toBe(false);
    await expect(page.locator('.govuk-footer').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('sar-pupil').isVisible()).resolves.toBe(true);
    const audited = await w.prisma.auditEvent.count({
      where: { operation: 'pupil.subjectAccessExport', subjectIds: { has: p!.id } },
    });
    expect(audited).toBeGreaterThan(0);
    await context.close();
  });

  it('offers school staff no subject access or retention page, and hides a restricted record from them', async () => {
    const own = await w.gql<{ pupils: { nodes: { id: string }[] } }>(
      school.email,
      `{ pupils(first: 1) { nodes { id } } }`,
    );
    const id = own.data!.pupils.nodes[0]!.id;
    const { context, page } = await signedInPage(w, school.email);
    expect((await page.goto(w.url(`/pupils/${id}`)))?.status()).toBe(200);
    await expect(page.getByTestId('subject-access-link').count()).resolves.toBe(0);
    expect((await page.goto(w.url('/data-protection/retention')))?.status()).toBe(403);
    expect((await page.goto(w.url(`/data-protection/subject-access/${id}`)))?.status()).toBe(403);

    const restricted = await w.gql(
      officer.email,
      `mutation($i: RestrictPupilRecordInput!) { restrictPupilRecord(input: $i) { id restricted } }`,
      { i: { pupilId: id, reason: 'Accuracy disputed by the parent' } },
    );
    expect(restricted.errors).toBeUndefined();
    expect((await page.goto(w.url(`/pupils/${id}`)))?.status()).toBe(404);
    await expectAccessible(page);
    const { context: oc, page: op } = await signedInPage(w, officer.email);
    expect((await op.goto(w.url(`/pupils/${id}`)))?.status()).toBe(200);
    await oc.close();
    await context.close();
  });
});
