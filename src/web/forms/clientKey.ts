import { randomUUID } from 'node:crypto';

/**
 * Made when a form is rendered and sent back with it as the mutation's `clientKey`: a double click
 * or a resubmitted page replays the same key, and the API records the write once.
 */
export function newClientKey(): string {
  return randomUUID();
}

/** The key the form carried; a form posted without one gets a fresh key (it then behaves like a new request). */
export function clientKeyFrom(body: Record<string, unknown>): string {
  const k = body.clientKey;
  return typeof k === 'string' && /^[0-9a-f-]{36}$/.test(k) ? k : newClientKey();
}
