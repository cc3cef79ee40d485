import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** The compiled CSS, JavaScript, fonts and images the GOV.UK and MoJ frontends ship (no Sass build). */
export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export function setUpStaticResources(): Router {
  const router = Router();
  const cache = { maxAge: '1h', index: false, fallthrough: true, redirect: false } as const;
  const govuk = join(packageDir('govuk-frontend'), 'dist', 'govuk');
  const moj = join(packageDir('@ministryofjustice/frontend'), 'moj');
  // govuk-frontend's CSS refers to /assets/fonts and /assets/images.
  router.use('/assets', express.static(join(govuk, 'assets'), cache));
  router.use('/assets', express.static(join(moj, 'assets'), cache));
  router.use('/assets/govuk', express.static(govuk, { ...cache, extensions: [] }));
  router.use('/assets/moj', express.static(moj, cache));
  router.use('/assets/app', express.static(join(here, '..', 'assets'), cache));
  return router;
}
