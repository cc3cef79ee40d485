-- A reintegration follow-up whose outcome the reporter could not find out (issue 13: sustained / broke
-- down / not known). It never makes a reintegration sustained (rule R2); a later report replaces it.
-- ADD VALUE may run in the runner's transaction (PostgreSQL 12+) because nothing here uses the new value.
ALTER TYPE "CheckpointOutcome" ADD VALUE 'NOT_KNOWN';
