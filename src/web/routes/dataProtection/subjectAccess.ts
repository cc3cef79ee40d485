import type { SubjectAccessAnswer } from './index';

/** Section names of the export, as a person reading the printed copy would say them. */
const SECTION_TITLES: Record<string, string> = {
  characteristicHistory: 'Characteristics over time',
  enrolments: 'School rolls',
  placements: 'Placements in alternative provision',
  reintegrations: 'Returns to school',
  exclusions: 'Suspensions and exclusions',
  safeguardingSeparations: 'Safeguarding separations',
  managedMoves: 'Managed moves',
  inclusionBaseSpells: 'Time in an in-school inclusion base',
  fairAccessReferrals: 'Fair access referrals',
  flags: 'Flags raised',
  retentionReviews: 'Retention review',
  transfersOut: 'Transfers to another LA (signed packs sent)',
  receivedHistories: 'Histories received from another LA',
  timeline: 'Every change to the record (timeline)',
  storedResponses: 'Stored replies to repeated requests',
  accessLog: 'Who read or changed the record',
};

const PUPIL_FIELDS: [string, string][] = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['dateOfBirth', 'Date of birth'],
  ['upn', 'Unique pupil number'],
  ['nhsNumber', 'NHS number'],
  ['sex', 'Sex'],
  ['ethnicityCode', 'Ethnicity code'],
  ['senStatus', 'Special educational needs'],
  ['lookedAfter', 'Looked after'],
  ['socialCareStatus', 'Social care'],
  ['fsmEligible', 'Free school meals'],
];

const shown = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(v) ? v.slice(0, 10) : v;
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
};

/** Nested records (a placement's reviews) are written out as their JSON, so nothing held is left out. */
function rows(record: Record<string, unknown>) {
  return Object.entries(record).map(([k, v]) => ({ key: { text: k }, value: { text: shown(v) } }));
}

/**
 * The printable subject access page: the same document as the JSON export (one source), every section
 * and every field of every record, in summary lists a print stylesheet keeps together.
 */
export function subjectAccessView(x: SubjectAccessAnswer) {
  const p = x.document.pupil;
  return {
    pageTitle: `Subject access: ${shown(p.firstName)} ${shown(p.lastName)}`,
    pupilId: x.pupilId,
    generatedAt: x.generatedAt,
    format: x.format,
    pupilRows: PUPIL_FIELDS.map(([k, label]) => ({ key: { text: label }, value: { text: shown(p[k]) } })),
    contents: x.sections.map((s) => ({ id: s.name, title: SECTION_TITLES[s.name] ?? s.name, records: s.records })),
    sections: x.sections.map((s) => ({
      id: s.name,
      title: SECTION_TITLES[s.name] ?? s.name,
      records: (x.document.sections[s.name] ?? []).map((r) => rows(r)),
    })),
  };
}
