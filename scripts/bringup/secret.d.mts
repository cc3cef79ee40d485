// Types for the tests that exercise the bring-up secret helper (secret.mjs is plain ESM: bring-up runs before npm install).
export const SECRET_FILE: string;
export function jwtSecretFor(mode: 'start' | 'test' | 'bench'): string;
