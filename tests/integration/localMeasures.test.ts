import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/apiWorld';
import { addPupil, IDS } from '../support/fixtures';
import { COMMISSION, END, placementInput } from '../support/movements';

/**
 * Local measures labelled (issue 14 item 8, domain.md §10.1): the reintegration report and the provider
 * scorecard say they are local measures in their metadata and CSV; their windows are the LA's thresholds.
 */
describe('local measures: labelled, with windows the LA sets', () => {
  const ctx = useApiWorld();
  const LABEL = 'local measure — the DfE AP performance framework is not yet published';
  const META = (q: string) => `{ r: ${q}(period: { academicYear: "2025-26" }) { meta { report localMeasure } } }`;
  const CSV = `query($r: ReportName!) { reportCsv(report: $r, period: { academicYear: "2025-26" }) { csv } }`;

  it('labels the reintegration report and the scorecard, and no other report', async () => {
    const { api, world } = ctx;
    for (const [q, label] of [
      ['reintegrationReport', LABEL],
      ['providerScorecard', LABEL],
      ['movementSummary', null],
      ['stayLengthReport', null],
    ] as const) {
      const r = await api.gql(world.tokens.laOfficer, META(q));
      expect(r.errors).toBeUndefined();
      expect(r.data!.r.meta.localMeasure).toBe(label);
    }
    for (const report of ['REINTEGRATION', 'PROVIDER_SCORECARD']) {
      const csv = (await api.gql(world.tokens.laOfficer, CSV, { r: report })).data!.reportCsv.csv as string;
      expect(csv.split('\n').slice(0, 3).join('\n')).toContain(`meta,measures,,status,${LABEL},`);
    }
    const plain = (await api.gql(world.tokens.laOfficer, CSV, { r: 'MOVEMENT_SUMMARY' })).data!.reportCsv.csv as string;
    expect(plain).not.toContain('local measure');
  });

  it("sets a reintegration's follow-ups from the LA's windows", async () => {
    const { api, world } = ctx;
    const SET = `mutation($k: String!, $v: Float!) { setThresholdOverride(key: $k, value: $v, reason: "Local follow-up") { key value } }`;
    const reintegrate = async () => {
      const pupil = await addPupil(world.prisma);
      const p = (
        await api.gql(world.tokens.laOfficer, COMMISSION, {
          input: placementInput(pupil.id, { startDate: '2025-10-20', plannedEndDate: '2025-12-19' }),
        })
      ).data!.commissionPlacement;
      const e = await api.gql(world.tokens.laOfficer, END, {
        input: {
          placementId: p.id,
          endDate: '2025-12-19',
          destination: 'MAINSTREAM_SCHOOL',
          destinationSchoolId: IDS.secondaryA,
          reason: 'Ready',
        },
      });
      expect(e.errors).toBeUndefined();
      return e.data!.endPlacement.reintegration.checkpoints.find((c: { label: string }) => c.label === 'SIX_WEEKS')
        .dueDate;
    };
    // Return Mon 5 Jan 2026 is day 1: day 30 is Fri 13 Feb (national), day 25 is Fri 6 Feb.
    expect(await reintegrate()).toBe('2026-02-13');
    expect(
      (await api.gql(world.tokens.laOfficer, SET, { k: 'reintegrationCheckpointSixWeeksSchoolDays', v: 25 })).errors,
    ).toBeUndefined();
    expect(await reintegrate()).toBe('2026-02-06');
    expect(
      (await api.gql(world.tokens.laOfficer, SET, { k: 'reintegrationCheckpointSixWeeksSchoolDays', v: 30 })).errors,
    ).toBeUndefined();
  });
});
