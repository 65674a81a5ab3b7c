import { z } from 'zod';

/*
 * zod at the edge: every TikTok payload is validated here, then reshaped into ./types.ts by
 * ./parse.ts. TikTok's reference marks every response field "not required", omits fields rather
 * than sending null (API doc 4.1, real captures), adds enum values without notice and spells them
 * in more than one case. So: a field is required only where the record is useless without it (the
 * decision is written next to each field), enums are plain strings upper-cased for comparison (the
 * raw JSON keeps what TikTok sent), and unknown keys pass through into `raw`. An optional value
 * that is present but invalid is dropped as absent with a diagnostic (see parseLeniently), never a
 * reason to refuse the record.
 */

/** 64-bit ids must arrive as strings: a JSON number above 2^53 has already lost digits. */
const id = z.string({ error: 'must be a string id' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a TikTok id');
/** Unix seconds (TikTok's `*_time` and `deadline`). */
const unixSeconds = z.number({ error: 'must be Unix seconds' }).int().nonnegative();
/** Money is a decimal string ("12.30"); anything else is a corrupted value, not a zero. */
const decimal = z.string().regex(/^-?\d{1,14}(\.\d{1,6})?$/, 'must be a decimal string');
/** null is treated like an omitted field: TikTok's gateway sometimes sends `data: null`. */
const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const text = nullish(z.string());
/**
 * An enum value compared case-insensitively: TikTok writes role `"Buyer"` where the enum says
 * `BUYER` (API doc 4.2). Upper-cased for our comparisons; the raw JSON keeps TikTok's spelling.
 */
const enumText = nullish(
  z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().min(1)),
);
/** A boolean, also when sent as a string: the reference's own example has `"true "` (API doc 4.1). */
const boolish = nullish(
  z.union([
    z.boolean(),
    z
      .string()
      .transform((v) => v.trim().toLowerCase())
      .pipe(z.enum(['true', 'false']))
      .transform((v) => v === 'true'),
  ]),
);
/** The spec documents these as arrays, the changelog as single objects (API doc 4.1): accept both. */
const listOrOne = <T extends z.ZodType>(schema: T) => nullish(z.union([z.array(schema), schema.transform((one) => [one])]));

const refundAmountSchema = z.looseObject({
  currency: nullish(z.string().min(1).max(8)),
  refund_total: nullish(decimal),
  refund_subtotal: nullish(decimal),
  refund_shipping_fee: nullish(decimal),
  refund_tax: nullish(decimal),
  retail_delivery_fee: nullish(decimal),
  buyer_service_fee: nullish(decimal),
});

export const nextActionSchema = z.looseObject({
  // Required: an entry that does not say what TikTok waits for tells nothing (the entry is dropped).
  action: z.string().transform((v) => v.trim().toUpperCase()),
  deadline: nullish(unixSeconds),
});

export const lineItemSchema = z.looseObject({
  return_line_item_id: text,
  cancel_line_item_id: text,
  order_line_item_id: text,
  sku_id: text,
  sku_name: text,
  seller_sku: text,
  product_name: text,
  product_image: nullish(z.looseObject({ url: text })),
  refund_amount: nullish(refundAmountSchema),
});

export const discountSchema = z.looseObject({
  currency: text,
  product_platform_discount: nullish(decimal),
  product_seller_discount: nullish(decimal),
  shipping_fee_platform_discount: nullish(decimal),
  shipping_fee_seller_discount: nullish(decimal),
});

/** Spec names, plus the changelog's longer `*_amount` names (API doc 4.1 "Discrepancy"). */
export const shippingFeeSchema = z.looseObject({
  currency: text,
  buyer_paid_return_shipping_fee: nullish(decimal),
  seller_paid_return_shipping_fee: nullish(decimal),
  platform_paid_return_shipping_fee: nullish(decimal),
  buyer_paid_return_shipping_fee_amount: nullish(decimal),
  seller_paid_return_shipping_fee_amount: nullish(decimal),
  platform_paid_return_shipping_fee_amount: nullish(decimal),
});

/** Both parts or nothing: an offer without its currency or amount cannot be read (it is dropped). */
const moneySchema = z.looseObject({ currency: z.string().min(1).max(8), amount: decimal });

export const returnOrderSchema = z.looseObject({
  // Required: without its id a record cannot be stored or found again (it is skipped and counted).
  return_id: id,
  // Optional: stored as "" and shown as "—"; the request is still worth seeing.
  order_id: nullish(id),
  return_type: enumText,
  // Optional: a missing status is stored as an unmapped status (Pending, flagged), never guessed.
  // Kept as sent: the status mapping folds case and aliases, the stored value stays TikTok's.
  return_status: nullish(z.string().min(1)),
  arbitration_status: enumText,
  role: enumText,
  return_reason: text,
  return_reason_text: text,
  // Optional, both: the stored times fall back to each other, then to the time we received it.
  create_time: nullish(unixSeconds),
  update_time: nullish(unixSeconds),
  seller_next_action_response: nullish(z.array(nextActionSchema)),
  refund_amount: nullish(refundAmountSchema),
  return_line_items: nullish(z.array(lineItemSchema)),
  partial_refund: nullish(moneySchema),
  discount_amount: listOrOne(discountSchema),
  shipping_fee_amount: listOrOne(shippingFeeSchema),
  return_shipping_fee_amount: listOrOne(shippingFeeSchema),
  seller_proposed_return_type: enumText,
  buyer_rejected_partial_refund: boolish,
  can_buyer_keep_item: boolish,
});

export const cancellationSchema = z.looseObject({
  // Required: see return_id.
  cancel_id: id,
  // The rest as for returns: optional, with the same fallbacks.
  order_id: nullish(id),
  // REQUEST_CANCEL_REFUND in the reference's example, not in its enum (API doc 5.3): kept as sent.
  cancel_type: enumText,
  cancel_status: nullish(z.string().min(1)),
  role: enumText,
  cancel_reason: text,
  cancel_reason_text: text,
  create_time: nullish(unixSeconds),
  update_time: nullish(unixSeconds),
  seller_next_action_response: nullish(z.array(nextActionSchema)),
  refund_amount: nullish(refundAmountSchema),
  cancel_line_items: nullish(z.array(lineItemSchema)),
});

export type ReturnOrderPayload = z.infer<typeof returnOrderSchema>;
export type CancellationPayload = z.infer<typeof cancellationSchema>;
export type RefundAmountPayload = z.infer<typeof refundAmountSchema>;

/* ---------- Envelope `data` of each endpoint ---------- */

/** A count that is not a count is only a lost diagnostic: nothing depends on total_count. */
const totalCount = nullish(z.number().int().nonnegative()).catch(undefined);

export const searchReturnsDataSchema = z.looseObject({
  return_orders: nullish(z.array(z.unknown())),
  total_count: totalCount,
  next_page_token: nullish(z.string()),
});

export const searchCancellationsDataSchema = z.looseObject({
  cancellations: nullish(z.array(z.unknown())),
  total_count: totalCount,
  next_page_token: nullish(z.string()),
});

/** Each entry is parsed on its own (parseLeniently), so one bad entry does not cost the others. */
export const returnRecordsDataSchema = z.looseObject({ records: nullish(z.array(z.unknown())) });

export const returnRecordSchema = z.looseObject({
  event: enumText,
  role: enumText,
  description: text,
  reason_text: text,
  note: text,
  images: nullish(z.array(z.looseObject({ url: text }))),
  videos: nullish(z.array(z.looseObject({ url: text, cover: text }))),
  // Required: a timeline entry without a time cannot be placed in the timeline (it is left out).
  create_time: unixSeconds,
});

export const rejectReasonsDataSchema = z.looseObject({ reasons: nullish(z.array(z.unknown())) });

export const rejectReasonSchema = z.looseObject({
  // Required: `name` is what Reject Return sends back; a reason without one cannot be used (left out).
  name: z.string().min(1),
  text: text,
});

export const authorizedShopsDataSchema = z.looseObject({ shops: nullish(z.array(z.unknown())) });

export const authorizedShopSchema = z.looseObject({
  // Required: the shop's identity (webhooks name it by this id).
  id: id,
  name: text,
  region: text,
  seller_type: text,
  // Required: every shop-scoped call carries it; a shop without one cannot be called (left out).
  cipher: z.string().min(1),
  code: text,
});

export const tokenDataSchema = z.looseObject({
  // Required, both: a token response without them authorizes nothing.
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // Optional: an absolute Unix time despite its name (API doc 3.4). Missing means unknown: the
  // access token is then refreshed when TikTok answers 105002, not ahead of time.
  access_token_expire_in: nullish(unixSeconds),
  refresh_token_expire_in: nullish(unixSeconds),
  open_id: text,
  seller_name: text,
  seller_base_region: text,
  user_type: nullish(z.number().int()),
  granted_scopes: nullish(z.array(z.string())),
});

/** Describes a zod failure in one line, naming the field, for sync errors and logs. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Deletes the value at `path` (an array element is removed); when nothing is there, its container goes instead. */
function removeAt(root: unknown, path: readonly PropertyKey[]): void {
  if (path.length === 0) return;
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[key];
  const last = path[path.length - 1]!;
  if (parent === null || typeof parent !== 'object' || !(last in parent)) {
    removeAt(root, path.slice(0, -1));
    return;
  }
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else Reflect.deleteProperty(parent, last);
}

export type Lenient<T> = { ok: true; data: T; notes: string[] } | { ok: false; error: string };

/**
 * Parses `raw` with `schema`, dropping every invalid optional value (and a list entry that lacks
 * what the entry needs) as if TikTok had left it out, with a note for each. Only a problem with a
 * `required` top-level field, or a payload that is not an object, refuses the whole thing. `raw`
 * itself is never changed: the record is stored exactly as received.
 */
export function parseLeniently<T extends z.ZodType>(schema: T, raw: unknown, required: readonly string[]): Lenient<z.infer<T>> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: '(root): must be an object' };
  const candidate: unknown = structuredClone(raw);
  const notes: string[] = [];
  // Each pass drops one value; a record has far fewer fields than this.
  for (let pass = 0; pass < 200; pass++) {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) return { ok: true, data: parsed.data, notes };
    const issue = parsed.error.issues[0]!;
    const top = issue.path[0];
    if (top === undefined || (typeof top === 'string' && required.includes(top))) return { ok: false, error: describeIssues(parsed.error) };
    notes.push(`${issue.path.join('.')}: ${issue.message} (dropped)`);
    removeAt(candidate, issue.path);
  }
  return { ok: false, error: 'too many invalid fields' };
}
