import type { Page } from 'playwright-core';
import { upnCheckLetter } from '../../src/domain/identifiers';

/** Fills a GOV.UK date input (name-day, name-month, name-year) from an ISO date. */
export async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(d)));
  await page.locator(`#${name}-month`).fill(String(Number(m)));
  await page.locator(`#${name}-year`).fill(y!);
}

/** A valid UPN (V1 check letter) in an establishment range the demo data never uses. */
export function testUpn(serial: number): string {
  const rest12 = `3739999${'26'}${String(serial).padStart(3, '0')}`;
  return `${upnCheckLetter(rest12)}${rest12}`;
}

/** Clicks a submit button and waits for the page it leads to. */
export async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([
    page.waitForLoadState('load'),
    page.waitForURL(() => true),
    page.getByRole('button', { name }).click(),
  ]);
  await page.waitForLoadState('load');
}
