-- Retention (data protection): a direction review meeting's outcome is free text that may name the pupil, so
-- anonymising a pupil blanks it like a placement review's notes (src/retention/anonymisePupil.ts).
GRANT UPDATE ("outcome") ON "DirectionReviewMeeting" TO ap_app_role;
