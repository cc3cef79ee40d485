import { label } from '../../labels';
import type { TimelineEventData } from './index';

export interface TimelineItem {
  id: string;
  title: string;
  occurredOn: string;
  recordedAt: string;
  by: string;
  reason: string;
  facts: { key: string; value: string }[];
  /** For a correction: the event it corrects (its title and date), which stays on the record unchanged. */
  corrects: { id: string; title: string; occurredOn: string } | null;
  /** For an event corrected later: the corrections, newest last. */
  correctedBy: string[];
}

// Facts worth showing from an event's data; ids and bookkeeping are left out.
const HIDDEN = /(^id$|Id$|Ids$|^clientKey$|^seq$)/;

/**
 * The pupil's timeline for the MoJ timeline component, newest first. A correction is its own item
 * saying what it corrects and why; the corrected event keeps its original facts and says it was
 * corrected, with a link to the correction.
 */
export function timelineItems(events: readonly TimelineEventData[]): TimelineItem[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  return [...events].reverse().map((e) => {
    const original = e.correctsEventId ? byId.get(e.correctsEventId) : undefined;
    const data = (
      e.type === 'CORRECTION' && e.data && typeof e.data === 'object' && 'correction' in e.data
        ? (e.data as { correction: unknown }).correction
        : e.data
    ) as Record<string, unknown>;
    return {
      id: e.id,
      title: original ? `Correction to “${label(original.type, 'event')}”` : label(e.type, 'event'),
      occurredOn: e.occurredOn,
      recordedAt: e.recordedAt,
      by: label(e.actorRole, 'role'),
      reason: e.reason,
      facts: facts(data),
      corrects: original
        ? { id: original.id, title: label(original.type, 'event'), occurredOn: original.occurredOn }
        : null,
      correctedBy: e.correctedBy,
    };
  });
}

function facts(data: Record<string, unknown> | null | undefined): { key: string; value: string }[] {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data)
    .filter(([k, v]) => !HIDDEN.test(k) && v !== null && v !== undefined && v !== '' && typeof v !== 'object')
    .slice(0, 8)
    .map(([k, v]) => ({ key: words(k), value: typeof v === 'boolean' ? (v ? 'Yes' : 'No') : enumWords(String(v)) }));
}

const words = (k: string) =>
  k
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
const enumWords = (v: string) => (/^[A-Z0-9_]+$/.test(v) && v.includes('_') ? label(v, '-') : v);
