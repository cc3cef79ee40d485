/** `iss` and `aud` of a transfer pack name LAs by their three-digit code (docs/transfer.md). */
export const laUrn = (code: string) => `urn:ap-movement-tracker:la:${code}`;

export const LA_CODE = /^\d{3}$/;

/** The caller's LA secret for the signing keys; an installation without one cannot sign or read keys. */
export function keySecret(deps: { transferKeySecret?: string }): string {
  if (!deps.transferKeySecret) throw new Error('transfer: no TRANSFER_KEY_SECRET (or JWT_SECRET) configured');
  return deps.transferKeySecret;
}
