import type { Request, Response, NextFunction } from 'express';

/**
 * Headers on every response. The API answers with pupil data, so nothing may be cached by a
 * browser or proxy; HSTS only when the request reached us over TLS (directly, or through a
 * proxy trusted with TRUST_PROXY that sets X-Forwarded-Proto), since a plain-HTTP answer cannot set it.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}

/** Express's "trust proxy" from TRUST_PROXY: a hop count, true/false, or addresses/names (loopback, 10.0.0.0/8…). */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
