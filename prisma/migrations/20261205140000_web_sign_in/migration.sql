-- Web sign-in (issue 12): the identity provider's subject for each user, bound at their first
-- OpenID Connect sign-in (matched by email then), so a later change of email at the IdP cannot
-- move a sign-in onto another user's record.
ALTER TABLE "AppUser" ADD COLUMN "oidcSubject" TEXT;
CREATE UNIQUE INDEX "AppUser_oidcSubject_key" ON "AppUser"("oidcSubject");
