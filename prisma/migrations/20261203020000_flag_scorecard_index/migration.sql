-- The provider scorecard's "flags open now" (src/reports/providerScorecard.ts), read live on every run:
-- an LA's live flags that name a provider, counted by provider and severity. Without this the LA's
-- flags were all read from the heap (44 ms with 22k flags, one LA at 1M movements); from this partial
-- covering index, only those naming a provider, index-only (1.5 ms). Partial, so SQL only.
CREATE INDEX "Flag_live_provider_idx" ON "Flag"("laId", "providerId", "severity")
  WHERE "status" IN ('OPEN', 'ACKNOWLEDGED') AND "providerId" IS NOT NULL;
