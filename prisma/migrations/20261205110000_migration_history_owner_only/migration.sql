-- The migration history belongs to the owner role that runs migrations (src/db/migrate.ts). The first
-- migration granted the app role every table in the schema, which included "_prisma_migrations": the
-- API could rewrite or delete the record of what was applied (and so hide or replay a migration).
-- The API and workers never read it.
REVOKE ALL ON TABLE "_prisma_migrations" FROM ap_app_role;
