/** Conversions at the database boundary: Prisma DATE columns are JS Dates at UTC midnight. */
export const toDb = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);
export const toDbOrNull = (iso: string | null | undefined): Date | null => (iso ? toDb(iso) : null);
export const fromDb = (d: Date): string => d.toISOString().slice(0, 10);
export const fromDbOrNull = (d: Date | null | undefined): string | null => (d ? fromDb(d) : null);
