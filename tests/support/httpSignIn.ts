/**
 * The OpenID Connect sign-in done with plain HTTP requests (no browser): the service's sign-in link,
 * the provider's login form, the callback. For the bench, which times pages server-side with a
 * signed-in session; the browser tests sign in through Chromium instead (browser.ts).
 */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();
  store(url: string, res: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(host, jar);
  }
  header(url: string): string {
    return [...(this.cookies.get(new URL(url).host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  /** One request with this jar's cookies, not following redirects. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.header(url) },
    });
    this.store(url, res);
    return res;
  }
  /** GETs, following redirects (with cookies per host) until a non-redirect answer. */
  async follow(url: string, init: RequestInit = {}): Promise<{ res: Response; url: string }> {
    let res = await this.fetch(url, init);
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      url = new URL(res.headers.get('location')!, url).toString();
      res = await this.fetch(url);
    }
    return { res, url };
  }
}

/** Signs in as `login` at the test identity provider; returns the jar holding the service's session cookie. */
export async function signInOverHttp(serviceUrl: string, login: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const { res: form, url: formUrl } = await jar.follow(`${serviceUrl}/sign-in/oidc`);
  const html = await form.text();
  const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
  if (!action) throw new Error(`no login form at ${formUrl}`);
  const posted = await jar.fetch(new URL(action, formUrl).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
  });
  const { url } = await jar.follow(new URL(posted.headers.get('location')!, formUrl).toString());
  if (!url.startsWith(serviceUrl) || new URL(url).pathname.startsWith('/sign-in'))
    throw new Error(`sign-in as ${login} ended at ${url}`);
  return jar;
}
