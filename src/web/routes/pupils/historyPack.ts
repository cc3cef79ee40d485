import type { Request, Response, Router } from 'express';
import type { WebContext } from '../../webContext';
import { loadOperations } from '../../graphqlClient';
import { label } from '../../labels';
import type { HistoryPack, PackPlacement, SchoolRef } from '../../../queries/historyPack';
import { recordId } from './index';

const ops = loadOperations(import.meta.url, 'historyPack.graphql', ['HistoryPack']);

interface PackAnswer {
  pupilHistoryPack: { pupilId: string; generatedAt: string; format: string; schemaUrl: string; pack: HistoryPack };
}

type Cell = { text: string };
const t = (v: unknown): Cell => ({ text: v === null || v === undefined || v === '' ? '–' : String(v) });
const school = (s: SchoolRef | null) => (s ? `${s.name} (URN ${s.urn})` : null);
const row = (key: string, value: unknown) => ({ key: { text: key }, value: t(value) });

function placementView(p: PackPlacement) {
  const provider = [
    p.provider.name,
    p.provider.urn && `URN ${p.provider.urn}`,
    p.provider.ukprn && `UKPRN ${p.provider.ukprn}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    title: `${p.provider.name}, from ${p.startDate}${p.endDate ? ` to ${p.endDate}` : ' (open)'}`,
    rows: [
      row('Provider', provider),
      row('Commissioned by', p.commissionerKind === 'LA' ? `LA ${p.laCode}` : school(p.commissioningSchool)),
      row('Reason', label(p.reason, 'reason') + (p.reasonOther ? `: ${p.reasonOther}` : '')),
      row('Legal basis', label(p.legalBasis, 'legalBasis')),
      row('Tier', label(p.tier, 'tier')),
      row('Registration', label(p.registration, 'registration')),
      row('Start date', p.startDate),
      row('Planned end date', p.plannedEndDate),
      row('End date', p.endDate),
      row('Hours a week', p.hoursPerWeek),
      row('Objectives', p.objectives),
      row('Reintegration plan', p.reintegrationPlan),
      row('Last review', p.lastReviewDate),
      row('Next review due', p.status === 'OPEN' ? p.nextReviewDue : null),
      row(
        'Destination',
        p.destination
          ? [label(p.destination, 'destination'), school(p.destinationSchool), p.destinationDetail]
              .filter(Boolean)
              .join(': ')
          : null,
      ),
      ...(p.imported ? [row('Imported history', 'Yes (bulk import)')] : []),
    ],
    reviews: p.reviews.map((r) => [
      t(r.reviewDate),
      t(label(r.outcome, 'reviewOutcome')),
      t(r.newPlannedEndDate),
      t(r.notes),
    ]),
    hoursChanges: p.hoursChanges.map((h) => [t(h.effectiveOn), t(h.from), t(h.to), t(h.reason)]),
    reintegration: p.reintegration && {
      summary: `Returned to ${school(p.reintegration.school)} on ${p.reintegration.startDate}: ${label(p.reintegration.status, 'reintegration')}`,
      checkpoints: p.reintegration.checkpoints.map((c) => [
        t(label(c.label, 'checkpointLabel')),
        t(c.dueDate),
        t(c.outcome ? label(c.outcome, 'checkpoint') : 'Not yet reported'),
        t(c.reportedOn),
        t(c.reason),
      ]),
    },
  };
}

/** The pack, shaped for the printable page: one summary list per record, tables for what repeats. */
export function historyPackView(a: PackAnswer['pupilHistoryPack']) {
  const p = a.pack;
  return {
    pageTitle: `AP history pack: ${p.pupil.firstName} ${p.pupil.lastName}`,
    pupilId: a.pupilId,
    name: `${p.pupil.firstName} ${p.pupil.lastName}`,
    generatedAt: a.generatedAt,
    format: a.format,
    schemaUrl: a.schemaUrl,
    producedBy: p.producedBy,
    pupilRows: [
      row('Unique pupil number', `${p.pupil.upn}${p.pupil.upnIsTemporary ? ' (temporary)' : ''}`),
      row('Date of birth', p.pupil.dateOfBirth),
      row('Sex', label(p.pupil.sex, 'sex')),
      row('Special educational needs', label(p.pupil.senStatus, 'sen')),
      row('Looked after', p.pupil.lookedAfter ? 'Yes' : 'No'),
      row('Social care', label(p.pupil.socialCareStatus, 'socialCare')),
      row('Free school meals', p.pupil.fsmEligible ? 'Eligible' : 'Not eligible'),
      row('Home LA', p.pupil.homeLaCode),
    ],
    placements: p.placements.map(placementView),
    exclusions: p.exclusions.map((e) => [
      t(label(e.kind, 'exclusion')),
      t(school(e.school)),
      t(e.startDate),
      t(e.schoolDays),
      t(label(e.reasonCategory, 'exclusionReason')),
      t(label(e.governorOutcome, 'governor')),
    ]),
    referrals: p.fairAccessReferrals.map((r) => ({
      title: `Referred ${r.referredOn} (LA ${r.laCode})`,
      rows: [
        row('Categories', r.categories.map((c) => label(c, 'fapCategory')).join('; ')),
        row('Status', label(r.status, 'fapStatus')),
        row('Year group sought', r.yearGroupSought),
        row('Agreed to consider', r.agreedToConsiderOn),
        row('Admitted', r.admittedOn ? `${r.admittedOn}, ${school(r.admittedSchool)}` : null),
      ],
      decisions: r.decisions.map((d) => [
        t(d.recordedAt.slice(0, 10)),
        t(label(d.outcome, 'fapOutcome')),
        t(school(d.allocatedSchool)),
        t(d.admissionDeadline),
        t(d.response ? `${d.response.outcome} on ${d.response.respondedOn}` : null),
        t(d.rationale),
      ]),
    })),
    flags: p.flags.map((f) => [
      t(f.ruleId),
      t(f.title),
      t(f.severity),
      t(label(f.status, 'status')),
      t(f.firstSeenAt.slice(0, 10)),
    ]),
    earlier: p.earlierHistories.map((h) => ({
      title: `From ${h.sendingLaName} (LA ${h.sendingLaCode})`,
      rows: [
        row('Signed', `${h.signedAt} with key ${h.signerKid}`),
        row('Received', h.receivedAt),
        row('Placements', h.pack.placements.length),
        row('Suspensions and exclusions', h.pack.exclusions.length),
        row('Fair access referrals', h.pack.fairAccessReferrals.length),
      ],
      placements: h.pack.placements.map((pl) => [
        t(pl.provider.name),
        t(pl.startDate),
        t(pl.endDate),
        t(pl.destination ? label(pl.destination, 'destination') : null),
      ]),
    })),
  };
}

/**
 * /pupils/:id/history-pack: the pupil's AP history pack as a printable page (an inspector's case sample; PDF is the
 * browser's print to PDF), and the same pack as a JSON download. Both through the GraphQL field, so scope and the
 * audit row are the API's: each view or download is one audited read.
 */
export function historyPackRoutes(ctx: WebContext, router: Router): void {
  const read = async (req: Request) =>
    (await ctx.graphql.query<PackAnswer>(req, ops.HistoryPack, { id: recordId(req) })).pupilHistoryPack;

  router.get('/:id/history-pack.json', async (req: Request, res: Response) => {
    const a = await read(req);
    res
      .type('application/json')
      .set('content-disposition', `attachment; filename="ap-history-pack-${a.pack.pupil.upn}.json"`)
      .send(JSON.stringify(a.pack, null, 2));
  });
  router.get('/:id/history-pack', async (req: Request, res: Response) => {
    res.render('pages/pupils/historyPack', historyPackView(await read(req)));
  });
}
