-- Issue 18 goal 3: the outbox relay wakes on a notification instead of waiting for its next 200 ms poll
-- (the poll stays as the fallback). One notification per inserting statement; PostgreSQL delivers it at
-- commit (never for a rolled-back write) and folds repeats within a transaction into one.
CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_event', '');
  RETURN NULL;
END $$;

CREATE TRIGGER "OutboxEvent_notify" AFTER INSERT ON "OutboxEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

-- The relay puts the rows of one pass in one job (coalescing). To keep "one job per row, never two" it first
-- claims the rows under a batch number (committed), then publishes the batch under a job id made from that
-- number, then marks it published: a relay that dies after claiming leaves a batch that the next pass
-- publishes again under the same job id, which BullMQ ignores if the first attempt reached Redis.
CREATE SEQUENCE outbox_relay_batch;
ALTER TABLE "OutboxEvent" ADD COLUMN "relayBatch" BIGINT;
CREATE INDEX "OutboxEvent_claimed_idx" ON "OutboxEvent"("relayBatch") WHERE "publishedAt" IS NULL AND "relayBatch" IS NOT NULL;
GRANT USAGE, SELECT ON SEQUENCE outbox_relay_batch TO ap_app_role;
