import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundled copies the service loads at run time. */
export const BUNDLED_DIR = fileURLToPath(new URL('../../../data/reference/', import.meta.url));

/** The shared originals, present on development machines only. */
export const SHARED_DIR = '/work/shared/data/';

export const sharedDataPresent = existsSync(SHARED_DIR);

/** Test data from the shared originals when present, else the bundled copy. */
export function readTestData(fileName: string): string {
  return readFileSync(
    (sharedDataPresent && existsSync(SHARED_DIR + fileName) ? SHARED_DIR : BUNDLED_DIR) + fileName,
    'utf8',
  );
}

export const BUNDLED_FILES = [
  'england_wales_bank_holidays_2015_2027.csv',
  'sheffield_la_term_dates_2025_2028.json',
  'dfeR_EnglishLaNameCodes.csv',
  'dfeR_OtherLaNameCodes.csv',
  'dfeR_las_old_new_codes.csv',
  'upn_la_code_ranges_cin_rule1530.csv',
  'upn_test_vectors.csv',
] as const;
