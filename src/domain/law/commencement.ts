/**
 * Commencement switches (domain.md §10.3): provisions of the Children's Wellbeing and Schools Act 2026
 * whose commencement regulations are not yet made. Each is off until the installation records the
 * date it commences; a rule behind a switch applies to events on or after that date only.
 */
import { isValidIsoDate, type IsoDate } from '../dates';

export const PROVISIONS = ['CWSA_S38', 'CWSA_S43', 'CWSA_S62', 'CWSA_EHE_CONSENT'] as const;
export type Provision = (typeof PROVISIONS)[number];

export interface ProvisionDefinition {
  provision: Provision;
  /** The key the `thresholds` query shows the switch under. */
  key: string;
  label: string;
  source: { citation: string; url: string };
  /** Royal Assent: the earliest date it could commence. */
  enactedOn: IsoDate;
  /** What turning it on changes in the tracker. */
  effect: string;
}

const CWSA = 'https://www.legislation.gov.uk/ukpga/2026/21';

export const PROVISION_TABLE: readonly ProvisionDefinition[] = [
  {
    provision: 'CWSA_S38',
    key: 'cwsaS38Commenced',
    label: "Children's Wellbeing and Schools Act 2026 s38 (Children Not in School registers) in force",
    source: {
      citation: "Children's Wellbeing and Schools Act 2026 s38 (new EA 1996 ss436B–G)",
      url: `${CWSA}/section/38`,
    },
    enactedOn: '2026-04-29',
    effect:
      'The LA must keep a register of children not in school, including children in school-arranged AP: the register export (childrenNotInSchoolCsv, /exports) answers for dates from commencement (docs/exports.md).',
  },
  {
    provision: 'CWSA_S43',
    key: 'cwsaS43Commenced',
    label: "Children's Wellbeing and Schools Act 2026 s43 (wider independent educational institution) in force",
    source: { citation: "Children's Wellbeing and Schools Act 2026 s43", url: `${CWSA}/section/43/data.html` },
    enactedOn: '2026-04-29',
    effect: 'Rule U2b: an unregistered setting educating one child with SEN full-time must register.',
  },
  {
    provision: 'CWSA_S62',
    key: 'cwsaS62Commenced',
    label: "Children's Wellbeing and Schools Act 2026 s62 (LA direction of academies to admit) in force",
    source: { citation: "Children's Wellbeing and Schools Act 2026 s62", url: `${CWSA}/section/62` },
    enactedOn: '2026-04-29',
    effect: 'A refusing academy (not a special academy) is directed by the LA instead of the Secretary of State.',
  },
  {
    provision: 'CWSA_EHE_CONSENT',
    key: 'cwsaEheConsentCommenced',
    label:
      "Children's Wellbeing and Schools Act 2026: LA consent before a child subject to a child protection plan or s47 enquiry is withdrawn for home education, in force",
    source: {
      // domain.md §3.2/§10.3: seen at Bill stage only; the enacted section number is not confirmed [U].
      citation:
        "Children's Wellbeing and Schools Act 2026, home education consent provisions (section number unconfirmed; domain.md §3.2, §10.3)",
      url: CWSA,
    },
    enactedOn: '2026-04-29',
    effect:
      'Rule M3: a child with a child protection plan leaving a roll for home education needs the LA’s consent (special-school pupils already do); the flag says so.',
  },
];

const BY_PROVISION = new Map(PROVISION_TABLE.map((p) => [p.provision, p]));

export function provisionDefinition(p: Provision): ProvisionDefinition {
  return BY_PROVISION.get(p) as ProvisionDefinition;
}

export function isProvision(s: string): s is Provision {
  return BY_PROVISION.has(s as Provision);
}

/** The installation's commencement dates; a provision missing or null is not commenced. */
export type Commencements = Readonly<Partial<Record<Provision, IsoDate | null>>>;

export const NOT_COMMENCED: Commencements = Object.freeze({});

/** Whether `provision` is in force on `date` under this installation's settings. */
export function commenced(c: Commencements, provision: Provision, date: IsoDate): boolean {
  const on = c[provision];
  return on !== null && on !== undefined && on <= date;
}

export type CommencementCheck =
  { ok: true; provision: Provision; commencesOn: IsoDate | null } | { ok: false; message: string };

/** Validates a setting: a known provision, and a real date no earlier than Royal Assent (or null to switch off). */
export function validateCommencement(provision: string, commencesOn: string | null): CommencementCheck {
  if (!isProvision(provision))
    return {
      ok: false,
      message: `There is no commencement switch called "${provision}"; the switches are ${PROVISIONS.join(', ')}.`,
    };
  if (commencesOn === null) return { ok: true, provision, commencesOn: null };
  if (!isValidIsoDate(commencesOn)) return { ok: false, message: `${commencesOn} is not a date (YYYY-MM-DD).` };
  const def = provisionDefinition(provision);
  if (commencesOn < def.enactedOn)
    return {
      ok: false,
      message: `${def.source.citation} received Royal Assent on ${def.enactedOn}; it cannot commence before that.`,
    };
  return { ok: true, provision, commencesOn };
}
