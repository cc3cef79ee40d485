import type { Response } from 'express';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors';

/** An HTTP-level refusal in the GraphQL error shape, so clients read one format everywhere. */
export function sendTypedError(
  res: Response,
  status: number,
  code: ErrorCode | 'TOO_MANY_REQUESTS' | 'PAYLOAD_TOO_LARGE' | 'BAD_REQUEST',
  message?: string,
  extra: Record<string, unknown> = {},
): void {
  const text = message ?? (code in ERROR_CATALOGUE ? ERROR_CATALOGUE[code as ErrorCode] : code);
  res.status(status).json({ errors: [{ message: text, extensions: { code, ...extra } }] });
}
