import * as client from 'openid-client';
import type { Config } from '../../config';

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: new URL(config.OIDC_ISSUER),
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUri: config.OIDC_REDIRECT_URL ?? new URL('/sign-in/callback', config.PUBLIC_URL).toString(),
  };
}

export interface SignInClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

/**
 * OpenID Connect authorisation code flow with PKCE (S256), state and nonce, against the LA's
 * identity provider. Discovery runs at the first sign-in and is kept; a failed discovery is retried
 * at the next one. A plain-http issuer is accepted outside production, and in production only on the
 * loopback interface (a provider on the same machine: the bench), never across a network.
 */
export function createOidc(settings: OidcSettings, production: boolean) {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= client
      .discovery(
        settings.issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        plainHttpAllowed(settings.issuer, production) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err) => {
        discovered = null;
        throw err;
      });
    return discovered;
  };
  return {
    async start(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.toString(), state, nonce, codeVerifier };
    },
    /** Exchanges the code (checking state, nonce and the PKCE verifier) and returns who signed in. */
    async finish(
      callbackUrl: URL,
      expected: { state: string; nonce: string; codeVerifier: string },
    ): Promise<SignInClaims> {
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the identity provider returned no ID token');
      let email = typeof claims.email === 'string' ? claims.email : null;
      let emailVerified = claims.email_verified === true;
      if (!email) {
        // Some providers put email only in userinfo.
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : null;
        emailVerified = info.email_verified === true;
      }
      return { subject: claims.sub, email, emailVerified };
    },
  };
}

export type Oidc = ReturnType<typeof createOidc>;

function plainHttpAllowed(issuer: URL, production: boolean): boolean {
  if (issuer.protocol !== 'http:') return false;
  return !production || ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}
