import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection from here. `prisma generate` needs no database,
// so a placeholder keeps it working offline before bring-up has set DATABASE_URL.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/placeholder' },
});
