import type { Role } from '../generated/prisma/enums';
import { THRESHOLD_TABLE } from '../domain/flags/thresholds';
import {
  CONDITIONS,
  FIELD_ACTIONS,
  PERMISSIONS,
  RESTRICTION,
  ROLES,
  ROLE_NAMES,
  type Action,
  type Condition,
} from './permissions';

/**
 * docs/permissions.md and the README's "Roles and scope" table, written from the permission table so
 * the text a data protection officer reads is the rule the code enforces (tests compare both).
 */

const grants = (a: Action): Partial<Record<Role, Condition>> => PERMISSIONS[a].roles;

function fieldsOf(action: Action): string[] {
  const out: string[] = [];
  for (const [type, fields] of Object.entries(FIELD_ACTIONS))
    for (const [f, a] of Object.entries(fields))
      if (a === action) out.push(`${type === 'Mutation' ? 'mutation' : 'query'} \`${f}\``);
  return out;
}

/** The reads that say what a role sees, in the order the README's "Roles and scope" table gives them. */
const SCOPE_READS: Action[] = ['pupil.read', 'placement.read', 'referral.read', 'pupil.timeline', 'report.run'];

/** One line per role: what it sees, from its conditions on the reads above. */
export function rolesAndScopeTable(): string {
  const lines = ['| role | sees |', '|---|---|'];
  for (const r of ROLES) {
    const texts = [...new Set(SCOPE_READS.flatMap((a) => (grants(a)[r] ? [CONDITIONS[grants(a)[r]!].text] : [])))];
    lines.push(`| ${ROLE_NAMES[r]} | ${texts.join('; ')} |`);
  }
  return lines.join('\n');
}

export function permissionsMarkdown(): string {
  const window = THRESHOLD_TABLE.find((t) => t.key === 'providerAccessAfterPlacementSchoolDays')!;
  const out: string[] = [
    '# Who may see and do what',
    '',
    '<!-- Generated from src/access/permissions.ts by `npm run docs:permissions`; do not edit by hand (a test compares them). -->',
    '',
    'This is the access policy of the AP Movement Tracker, written for a local authority’s data protection officer.',
    'It is generated from the one table the service enforces (`src/access/permissions.ts`), so it is the rule, not a description of it.',
    '',
    '## How to read it',
    '',
    '- Each action lists, per role, the **condition** under which that role may do it. “—” means the role may not do it at all:',
    '  it is refused with `FORBIDDEN` before anything is read or checked.',
    '- A record that does not meet the condition is answered **exactly like a record that does not exist** (`NOT_FOUND`, or',
    '  nothing in a list). Writes check who may act before they check the input against the record, so an error message',
    '  never reveals a fact (a date of birth, an SEN status, another placement) that a read would hide.',
    '- Everyone works inside their own local authority: no condition reaches another LA’s records.',
    '- Every read of an individual pupil’s record, every list naming pupils (rolls, flags, referrals) and every write appends an',
    '  audit row naming the user, role, organisation, operation and the pupils concerned.',
    '',
    '## Roles',
    '',
    rolesAndScopeTable(),
    '',
    '## Least privilege by relationship and time',
    '',
    `- **Provider staff** read a pupil while the pupil is placed with their provider and for **${window.value} school days** after the`,
    '  placement ends (the threshold `providerAccessAfterPlacementSchoolDays`: by default the final reintegration checkpoint,',
    '  about two terms; an LA may change it with `setThresholdOverride`). After that the pupil answers like a missing record.',
    '  On the timeline they read the events of their own placements and the events they recorded, not other organisations’',
    '  later events (a later exclusion elsewhere stays hidden).',
    '- **School staff** read the pupils on their roll now and those in placements their school commissioned.',
    '- **Panel members** read the fair access case: the referral, its decisions and the pupil it is about, and only the fair',
    '  access events of the pupil’s timeline — not the pupil’s AP placements or exclusions.',
    '- **Analysts** read aggregates only, always with small numbers suppressed (counts below the suppression threshold, and',
    '  the counts that would give them away, are withheld) and without exact dates — including fair share, whose turn and',
    '  the Schools Adjudicator return.',
    '',
    '## Restricted records (UK GDPR art. 18)',
    '',
    `Every condition below is narrowed by one more: ${RESTRICTION.text} (roles that may be named: ${RESTRICTION.namedRoles.map((r) => ROLE_NAMES[r]).join(', ')}).`,
    'To everyone else the pupil, and their placements, exclusions, separations, reintegrations, rolls, fair access referrals,',
    'flags and timeline, answer exactly like records that do not exist. Aggregates still count the pupil (no figure names them).',
    'An LA officer restricts a record with `restrictPupilRecord` (they are always named) and lifts it with `liftPupilRestriction`;',
    'both are events on the timeline with who and why. See [data protection](data-protection.md).',
    '',
    '## Registering a UPN or a school that already exists',
    '',
    'A UPN is unique nationally, so registering one already on the record must be refused. If the pupil is one the caller',
    'may read, the answer is `CONFLICT` (as `pupilByUpn` would find them). Otherwise — another LA’s pupil, another school’s —',
    'the answer is one `VALIDATION_FAILED` message on the `upn` field with no name, LA or date, the same whoever holds the',
    'record, and the attempt is audited (`pupil.register.refused`) so probing is visible. A school or provider identifier',
    'in use in another LA is refused without naming the school or the LA.',
    '',
    '## Actions',
    '',
  ];
  for (const action of Object.keys(PERMISSIONS) as Action[]) {
    const p = PERMISSIONS[action];
    out.push(
      `### ${p.does}`,
      '',
      `Action \`${action}\` (${p.kind}); GraphQL: ${fieldsOf(action).join(', ') || '(internal)'}.`,
      '',
    );
    out.push('| role | may | condition |', '|---|---|---|');
    for (const r of ROLES) {
      const c = grants(action)[r];
      out.push(`| ${ROLE_NAMES[r]} | ${c ? 'yes' : 'no'} | ${c ? `${CONDITIONS[c].text} (\`${c}\`)` : '—'} |`);
    }
    out.push('');
  }
  out.push('## Conditions', '', '| condition | applies to | meaning |', '|---|---|---|');
  for (const [name, c] of Object.entries(CONDITIONS)) out.push(`| \`${name}\` | ${c.subject} | ${c.text} |`);
  out.push('');
  return out.join('\n');
}
