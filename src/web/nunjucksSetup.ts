import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { packageDir } from './middleware/setUpStaticResources';
import { label } from './labels';

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
    typeof n === 'number'
      ? new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n)
      : '–',
  );
  /** A ReportCount/ReportNumber cell: its value, or "suppressed" (never shown as 0). */
  env.addFilter('reportValue', (cell: { value: number | null; suppressed: boolean } | null | undefined, digits = 0) => {
    if (!cell) return '–';
    if (cell.suppressed) return 'suppressed';
    if (cell.value === null || cell.value === undefined) return '–';
    return digits
      ? new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
          cell.value,
        )
      : whole.format(cell.value);
  });
  env.addFilter('longDate', (iso: unknown) =>
    typeof iso === 'string'
      ? new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        })
      : '',
  );
  env.addFilter('label', label);
  // The MoJ timeline template formats its dates with this filter.
  env.addFilter('mojDate', (iso: unknown, type?: string) => {
    if (typeof iso !== 'string') return '';
    const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
    const date = d.toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    });
    return type === 'datetime'
      ? `${date} at ${d.toLocaleTimeString('en-GB', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/London' })}`
      : date;
  });
  return env;
}
