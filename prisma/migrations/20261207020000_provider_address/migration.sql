-- A provider's address (issue 16 item 4): the Children Not in School register (CWSA 2026 s38, domain.md §10.3)
-- records each other provider's name, address and type. Optional: providers recorded before it have none,
-- and the register export leaves it blank until an LA officer records it.
ALTER TABLE "Provider" ADD COLUMN "address" TEXT;
ALTER TABLE "Provider" ADD CONSTRAINT "Provider_address_length_check" CHECK (char_length("address") <= 500);
