-- The flags list (src/graphql/resolvers/flags.ts): an LA's flags newest first, in pages. Without this the
-- LA's flags were gathered and sorted for every page: 22 ms for the first page with 22k flags (one LA at
-- 1M movements), 0.13 ms with it.
CREATE INDEX "Flag_laId_firstSeenAt_id_idx" ON "Flag"("laId", "firstSeenAt" DESC, "id");
