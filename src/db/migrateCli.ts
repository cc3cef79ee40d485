import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, MigrationError } from './migrate';

// Migrations run as the owning role (DATABASE_URL), never as the application's role.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it must name the database owner account used for migrations.');
  process.exit(2);
}
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');
try {
  const result = await migrate(url, dir, (m) => console.log(`[migrate] ${m}`));
  console.log(`[migrate] ${result.applied.length} applied, ${result.alreadyApplied.length} already up to date`);
} catch (err) {
  console.error(`[migrate] ${err instanceof MigrationError ? err.message : String(err)}`);
  process.exit(1);
}
