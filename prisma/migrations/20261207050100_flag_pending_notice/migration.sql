-- Issue 18 goal 7: a flag's opening and the duty to notify about it are written by the same statement, so a
-- worker killed between reconciling flags and queueing their notifications does not lose them: the retried
-- job finds the notice still pending and queues it under the same job id (BullMQ ignores a second add).
-- Holds how the flag opened ('new', or the status it reopened from) until the notification job is queued.
ALTER TABLE "Flag" ADD COLUMN "pendingNotice" TEXT;
