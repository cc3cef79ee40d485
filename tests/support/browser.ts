import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { PrismaClient } from '../../src/generated/prisma/client';
import { createPrisma } from '../../src/db/prisma';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApi, type RunningApi } from '../../src/services';
import { seedDemoData } from '../../src/demo/seed';
import { DEMO_USERS } from '../../src/demo/users';
import { issueToken } from '../../src/auth/tokens';
import type { Actor } from '../../src/auth/actor';
import { createTestDatabase, type TestDatabase } from './database';
import { testEnv } from './env';
import { TEST_JWT, type GqlResult } from './api';
import { startTestIdentityProvider, type IdpAccount, type TestIdentityProvider } from './oidcProvider';
import { startTestWorkers, eventually, flagQueueIdle } from './workers';

/** Screenshots for reviewers (gitignored). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');
export const VIEWPORT = { width: 1280, height: 800 };
/** WCAG 2.2 AA, as axe tags it. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** An account at the identity provider with no user record in the tracker. */
export const STRANGER: IdpAccount = {
  login: 'stranger@elsewhere.example.org',
  email: 'stranger@elsewhere.example.org',
  name: 'Sam Stranger',
};

export interface WebWorld {
  db: TestDatabase;
  /** Owner connection, for arranging (deactivating a user) and checking rows. */
  prisma: PrismaClient;
  api: RunningApi;
  idp: TestIdentityProvider;
  browser: Browser;
  /** The date the demo data was generated for, and the service's today. */
  today: string;
  url(path: string): string;
  /** The same question over /graphql with a bearer token for a demo user, to compare pages with. */
  gql<T = Record<string, any>>(
    email: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>>;
  /** A fresh browser context (own cookies) at 1280×800. */
  newContext(opts?: { javaScriptEnabled?: boolean }): Promise<BrowserContext>;
}

export interface WebWorldOptions {
  env?: Record<string, string>;
  /** Start the workers and let them drain the demo data's outbox, so flags exist. */
  flags?: boolean;
}

/**
 * One test file's world: its own copy of the migrated database with the demo data, the real
 * service (API and pages) on a free port signing in through a real local OpenID Connect provider
 * whose accounts are the demo users, and one shared headless Chromium (Debian's, via playwright-core).
 */
export function useWebWorld(opts: WebWorldOptions = {}): WebWorld {
  const w = {} as WebWorld;
  let workers: Awaited<ReturnType<typeof startTestWorkers>> | undefined;
  beforeAll(async () => {
    w.today = new Date().toISOString().slice(0, 10);
    w.db = await createTestDatabase();
    w.prisma = createPrisma(w.db.ownerUrl, 2);
    await seedDemoData(w.prisma, { seed: 1, today: w.today });
    // The IdP must know the redirect URI before the service's port is known: reserve the port first.
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    w.idp = await startTestIdentityProvider({
      redirectUri: `${publicUrl}/sign-in/callback`,
      accounts: [...DEMO_USERS.map((u) => ({ login: u.email, email: u.email, name: u.name })), STRANGER],
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: w.db.ownerUrl,
      APP_DATABASE_URL: w.db.appUrl,
      REDIS_URL: testEnv().redisUrl,
      JWT_SECRET: TEST_JWT.secret,
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: `t${w.db.name.slice(-8)}`,
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: w.idp.issuer,
      OIDC_CLIENT_ID: w.idp.clientId,
      OIDC_CLIENT_SECRET: w.idp.clientSecret,
      ...opts.env,
    });
    if (opts.flags) {
      workers = await startTestWorkers(w.db);
      await eventually(
        async () => (await w.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0,
        90_000,
        250,
      );
      // Published is not yet evaluated: wait for the flag jobs to finish too, or pages and GraphQL
      // asked a moment apart count different flags (the inbox tests compared 133 with 137), including the
      // providers' deferred evaluations. Not the other delayed ones: the nightly scan's scheduler always waits there.
      const flagQueue = workers.queues.flags;
      await eventually(() => flagQueueIdle(flagQueue), 90_000, 250);
    }
    w.api = await startApi(config, createLogger('silent'), port);
    w.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
      headless: true,
    });
    w.url = (path: string) => `${publicUrl}${path}`;
    w.newContext = async (o = {}) => {
      const context = await w.browser.newContext({
        viewport: VIEWPORT,
        javaScriptEnabled: o.javaScriptEnabled ?? true,
      });
      // The machine is shared (2 cores): waits are bounded generously rather than tuned to an idle one.
      context.setDefaultTimeout(120_000);
      context.setDefaultNavigationTimeout(120_000);
      if (o.javaScriptEnabled === false) WITHOUT_JAVASCRIPT.add(context);
      return context;
    };
    w.gql = async (email, query, variables) => {
      const user = await w.prisma.appUser.findUniqueOrThrow({ where: { email } });
      const actor: Actor = {
        userId: user.id,
        role: user.role,
        laId: user.laId,
        schoolId: user.schoolId ?? undefined,
        providerId: user.providerId ?? undefined,
      };
      const token = await issueToken(TEST_JWT, actor);
      const res = await fetch(`${w.api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult<any>;
    };
  }, 240_000);
  afterAll(async () => {
    await w.browser?.close();
    await w.api?.close();
    await workers?.close();
    await w.idp?.close();
    await w.prisma?.$disconnect();
    await w.db?.drop();
  });
  return w;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Signs in through the real OpenID Connect round trip: the service's sign-in button, the
 * provider's own login form, back to the service. Ends on the page the service lands the user on.
 */
export async function signIn(w: WebWorld, page: Page, email: string): Promise<void> {
  await page.goto(w.url('/sign-in'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.toString().startsWith(w.idp.issuer));
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('any password');
  await Promise.all([
    page.waitForURL((u) => u.toString().startsWith(w.url('/')) && !u.pathname.startsWith('/sign-in/callback'), {
      waitUntil: 'domcontentloaded',
    }),
    page.locator('button[type="submit"]').click(),
  ]);
}

/** A context already signed in as the user (one OIDC round trip). */
export async function signedInPage(
  w: WebWorld,
  email: string,
  opts: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await w.newContext(opts);
  const page = await context.newPage();
  await signIn(w, page, email);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Contexts opened with JavaScript switched off: axe cannot run in their pages (see expectAccessible). */
const WITHOUT_JAVASCRIPT = new WeakSet<BrowserContext>();

/**
 * axe-core at WCAG 2.2 AA: zero violations, with the rule ids and targets in the failure message.
 * axe runs as a script in the page, which never starts where JavaScript is switched off (the check
 * waited forever). There the page's server-rendered HTML, its own scripts removed so nothing enhances
 * it, is checked in a JavaScript-enabled page of the same origin, so its stylesheets load as they did.
 */
export async function expectAccessible(page: Page): Promise<void> {
  if (WITHOUT_JAVASCRIPT.has(page.context())) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const checker = await page.context().browser()!.newContext({ viewport: VIEWPORT, bypassCSP: true });
    try {
      const copy = await checker.newPage();
      await copy.goto(new URL('/assets/app/app.css', page.url()).href);
      await copy.setContent(html, { waitUntil: 'load' });
      return await expectAxeClean(copy, page.url());
    } finally {
      await checker.close();
    }
  }
  return expectAxeClean(page, page.url());
}

async function expectAxeClean(page: Page, url: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${url}`).toEqual([]);
}
