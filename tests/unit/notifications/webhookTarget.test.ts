import { describe, expect, it } from 'vitest';
import { isForbiddenAddress, webhookUrlProblem } from '../../../src/notifications/webhookTarget';

describe('webhook targets: public http(s) addresses only', () => {
  it.each([
    '169.254.169.254',
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    'ff02::1',
  ])('%s is refused', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111'])('%s is allowed', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /public address/],
    ['http://127.0.0.1:6379/', /public address/],
    ['http://[::1]:8080/hook', /public address/],
    ['http://10.0.0.5/hook', /public address/],
    ['http://localhost:4000/hook', /internal/],
    ['http://metadata.google.internal/', /internal/],
    ['http://intranet/', /internal/],
    ['ftp://example.org/hook', /http/],
    ['gopher://example.org:6379/_INFO', /http/],
    ['file:///etc/passwd', /http/],
    ['https://user:pw@example.org/hook', /user name or password/],
    ['not a url', /full URL/],
  ])('%s is refused', (url, why) => {
    expect(webhookUrlProblem(url, false)).toMatch(why);
  });

  it('a public https URL passes; the opt-in for tests allows a local receiver but never another scheme', () => {
    expect(webhookUrlProblem('https://hooks.example.org/ap', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:9999/hooks', true)).toBeNull();
    expect(webhookUrlProblem('file:///etc/passwd', true)).toMatch(/http/);
  });
});
