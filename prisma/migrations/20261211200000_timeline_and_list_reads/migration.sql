-- Issue 18 goal 2: a timeline read lists, for each of its events, the corrections made to it later
-- (PupilEvent."correctsEventId" = the event). Without an index that lookup scanned every event of every pupil.
-- Partial: only corrections carry the column, so the index stays as small as they are few.
CREATE INDEX "PupilEvent_correctsEventId_idx" ON "PupilEvent"("correctsEventId") WHERE "correctsEventId" IS NOT NULL;

-- Issue 18 goal 2: "pupils in AP today" (the pupil list's inAp and providerId filters) asks for placements not
-- ended before today and started by today. Without this index that read every placement ever recorded (a
-- sequential scan: ended placements accumulate, open ones stay few); with it, one range over the placements
-- still open, answered from the index (startDate and pupilId are in it).
CREATE INDEX "Placement_open_on_idx" ON "Placement" ((COALESCE("endDate", 'infinity'::date)), "startDate")
  INCLUDE ("pupilId", "providerId");
