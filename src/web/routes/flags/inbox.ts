import { LABELS } from '../../labels';
/** The flags inbox's view model: pure shaping of the GraphQL answer (no data access). */

export interface InboxFlag {
  id: string;
  ruleId: string;
  severity: 'CRIT' | 'HIGH' | 'MED' | 'INFO';
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | 'DISMISSED';
  title: string;
  evidence: Record<string, unknown>;
  subjectType: string;
  pupilId: string | null;
  placementId: string | null;
  providerId: string | null;
  schoolId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  dismissedAt: string | null;
  dismissedReason: string | null;
}

export interface FlagRule {
  ruleId: string;
  title: string;
  description: string;
  severity: string;
  outcome: string;
  thresholds: string[];
  section: string;
  proposal: boolean;
}

export interface Threshold {
  key: string;
  label: string | null;
  value: number;
  unit: string | null;
  status: string | null;
  source: string | null;
}

export const SEVERITIES = [
  { value: 'CRIT', text: 'Critical', tag: 'govuk-tag--red' },
  { value: 'HIGH', text: 'High', tag: 'govuk-tag--orange' },
  { value: 'MED', text: 'Medium', tag: 'govuk-tag--yellow' },
  { value: 'INFO', text: 'Information', tag: 'govuk-tag--grey' },
] as const;

export const STATUSES = [
  { value: 'OPEN', text: 'Open', tag: 'govuk-tag--blue' },
  { value: 'ACKNOWLEDGED', text: 'Acknowledged', tag: 'govuk-tag--light-blue' },
  { value: 'RESOLVED', text: 'Resolved', tag: 'govuk-tag--green' },
  { value: 'DISMISSED', text: 'Dismissed', tag: 'govuk-tag--grey' },
] as const;

/** Plain-English names of the statuses a threshold's source can have (the one words table, src/web/labels.ts). */
export const SOURCE_STATUS = LABELS.sourceStatus!;

const DAY = 86_400_000;

/** "today", "1 day ago", "12 days ago": counted in whole days from when the flag was first raised. */
export function ageText(firstSeenAt: string, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - new Date(firstSeenAt).getTime()) / DAY));
  return days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

/** schoolDaysOverdue → "School days overdue". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function evidenceValue(v: unknown): string {
  if (v === null || v === undefined) return 'not recorded';
  if (typeof v === 'number') return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(evidenceValue).join(', ');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${humanise(k)}: ${evidenceValue(x)}`)
      .join('; ');
  return String(v);
}

/**
 * The figures that tripped the rule, as summary list rows. An organisation's id is shown as its name
 * ("Allocated school id" → "Allocated school: Fernfield Park Academy"); other ids mean nothing to a reader.
 */
export function evidenceRows(
  evidence: Record<string, unknown>,
  names: ReadonlyMap<string, string> = new Map(),
): { key: { text: string }; value: { text: string } }[] {
  return Object.entries(evidence ?? {}).flatMap(([k, v]) => {
    if (/Ids?$/.test(k)) {
      const ids = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      const named = ids.map((id) => names.get(id)).filter((n): n is string => Boolean(n));
      return named.length
        ? [{ key: { text: humanise(k.replace(/Ids?$/, '')) }, value: { text: named.join(', ') } }]
        : [];
    }
    return [{ key: { text: humanise(k) }, value: { text: evidenceValue(v) } }];
  });
}

/** A rule's explanation: what it checks and where its figures come from (law, guidance, proposal...). */
export function ruleExplanation(rule: FlagRule | undefined, thresholds: readonly Threshold[]) {
  if (!rule) return null;
  const used = rule.thresholds
    .map((k) => thresholds.find((t) => t.key === k))
    .filter((t): t is Threshold => Boolean(t));
  const statuses = [...new Set(used.map((t) => t.status).filter((s): s is string => Boolean(s)))];
  return {
    ruleId: rule.ruleId,
    title: rule.title,
    description: rule.description,
    section: rule.section,
    sourceStatus: rule.proposal
      ? SOURCE_STATUS.PROPOSAL!
      : statuses.length
        ? statuses.map((s) => SOURCE_STATUS[s] ?? s).join(', ')
        : 'The condition in domain.md ' + rule.section,
    thresholds: used.map((t) => ({
      label: t.label ?? humanise(t.key),
      value: `${new Intl.NumberFormat('en-GB').format(t.value)}${t.unit ? ` ${t.unit}` : ''}`,
      status: t.status ? (SOURCE_STATUS[t.status] ?? t.status) : 'not stated',
      source: t.source ?? '',
    })),
  };
}

export interface InboxFilters {
  ruleId: string;
  severity: string[];
  status: string[];
  providerId: string;
  schoolId: string;
}

const many = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];
const one = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The GET filter form. With no status chosen the inbox shows what still needs attention: open and acknowledged. */
export function parseInboxFilters(query: Record<string, unknown>): InboxFilters {
  const severity = many(query.severity).filter((s) => SEVERITIES.some((x) => x.value === s));
  const status = many(query.status).filter((s) => STATUSES.some((x) => x.value === s));
  return {
    ruleId: /^[A-Z][0-9A-Za-z]{0,5}$/.test(one(query.ruleId)) ? one(query.ruleId) : '',
    severity,
    status: status.length ? status : ['OPEN', 'ACKNOWLEDGED'],
    providerId: UUID.test(one(query.providerId)) ? one(query.providerId) : '',
    schoolId: UUID.test(one(query.schoolId)) ? one(query.schoolId) : '',
  };
}

export function filterQuery(f: InboxFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.ruleId) p.set('ruleId', f.ruleId);
  for (const s of f.severity) p.append('severity', s);
  for (const s of f.status) p.append('status', s);
  if (f.providerId) p.set('providerId', f.providerId);
  if (f.schoolId) p.set('schoolId', f.schoolId);
  return p;
}

/**
 * Cursor pages with Previous and Next: `after` is where this page starts and `trail` the starts of the
 * pages before it (kept in the URL, so the links work without JavaScript or a session).
 */
export interface PageCursor {
  after: string;
  trail: string[];
}

const MAX_TRAIL = 40;

export function parseCursor(query: Record<string, unknown>): PageCursor {
  const after = UUID.test(one(query.after)) ? one(query.after) : '';
  const trail = one(query.trail)
    .split(',')
    .filter((c) => c === '-' || UUID.test(c))
    .slice(-MAX_TRAIL);
  return { after, trail: after ? trail : [] };
}

export function paginationLinks(
  base: URLSearchParams,
  cursor: PageCursor,
  endCursor: string | null,
  hasNextPage: boolean,
) {
  const href = (after: string, trail: string[]) => {
    const p = new URLSearchParams(base);
    if (after) {
      p.set('after', after);
      if (trail.length) p.set('trail', trail.join(','));
    }
    const q = p.toString();
    return `/flags${q ? `?${q}` : ''}`;
  };
  const previous = cursor.after
    ? (() => {
        const trail = [...cursor.trail];
        const prev = trail.pop() ?? '-';
        return { href: href(prev === '-' ? '' : prev, trail) };
      })()
    : undefined;
  const next = hasNextPage && endCursor ? { href: href(endCursor, [...cursor.trail, cursor.after || '-']) } : undefined;
  return { previous, next, page: cursor.after ? cursor.trail.length + 1 : 1 };
}
