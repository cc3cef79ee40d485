-- Issue 18 goal 2: a timeline read lists, for each of its events, the corrections made to it later
-- (PupilEvent."correctsEventId" = the event). Without an index that lookup scanned every event of every pupil.
-- Partial: only corrections carry the column, so the index stays as small as they are few.
CREATE INDEX "PupilEvent_correctsEventId_idx" ON "PupilEvent"("correctsEventId") WHERE "correctsEventId" IS NOT NULL;
