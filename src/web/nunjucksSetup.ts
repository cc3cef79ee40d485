import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { packageDir } from './middleware/setUpStaticResources';

const here = dirname(fileURLToPath(import.meta.url));

/** Nunjucks over our views plus the GOV.UK and MoJ component templates, autoescaped. */
export function nunjucksSetup(app: Express, production: boolean): nunjucks.Environment {
  const env = nunjucks.configure(
    [join(here, 'views'), join(packageDir('govuk-frontend'), 'dist'), packageDir('@ministryofjustice/frontend')],
    { autoescape: true, express: app, noCache: !production, throwOnUndefined: false },
  );
  app.set('view engine', 'njk');
  const whole = new Intl.NumberFormat('en-GB');
  env.addFilter('number', (n: unknown, digits = 0) =>
    typeof n === 'number' ? new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n) : '–');
  /** A ReportCount/ReportNumber cell: its value, or "suppressed" (never shown as 0). */
  env.addFilter('reportValue', (cell: { value: number | null; suppressed: boolean } | null | undefined, digits = 0) => {
    if (!cell) return '–';
    if (cell.suppressed) return 'suppressed';
    if (cell.value === null || cell.value === undefined) return '–';
    return digits ? new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(cell.value) : whole.format(cell.value);
  });
  env.addFilter('longDate', (iso: unknown) =>
    typeof iso === 'string' ? new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : '');
  return env;
}
