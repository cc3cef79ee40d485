-- Database roles of AP Movement Tracker. Idempotent: safe to run any number of times.
-- Used by scripts/bringup/postgres.mjs (as the postgres superuser, or as ap_owner) and mounted
-- into the postgres container by docker-compose.yml as an initdb script.
--   ap_owner     owns the databases; runs migrations, seeding and test administration (may end
--                other sessions: pg_signal_backend).
--   ap_app_role  NOLOGIN group role; migrations grant the API's table privileges to it.
--   ap_app       LOGIN role the API and workers connect as (APP_DATABASE_URL); inherits ap_app_role.
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ap_owner') THEN
    CREATE ROLE ap_owner LOGIN PASSWORD 'ap_owner' CREATEDB CREATEROLE;
  ELSE
    ALTER ROLE ap_owner LOGIN PASSWORD 'ap_owner' CREATEDB CREATEROLE;
  END IF;

  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ap_app_role') THEN
    CREATE ROLE ap_app_role NOLOGIN;
  END IF;

  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ap_app') THEN
    CREATE ROLE ap_app LOGIN INHERIT PASSWORD 'ap_app';
  ELSE
    ALTER ROLE ap_app LOGIN INHERIT PASSWORD 'ap_app';
  END IF;

  IF NOT EXISTS (
    SELECT 1 FROM pg_auth_members m
    JOIN pg_roles r ON r.oid = m.roleid AND r.rolname = 'ap_app_role'
    JOIN pg_roles u ON u.oid = m.member AND u.rolname = 'ap_app'
  ) THEN
    GRANT ap_app_role TO ap_app;
  END IF;

  -- ap_owner administers the databases: dropping one WITH (FORCE) (each test file drops its own) ends the
  -- sessions in it, and ending ap_app's needs this; without it a pool still closing made the drop fail.
  IF NOT pg_has_role('ap_owner', 'pg_signal_backend', 'MEMBER') THEN
    GRANT pg_signal_backend TO ap_owner;
  END IF;
END
$roles$;
