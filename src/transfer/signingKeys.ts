import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/**
 * Each LA's Ed25519 signing key for transfer packs. The private half never leaves this file unencrypted: it is
 * stored as AES-256-GCM ciphertext under a key derived (HKDF-SHA256) from TRANSFER_KEY_SECRET (JWT_SECRET when
 * unset), with the key id as associated data so a ciphertext cannot be moved onto another key's row. A database
 * dump, a backup or a read path that selected the row by mistake yields nothing that signs.
 */

const INFO = 'ap-movement-tracker/transfer-signing-key/v1';
const FORMAT = 'v1';

function wrappingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'ap-movement-tracker', INFO, 32));
}

export function encryptPrivateJwk(secret: string, kid: string, jwk: JWK): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(secret), iv);
  cipher.setAAD(Buffer.from(kid));
  const body = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptPrivateJwk(secret: string, kid: string, stored: string): JWK {
  const [format, iv, tag, body] = stored.split('.');
  if (format !== FORMAT || !iv || !tag || !body) throw new Error('transfer signing key: unknown storage format');
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(
    Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8'),
  );
}

export interface NewSigningKey {
  kid: string;
  publicJwk: JWK;
  encryptedPrivateKey: string;
}

/** A fresh Ed25519 key pair; the kid is the LA code and the public key's RFC 7638 thumbprint. */
export async function newSigningKey(secret: string, laCode: string): Promise<NewSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = `${laCode}-${await calculateJwkThumbprint(pub)}`;
  const publicJwk: JWK = { ...pub, kid, alg: 'EdDSA', use: 'sig' };
  return { kid, publicJwk, encryptedPrivateKey: encryptPrivateJwk(secret, kid, await exportJWK(privateKey)) };
}

/** The key to sign with, decrypted only here and only for the signature. */
export async function signingKeyFrom(secret: string, kid: string, encryptedPrivateKey: string) {
  return importJWK(decryptPrivateJwk(secret, kid, encryptedPrivateKey), 'EdDSA');
}

/** A public key as published and as trusted: only the public members, never `d`. */
export function publicOnly(jwk: JWK): JWK {
  const { kty, crv, x, kid, alg, use } = jwk;
  return { kty, crv, x, kid, alg: alg ?? 'EdDSA', use: use ?? 'sig' };
}
