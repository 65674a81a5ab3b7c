-- TikTok's refunded line items in our client's normalised shape (src/server/sync/to-refund-row.ts,
-- lineItemsOf), for the refund-lines export and the per-SKU analytics. Every sync writes it from now
-- on; rows already stored are filled once here from their raw JSON, with the spec's field names
-- (return_line_items / cancel_line_items; amounts kept only when they are decimal strings, as the
-- client's schema requires).
ALTER TABLE "refunds" ADD COLUMN "line_items" JSONB NOT NULL DEFAULT '[]';

UPDATE "refunds" r SET "line_items" = coalesce((
  SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
    'skuId', li->>'sku_id',
    'sellerSku', li->>'seller_sku',
    'skuName', li->>'sku_name',
    'productName', li->>'product_name',
    'amount', CASE WHEN li->'refund_amount'->>'refund_total' ~ '^-?\d{1,14}(\.\d{1,6})?$' THEN li->'refund_amount'->>'refund_total' END,
    'currency', coalesce(li->'refund_amount'->>'currency', r.currency)
  )) ORDER BY ord)
  FROM jsonb_array_elements(CASE jsonb_typeof(coalesce(r.raw->'return_line_items', r.raw->'cancel_line_items'))
                              WHEN 'array' THEN coalesce(r.raw->'return_line_items', r.raw->'cancel_line_items') ELSE '[]'::jsonb END)
       WITH ORDINALITY AS t(li, ord)
  WHERE jsonb_typeof(li) = 'object'
), '[]'::jsonb);
