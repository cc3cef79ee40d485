/**
 * 3-digit DfE (GIAS "old") LA codes, loaded once from data/reference.
 * Recognised (rule V3, UPN characters 2-4) = union of the dfeR English and "other" codes, the old
 * codes of live and terminated LAs, and the CIN rule 1530 ranges (which alone lack 942/943).
 */
import { readReferenceCsv } from './referenceData';

const NAME = 'English local authority (LA) name';
const CODE = 'Get Information about Schools (GIAS) local authority (LA) code';

const english = new Map<string, string>();
for (const r of readReferenceCsv('dfeR_EnglishLaNameCodes.csv')) {
  const code = r[CODE] ?? '';
  if (/^\d{3}$/.test(code)) english.set(code, r[NAME] ?? '');
}

const recognised = new Set<string>(english.keys());

// "Does not apply" (0) and "Not recorded" (999) are placeholders, not LAs that issue UPNs;
// "0" must never be padded to "000" (the test vectors expect 000 to fail V3).
const PLACEHOLDERS = new Set(['0', '999']);
for (const r of readReferenceCsv('dfeR_OtherLaNameCodes.csv')) {
  const code = r[CODE] ?? '';
  if (/^\d{3}$/.test(code) && !PLACEHOLDERS.has(code)) recognised.add(code);
}

// old_la_code holds '314 / 318' for merged rows and 'x' where there was none.
for (const r of readReferenceCsv('dfeR_las_old_new_codes.csv')) {
  for (const part of (r.old_la_code ?? '').split('/')) {
    const code = part.trim();
    if (/^\d{3}$/.test(code)) recognised.add(code);
  }
}

for (const r of readReferenceCsv('upn_la_code_ranges_cin_rule1530.csv')) {
  const from = Number(r.range_start);
  const to = Number(r.range_end);
  for (let c = from; c <= to; c++) recognised.add(String(c).padStart(3, '0'));
}

/** Rule V3: a current or historic LA code, or a DfE pseudo-LA code, that may appear in a UPN. */
export function isRecognisedLaCode(code: string): boolean {
  return recognised.has(code);
}

/** A code in the dfeR English LA list: the set an LA record in this service may use. */
export function isEnglishLaCode(code: string): boolean {
  return english.has(code);
}

/** Excludes the list's "Pre LGR" codes for councils abolished by reorganisation (e.g. 909 Cumbria). */
export function isCurrentEnglishLaCode(code: string): boolean {
  const name = english.get(code);
  return name !== undefined && !/^Pre[ -]LGR/.test(name);
}

export function englishLaName(code: string): string | null {
  return english.get(code) ?? null;
}

export function englishLaCodes(): string[] {
  return [...english.keys()].sort();
}
