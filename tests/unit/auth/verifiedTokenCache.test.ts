import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { issueToken, verifiedTokens, verifyToken, type TokenSettings } from '../../../src/auth/tokens';
import type { Actor } from '../../../src/auth/actor';

/**
 * Issue 18: verified tokens are kept (by a digest of settings and token) so jose's signature check runs once per
 * token, not per request. The cache must answer exactly as jose would: an expired token is refused with the expiry
 * message however often it was accepted before, and any other token or setting is checked afresh.
 */
describe('verified-token cache', () => {
  const s: TokenSettings = { secret: 'a-test-secret-of-enough-length-000', issuer: 'ap-test', audience: 'ap-api' };
  const actor: Actor = {
    userId: '00000000-0000-4000-8000-0000000d0004',
    role: 'SCHOOL_STAFF',
    laId: '00000000-0000-4000-8000-000000000373',
    schoolId: '00000000-0000-4000-8000-0000000a0001',
  };
  const T0 = new Date('2026-12-05T12:00:00.000Z');
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    verifiedTokens.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
    verifiedTokens.clear();
  });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
    );

  it('keeps a verified token until its expiry and never past it', async () => {
    const token = await issueToken(s, actor, '60s');
    expect(await verifyToken(s, token)).toEqual(actor);
    expect(verifiedTokens.size()).toBe(1);
    // Answered from the cache (no second entry), with a copy a caller cannot use to change the cached one.
    const again = await verifyToken(s, token);
    expect(again).toEqual(actor);
    again.role = 'LA_OFFICER';
    expect(await verifyToken(s, token)).toEqual(actor);
    expect(verifiedTokens.size()).toBe(1);
    // One second before exp: still valid (jose's rule too).
    vi.setSystemTime(new Date(T0.getTime() + 59_000));
    expect(await verifyToken(s, token)).toEqual(actor);
    // At exp: refused, with the expiry message, and the entry is gone.
    vi.setSystemTime(new Date(T0.getTime() + 60_000));
    expect(await refusal(verifyToken(s, token))).toBe(
      'UNAUTHENTICATED: Your access token has expired. Please sign in again.',
    );
    expect(verifiedTokens.size()).toBe(0);
    expect(await refusal(verifyToken(s, token))).toMatch(/expired/);
  });

  it('refuses a tampered token, and the same token under other settings, after the original was cached', async () => {
    const token = await issueToken(s, actor, '60s');
    await verifyToken(s, token);
    const [h, p, sig] = token.split('.') as [string, string, string];
    const flipped = `${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
    expect(await refusal(verifyToken(s, `${h}.${p}.${flipped}`))).toMatch(/^UNAUTHENTICATED/);
    // A payload widened to another role, signed with the original signature.
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const widened = Buffer.from(JSON.stringify({ ...claims, role: 'LA_OFFICER' })).toString('base64url');
    expect(await refusal(verifyToken(s, `${h}.${widened}.${sig}`))).toMatch(/^UNAUTHENTICATED/);
    expect(await refusal(verifyToken({ ...s, secret: 'another-secret-of-enough-length-111' }, token))).toMatch(
      /^UNAUTHENTICATED/,
    );
    expect(await refusal(verifyToken({ ...s, audience: 'elsewhere' }, token))).toMatch(/^UNAUTHENTICATED/);
    // Only the genuine token was kept.
    expect(verifiedTokens.size()).toBe(1);
    expect(await verifyToken(s, token)).toEqual(actor);
  });

  it('never keeps a token refused by the claims checks', async () => {
    // A school role without its school claim: signed correctly, refused by the organisation check.
    const token = await issueToken(s, { ...actor, schoolId: undefined }, '60s');
    expect(await refusal(verifyToken(s, token))).toBe(
      'UNAUTHENTICATED: Please sign in again: your access token is missing, expired or not valid for this service.',
    );
    expect(await refusal(verifyToken(s, token))).toMatch(/^UNAUTHENTICATED/);
    expect(verifiedTokens.size()).toBe(0);
  });
});
