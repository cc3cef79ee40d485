import { labelFor } from '../../../reports/labels';
import { figure, table, text, type Cell, type Table } from '../reports/tables';

/** The providers register and a provider's details: pure shaping of the GraphQL answer. */

export interface ProviderDetails {
  id: string;
  name: string;
  kind: 'REGISTERED_SCHOOL' | 'REGISTERED_INDEPENDENT_SCHOOL' | 'UNREGISTERED';
  urn: string | null;
  ukprn: string | null;
  settingType: string | null;
  registrationReference: string | null;
  qaCheckDate: string | null;
  qaOutcome: string | null;
  safeguardingCheckDate: string | null;
  safeguardingOutcome: string | null;
  riskAssessmentDate: string | null;
  onApprovedList: boolean;
  school: { name: string; type: string } | null;
}

export interface OpenFlagRef {
  id: string;
  ruleId: string;
  title: string;
  providerId: string | null;
}

type Fig = { value: number | null; suppressed: boolean };

const KIND: Record<ProviderDetails['kind'], string> = {
  REGISTERED_SCHOOL: 'State-funded school (PRU or AP academy)',
  REGISTERED_INDEPENDENT_SCHOOL: 'Registered independent school',
  UNREGISTERED: 'Unregistered provider',
};

export const kindLabel = (k: ProviderDetails['kind']) => KIND[k] ?? labelFor(k);

const date = (iso: string | null) =>
  iso
    ? new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : null;

/**
 * Registration-test status (domain.md §3.1): a registered school is registered; an unregistered provider
 * with an open U1/U2/U2b flag may be operating as an unregistered independent school.
 */
export function registrationTest(
  p: ProviderDetails,
  flags: readonly OpenFlagRef[],
): { text: string; tag: string; flagged: boolean } {
  if (p.kind !== 'UNREGISTERED') {
    const ref = p.urn
      ? `URN ${p.urn}`
      : p.registrationReference
        ? `reference ${p.registrationReference}`
        : 'no reference recorded';
    return { text: `Registered (${ref})`, tag: 'govuk-tag--green', flagged: false };
  }
  const open = flags.filter((f) => f.providerId === p.id);
  if (open.length)
    return {
      text: `May need to register: ${[...new Set(open.map((f) => f.ruleId))].join(', ')} open`,
      tag: 'govuk-tag--red',
      flagged: true,
    };
  return { text: 'Unregistered: no registration-test flag open', tag: 'govuk-tag--grey', flagged: false };
}

/** Quality assurance and safeguarding checks, as a short line each. */
export function checks(p: ProviderDetails): { safeguarding: string; qa: string; risk: string } {
  const outcome = (o: string | null) => (o ? labelFor(o).toLowerCase() : 'no outcome');
  return {
    safeguarding: p.safeguardingCheckDate
      ? `${date(p.safeguardingCheckDate)}: ${outcome(p.safeguardingOutcome)}`
      : 'Not recorded',
    qa: p.qaCheckDate ? `${date(p.qaCheckDate)}: ${outcome(p.qaOutcome)}` : 'Not recorded',
    risk: p.riskAssessmentDate ? date(p.riskAssessmentDate)! : 'Not recorded',
  };
}

export interface RegisterFigures {
  pupils: Map<string, Fig>;
  openFlags: Map<string, Fig>;
}

/**
 * The register as a GOV.UK table. Figures (pupils on roll today, open flags) come from LA-wide reports,
 * so they are shown only to roles those reports answer; a provider's name links to its page where the
 * caller may open it.
 */
export function registerTable(
  providers: readonly ProviderDetails[],
  flags: readonly OpenFlagRef[],
  figures: RegisterFigures | null,
  canOpen: (id: string) => boolean,
): Table {
  const zero: Fig = { value: 0, suppressed: false };
  const name = (p: ProviderDetails): Cell =>
    canOpen(p.id)
      ? { text: p.name, html: `<a class="govuk-link" href="/providers/${p.id}">${escapeHtml(p.name)}</a>` }
      : text(p.name);
  return table(
    'AP providers',
    [
      { title: 'Provider' },
      { title: 'Kind' },
      { title: 'URN / UKPRN' },
      { title: 'Registration test' },
      { title: 'Safeguarding check' },
      ...(figures
        ? [
            { title: 'Pupils on roll today', numeric: true },
            { title: 'Open flags', numeric: true },
          ]
        : []),
    ],
    providers.map((p) => {
      const reg = registrationTest(p, flags);
      return [
        name(p),
        text(kindLabel(p.kind)),
        text([p.urn ? `URN ${p.urn}` : null, p.ukprn ? `UKPRN ${p.ukprn}` : null].filter(Boolean).join(', ') || 'None'),
        { text: reg.text, html: `<strong class="govuk-tag ${reg.tag}">${escapeHtml(reg.text)}</strong>` },
        text(checks(p).safeguarding),
        ...(figures ? [figure(figures.pupils.get(p.id) ?? zero), figure(figures.openFlags.get(p.id) ?? zero)] : []),
      ];
    }),
  );
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
