import { describe, expect, it } from 'vitest';
import { demoUser } from '../../src/demo/users';
import { historyPackProblems } from '../../src/transfer/packSchema';
import { expectAccessible, screenshot, signedInPage, useWebWorld } from '../support/browser';

const officer = demoUser('LA_OFFICER');
const officer372 = demoUser('LA_OFFICER', '372');

/**
 * The printable AP history pack (issue 16 item 5) reached from the pupil record, its JSON download, and the history
 * a pupil brings from another LA (item 6) shown on their record with its provenance.
 */
describe('web: the AP history pack', { timeout: 300_000 }, () => {
  const w = useWebWorld();

  async function pupilInAp(): Promise<{ id: string; upn: string; firstName: string; lastName: string }> {
    const r = await w.gql<{ pupils: { nodes: { id: string; upn: string; firstName: string; lastName: string }[] } }>(
      officer.email,
      `{ pupils(filter: { inAp: true }, first: 1) { nodes { id upn firstName lastName } } }`,
    );
    return r.data!.pupils.nodes[0]!;
  }

  it('prints a pupil’s AP history from their record, offers it as JSON, and audits each read', async () => {
    const p = await pupilInAp();
    const api = await w.gql(officer.email, `query($id: UUID!) { pupilHistoryPack(pupilId: $id) { pack } }`, {
      id: p.id,
    });
    const pack = api.data!.pupilHistoryPack.pack;
    const audits = () =>
      w.prisma.auditEvent.count({ where: { operation: 'pupil.historyPack', subjectIds: { has: p.id } } });
    const before = await audits();

    const { context, page } = await signedInPage(w, officer.email);
    await page.goto(w.url(`/pupils/${p.id}`));
    await page.getByTestId('history-pack-link').click();
    await expect(page.locator('h1').textContent()).resolves.toBe(`AP history of ${p.firstName} ${p.lastName}`);
    await expect(page.getByTestId('pack-pupil').textContent()).resolves.toContain(p.upn);
    // One block per placement the pack holds, each headed by its provider.
    const headings = await page.getByTestId('pack-placements').locator('h3').allTextContents();
    expect(headings).toHaveLength(pack.placements.length);
    expect(headings[0]).toContain(pack.placements[0].provider.name);
    await expect(page.getByTestId('pack-exclusions').textContent()).resolves.toContain(
      pack.exclusions.length ? pack.exclusions[0].startDate : 'None.',
    );
    await screenshot(page, 'history-pack-printable');
    await expectAccessible(page);
    expect(await audits()).toBe(before + 1);

    // The print stylesheet leaves only the record.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.govuk-template__header').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('download-json').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('pack-pupil').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // "Download JSON": the same pack, meeting its schema, as an attachment.
    const href = await page.getByTestId('download-json').getAttribute('href');
    const res = await page.request.get(w.url(href!));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toBe(`attachment; filename="ap-history-pack-${p.upn}.json"`);
    const downloaded = await res.json();
    expect(historyPackProblems(downloaded)).toEqual([]);
    expect({ ...downloaded, generatedAt: null }).toEqual({ ...pack, generatedAt: null });
    expect(await audits()).toBe(before + 2);
    await context.close();
  });

  it('shows the history a pupil brought from another LA, with who signed it, on their record and in their pack', async () => {
    const p = await pupilInAp();
    const ok = async (email: string, query: string, variables: Record<string, unknown> = {}) => {
      const r = await w.gql(email, query, variables);
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data as any;
    };
    const { kid } = (await ok(officer.email, `mutation { createTransferSigningKey { kid } }`)).createTransferSigningKey;
    const jwks = await (await fetch(w.url('/transfer/jwks/373'))).json();
    await ok(officer372.email, `mutation($i: TrustLaKeysInput!) { trustLaKeys(input: $i) { added } }`, {
      i: { laCode: '373', jwks },
    });
    const { jws } = (
      await ok(officer.email, `mutation($i: ExportTransferPackInput!) { exportTransferPack(input: $i) { jws } }`, {
        i: { pupilId: p.id, toLaCode: '372', leftOn: w.today, reason: 'Moved to Rotherham' },
      })
    ).exportTransferPack;
    await ok(
      officer372.email,
      `mutation($i: ImportTransferPackInput!) { importTransferPack(input: $i) { pupil { id } } }`,
      {
        i: { jws, reason: 'Moved in from Sheffield' },
      },
    );

    const { context, page } = await signedInPage(w, officer372.email);
    await page.goto(w.url(`/pupils/${p.id}`));
    const received = page.getByTestId('received-history');
    await expect(received.textContent()).resolves.toContain('LA 373');
    await expect(received.textContent()).resolves.toContain(kid);
    await screenshot(page, 'pupil-record-received-history');
    await expectAccessible(page);
    await page.getByTestId('history-pack-link').click();
    await expect(page.getByTestId('pack-earlier').textContent()).resolves.toContain('(LA 373)');
    await expect(page.getByTestId('pack-earlier').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
    await context.close();
  });
});
