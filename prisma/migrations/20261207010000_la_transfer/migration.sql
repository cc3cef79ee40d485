-- Transfer of a pupil's AP history between LAs (issue 16 item 6, docs/transfer.md).

-- Each LA's Ed25519 signing keys. The private key is stored encrypted (AES-256-GCM under a key derived from
-- TRANSFER_KEY_SECRET, or JWT_SECRET when unset), so a database dump or a stray SELECT never yields a usable key;
-- only src/transfer/signingKeys.ts decrypts it, to sign. A retired key stays published until its packs expire.
CREATE TABLE "LaSigningKey" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "encryptedPrivateKey" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),
    CONSTRAINT "LaSigningKey_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "LaSigningKey_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "LaSigningKey_kid_key" ON "LaSigningKey"("kid");
CREATE INDEX "LaSigningKey_laId_idx" ON "LaSigningKey"("laId");
-- At most one key an LA signs with at a time.
CREATE UNIQUE INDEX "LaSigningKey_one_current" ON "LaSigningKey"("laId") WHERE "retiredAt" IS NULL;

-- Another LA's public keys an LA officer of this LA registered as trusted (from that LA's JWKS).
CREATE TABLE "TrustedLaKey" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "laId" UUID NOT NULL,
    "issuerLaCode" CHAR(3) NOT NULL,
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TrustedLaKey_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "TrustedLaKey_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "TrustedLaKey_laId_kid_key" ON "TrustedLaKey"("laId", "kid");

-- A pack this LA signed for another LA. While it stands (not returned), the pupil is read-only to this LA.
CREATE TABLE "PupilTransferOut" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "fromLaId" UUID NOT NULL,
    "toLaCode" CHAR(3) NOT NULL,
    "kid" TEXT NOT NULL,
    "jti" UUID NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "closedPlacementId" UUID,
    "createdBy" TEXT NOT NULL,
    "returnedAt" TIMESTAMPTZ(3),
    CONSTRAINT "PupilTransferOut_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PupilTransferOut_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PupilTransferOut_fromLaId_fkey" FOREIGN KEY ("fromLaId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PupilTransferOut_closedPlacementId_fkey" FOREIGN KEY ("closedPlacementId") REFERENCES "Placement"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "PupilTransferOut_jti_key" ON "PupilTransferOut"("jti");
CREATE INDEX "PupilTransferOut_pupilId_idx" ON "PupilTransferOut"("pupilId");

-- A pack another LA signed, verified and imported: the sending LA's history of the pupil, read-only, with its
-- provenance. The database refuses any change to it (the same append-only rule as the timeline).
CREATE TABLE "ReceivedHistory" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pupilId" UUID NOT NULL,
    "laId" UUID NOT NULL,
    "sendingLaCode" CHAR(3) NOT NULL,
    "sendingLaName" TEXT NOT NULL,
    "signerKid" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "jti" UUID NOT NULL,
    "pack" JSONB NOT NULL,
    "jws" TEXT NOT NULL,
    "receivedBy" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReceivedHistory_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ReceivedHistory_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReceivedHistory_laId_fkey" FOREIGN KEY ("laId") REFERENCES "LocalAuthority"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ReceivedHistory_jti_key" ON "ReceivedHistory"("jti");
CREATE INDEX "ReceivedHistory_pupilId_idx" ON "ReceivedHistory"("pupilId");

CREATE FUNCTION received_history_read_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'a history received from another LA is read-only' USING ERRCODE = '42501';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER "ReceivedHistory_read_only" BEFORE UPDATE OR DELETE ON "ReceivedHistory"
  FOR EACH ROW EXECUTE FUNCTION received_history_read_only();

-- A transfer out is never rewritten, except to note that the pupil came back (returnedAt, once).
CREATE FUNCTION transfer_out_forward_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."returnedAt" IS NULL AND NEW."returnedAt" IS NOT NULL
     AND (to_jsonb(NEW) - 'returnedAt') = (to_jsonb(OLD) - 'returnedAt') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'a transfer out is append-only' USING ERRCODE = '42501';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER "PupilTransferOut_forward_only" BEFORE UPDATE OR DELETE ON "PupilTransferOut"
  FOR EACH ROW EXECUTE FUNCTION transfer_out_forward_only();

GRANT SELECT, INSERT ON "LaSigningKey", "TrustedLaKey", "ReceivedHistory", "PupilTransferOut" TO ap_app_role;
GRANT UPDATE ("retiredAt") ON "LaSigningKey" TO ap_app_role;
GRANT UPDATE ("returnedAt") ON "PupilTransferOut" TO ap_app_role;
