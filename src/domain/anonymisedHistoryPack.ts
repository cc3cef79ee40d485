import { anonymisedDateOfBirth } from './retention';
import type { IsoDate } from './dates';

/**
 * A history received from another LA (ap-history-pack/v1), anonymised like the pupil's own record when an
 * approved retention review anonymises the pupil (src/retention/anonymisePupil.ts): the names, UPN and day
 * of birth go as they do on the Pupil row, and every free-text field the schema declares becomes the
 * anonymised marker; codes, dates, providers and schools stay, so what the history says about movements is
 * kept. Earlier histories nested in the pack are anonymised the same way. Pure: returns a new object.
 */
export function anonymisedHistoryPack(
  pack: unknown,
  replacement: { upn: string; name: string; text: string },
): unknown {
  if (!isObject(pack)) return pack;
  const { text } = replacement;
  const blank = (v: unknown) => (typeof v === 'string' ? text : v);
  const out: Record<string, unknown> = { ...pack };
  if (isObject(pack.pupil)) {
    const dob = pack.pupil.dateOfBirth;
    out.pupil = {
      ...pack.pupil,
      upn: replacement.upn,
      firstName: replacement.name,
      lastName: replacement.name,
      dateOfBirth: typeof dob === 'string' ? anonymisedDateOfBirth(dob as IsoDate) : dob,
    };
  }
  out.placements = mapArray(pack.placements, (p) => ({
    ...p,
    objectives: blank(p.objectives),
    reintegrationPlan: blank(p.reintegrationPlan),
    reasonOther: blank(p.reasonOther),
    destinationDetail: blank(p.destinationDetail),
    hoursChanges: mapArray(p.hoursChanges, (h) => ({ ...h, reason: blank(h.reason) })),
    reviews: mapArray(p.reviews, (r) => ({ ...r, notes: blank(r.notes) })),
    reintegration: isObject(p.reintegration)
      ? {
          ...p.reintegration,
          checkpoints: mapArray(p.reintegration.checkpoints, (c) => ({ ...c, reason: blank(c.reason) })),
        }
      : p.reintegration,
  }));
  out.fairAccessReferrals = mapArray(pack.fairAccessReferrals, (r) => ({
    ...r,
    decisions: mapArray(r.decisions, (d) => ({
      ...d,
      rationale: blank(d.rationale),
      response: isObject(d.response) ? { ...d.response, reason: blank(d.response.reason) } : d.response,
    })),
  }));
  out.flags = mapArray(pack.flags, (f) => ({ ...f, dismissedReason: blank(f.dismissedReason) }));
  out.earlierHistories = mapArray(pack.earlierHistories, (h) => ({
    ...h,
    pack: anonymisedHistoryPack(h.pack, replacement),
  }));
  // Keys the pack did not have stay absent (a field added as undefined would not be the same document).
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const mapArray = (v: unknown, f: (o: Obj) => Obj) =>
  Array.isArray(v) ? v.map((o) => (isObject(o) ? dropUndefined(f(o)) : o)) : v;
const dropUndefined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
