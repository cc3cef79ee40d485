import { GraphQLError } from 'graphql';
import type { FieldProblem, RuleProblem } from './domain/problems';

/**
 * The error catalogue: every error a caller can see has a stable `extensions.code`
 * and a message a panel clerk understands. Anything else is masked (see graphql/formatError.ts).
 */
export const ERROR_CATALOGUE = {
  UNAUTHENTICATED: 'Please sign in again: your access token is missing, expired or not valid for this service.',
  FORBIDDEN: 'Your role does not allow this action.',
  NOT_FOUND: 'No record was found with that reference.',
  VALIDATION_FAILED: 'Some of the details entered are not valid. Nothing was saved.',
  UPN_INVALID: 'The Unique Pupil Number is not valid. Nothing was saved.',
  RULE_BLOCKED: 'This cannot be recorded because it would break a statutory rule. Nothing was saved.',
  CONFLICT: 'This conflicts with a record that already exists. Nothing was saved.',
  PACK_REFUSED: 'The transfer pack from another LA was refused. Nothing was saved.',
  QUERY_TOO_COMPLEX: 'This request asks for too much at once. Ask for fewer fields or fewer records.',
  SERVICE_UNAVAILABLE:
    'The service is briefly unavailable (a system it depends on is not answering). Nothing was saved; please try again in a few seconds.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. It has been logged; please try again later.',
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export type { FieldProblem };

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(
    code: ErrorCode,
    message?: string,
    extra: { rule?: string; fields?: FieldProblem[]; [k: string]: unknown } = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code], { extensions: { code, ...extra } });
    this.code = code;
  }
}

export const notFound = (what = 'record') => new AppError('NOT_FOUND', `No ${what} was found with that reference.`);

export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);

export const invalid = (fields: FieldProblem[], message?: string) =>
  new AppError('VALIDATION_FAILED', message ?? `${fields.map((f) => f.message).join(' ')} Nothing was saved.`, {
    fields,
  });

/** A domain rule from ../shared/domain.md blocks the write (e.g. E1, U4, O1). */
export const ruleBlocked = (rule: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('RULE_BLOCKED', `${message} (rule ${rule}). Nothing was saved.`, { rule, ...extra });

/**
 * Domain rule problems (rule IDs as data, all of one rule) as the RULE_BLOCKED answer: the rule in
 * `extensions.rule`, each problem in `extensions.fields` with its rule named.
 */
export const ruleProblemsBlocked = (problems: [RuleProblem, ...RuleProblem[]]) =>
  ruleBlocked(problems[0].rule, problems.map((p) => p.message).join(' '), {
    fields: problems.map((p) => ({ field: p.field, message: `${p.message} (rule ${p.rule}).` })),
  });

export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError('CONFLICT', `${message} Nothing was saved.`, extra);

/** Why a signed transfer pack was refused (docs/transfer.md); `extensions.reason` carries it. */
export type PackRefusal = 'TAMPERED' | 'EXPIRED' | 'UNKNOWN_KEY' | 'WRONG_AUDIENCE' | 'SCHEMA_INVALID' | 'ALREADY_HELD';

export const packRefused = (reason: PackRefusal, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('PACK_REFUSED', `${message} Nothing was saved.`, { reason, ...extra });
