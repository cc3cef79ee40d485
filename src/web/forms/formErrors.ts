import type { GraphqlErrorShape } from '../graphqlClient';
import { ruleExplanation, type RuleExplanation } from './ruleExplanations';

export interface FormErrors {
  /** For govukErrorSummary: each problem, linked to its field where there is one on the page. */
  errorList: { text: string; href?: string }[];
  /** For each field's errorMessage. */
  fields: Record<string, { text: string }>;
  rule?: RuleExplanation;
}

/**
 * The GOV.UK error summary from a GraphQL refusal: one line per `extensions.fields` entry,
 * linked to the form field it names (`anchors` maps an API field to the element id on the page,
 * e.g. a date to its day box). A refusal without fields is one unlinked line with its message.
 */
export function formErrorsFrom(errors: readonly GraphqlErrorShape[], anchors: Record<string, string>): FormErrors {
  const out: FormErrors = { errorList: [], fields: {} };
  for (const e of errors) {
    const ext = e.extensions ?? {};
    if (ext.code === 'RULE_BLOCKED' && typeof ext.rule === 'string') out.rule = ruleExplanation(ext.rule);
    const fields = Array.isArray(ext.fields) ? ext.fields : [];
    if (!fields.length) {
      out.errorList.push({ text: e.message });
      continue;
    }
    for (const f of fields) {
      const name = f.field.replace(/^input\./, '');
      const anchor = anchors[name] ?? anchors[name.split('.')[0]!];
      if (anchor && !out.fields[fieldKey(anchors, anchor)]) out.fields[fieldKey(anchors, anchor)] = { text: f.message };
      out.errorList.push(anchor ? { text: f.message, href: `#${anchor}` } : { text: f.message });
    }
  }
  return out;
}

/** Errors found on the page itself before anything is sent (a date that is not a date). */
export function localErrors(
  problems: { field: string; message: string }[],
  anchors: Record<string, string>,
): FormErrors | null {
  if (!problems.length) return null;
  return formErrorsFrom([{ message: 'invalid', extensions: { code: 'VALIDATION_FAILED', fields: problems } }], anchors);
}

// The field name whose anchor this is (a date's anchor is "<name>-day").
function fieldKey(anchors: Record<string, string>, anchor: string): string {
  return Object.entries(anchors).find(([, a]) => a === anchor)?.[0] ?? anchor;
}
