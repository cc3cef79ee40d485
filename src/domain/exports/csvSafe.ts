/**
 * A value written to a CSV a person will open in a spreadsheet: one starting with =, +, -, @, a tab or a
 * carriage return would run as a formula (CSV injection), so it is prefixed with an apostrophe.
 */
export const csvSafe = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
