-- TikTok's partial-refund offer, the buyer's answer, discounts and the return-shipping split, in
-- the shape our client normalises them to (src/server/sync/to-refund-row.ts, amountDetails).
-- Written by every sync from now on; rows TikTok does not change again keep null, and the Refund
-- Data modal reads the same facts from the raw JSON, so nothing shown depends on a backfill.
ALTER TABLE "refunds" ADD COLUMN "amount_details" JSONB;
