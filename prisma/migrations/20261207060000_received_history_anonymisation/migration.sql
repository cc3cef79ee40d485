-- A history received from another LA stays read-only, with the one exception the rest of the pupil's history
-- has (20261206020000_data_protection): once an LA officer has approved the pupil's anonymisation, its pack and
-- signed copy may be rewritten (src/retention/anonymisePupil.ts), and nothing else about the row may change.
CREATE OR REPLACE FUNCTION received_history_read_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND anonymisation_approved(OLD."pupilId")
     AND (to_jsonb(NEW) - 'pack' - 'jws') = (to_jsonb(OLD) - 'pack' - 'jws') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'a history received from another LA is read-only' USING ERRCODE = '42501';
END $$ LANGUAGE plpgsql;

GRANT UPDATE ("pack", "jws") ON "ReceivedHistory" TO ap_app_role;
