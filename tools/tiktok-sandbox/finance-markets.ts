/**
 * What money does per market in the sandbox (finance contract sections 2.1, 7.4 and 8.3). Rates
 * and costs are in minor units of the market's currency. Only the US figures are published
 * (TTS-US-FEE, TTS-US-SETTLE); the others are plausible stand-ins, marked as such, so that the
 * same rules run on every currency the grid shows (zero-decimal VND/JPY/IDR included).
 */

export interface MarketFinance {
  /** IANA zone of the shop's registered region: Analytics days are local days (contract 3). */
  timeZone: string;
  /** Days from delivery to settlement when no after-sales request is open (US standard tier: 7). */
  settlementDays: number;
  /** Referral fee on the seller's revenue of a unit (US: 6% since 2024-04-01). */
  referralRate: number;
  /** "The 20% refund administration fee deducted from the total refunded referral fee" (all markets, F-SPEC). */
  adminFeeRate: number;
  /** Cap of the admin fee per SKU of a refund, minor units (US: $5); null where no cap is published. */
  adminFeeCapPerSku: number | null;
  /** Seller-paid return label for product-issue returns, minor units (sandbox figure). */
  returnLabel: number;
  /** Outbound shipping label per parcel, minor units (sandbox figure). */
  shippingLabel: number;
  /** Payout threshold: smaller or negative balances are carried to the next statement (US: $1). */
  payoutThreshold: number;
  /** Share of units carrying a TikTok-funded platform discount, and its size as a share of the price. */
  platformDiscountShare: number;
  /** US and UK statements carry net_sales_amount instead of revenue_amount (contract 2.2). */
  netSalesInsteadOfRevenue: boolean;
  /** SEA markets have no Get Payments (withdrawals instead) and no net sales / shipping split. */
  sea: boolean;
  /** Sales tax collected by TikTok (US marketplace facilitator): in the buyer's refund, never in the seller's money. */
  salesTax: boolean;
}

const base = {
  settlementDays: 7,
  adminFeeRate: 0.2,
  adminFeeCapPerSku: null,
  platformDiscountShare: 0.15,
  sea: false,
  salesTax: false,
  netSalesInsteadOfRevenue: false,
};

const MARKET_FINANCE: Readonly<Record<string, MarketFinance>> = {
  US: {
    ...base,
    timeZone: 'America/Los_Angeles',
    referralRate: 0.06,
    adminFeeCapPerSku: 500,
    returnLabel: 475,
    shippingLabel: 520,
    payoutThreshold: 100,
    netSalesInsteadOfRevenue: true,
    salesTax: true,
  },
  GB: { ...base, timeZone: 'Europe/London', referralRate: 0.09, returnLabel: 350, shippingLabel: 399, payoutThreshold: 100, netSalesInsteadOfRevenue: true },
  ES: { ...base, timeZone: 'Europe/Madrid', referralRate: 0.09, returnLabel: 400, shippingLabel: 450, payoutThreshold: 100 },
  VN: { ...base, timeZone: 'Asia/Ho_Chi_Minh', referralRate: 0.05, returnLabel: 22000, shippingLabel: 25000, payoutThreshold: 10000, sea: true },
  MY: { ...base, timeZone: 'Asia/Kuala_Lumpur', referralRate: 0.05, returnLabel: 600, shippingLabel: 650, payoutThreshold: 100, sea: true },
  JP: { ...base, timeZone: 'Asia/Tokyo', referralRate: 0.08, returnLabel: 700, shippingLabel: 800, payoutThreshold: 100 },
  ID: { ...base, timeZone: 'Asia/Jakarta', referralRate: 0.05, returnLabel: 15000, shippingLabel: 18000, payoutThreshold: 10000, sea: true },
  MX: { ...base, timeZone: 'America/Mexico_City', referralRate: 0.07, returnLabel: 9000, shippingLabel: 9900, payoutThreshold: 100 },
  TH: { ...base, timeZone: 'Asia/Bangkok', referralRate: 0.05, returnLabel: 4000, shippingLabel: 4500, payoutThreshold: 100, sea: true },
  SG: { ...base, timeZone: 'Asia/Singapore', referralRate: 0.05, returnLabel: 500, shippingLabel: 550, payoutThreshold: 100, sea: true },
};

export function marketFinance(region: string): MarketFinance {
  const found = MARKET_FINANCE[region];
  if (!found) throw new Error(`no finance settings for market ${region}`);
  return found;
}

/**
 * How much of everything the sandbox plants, per shop. Rates apply per eligible refund (or plain
 * order), decided by a hash of its id, so the same seed always plants the same ones.
 */
export interface FinanceSettings {
  /** Orders without any after-sales request, per shop per UTC day: the sales that keep statements positive. */
  ordersPerDay: number;
  /** Completed refunds TikTok never deducts from the seller (missing clawback). */
  missingClawbackRate: number;
  /** Completed refunds whose clawback deducts more than was refunded. */
  overchargeRate: number;
  /** Plain orders that get a clawback line although nobody asked for a refund. */
  orphanClawbackRate: number;
  /** Platform-issued refunds (arbitration for the buyer) that TikTok later reimburses. */
  reimbursementRate: number;
  /** Refunds whose clawback lands 1 to 3 statements late (R1). */
  lateDeductionRate: number;
  /** Plain orders with an unrelated adjustment (shipping fee adjustment, deduction): never a refund. */
  adjustmentRate: number;
  /** Whether a day without any transaction still produces a (zero) statement: not established (contract 9). */
  emptyDayStatements: boolean;
}

export const DEFAULT_FINANCE: FinanceSettings = {
  ordersPerDay: 12,
  missingClawbackRate: 0.04,
  overchargeRate: 0.04,
  orphanClawbackRate: 0.01,
  reimbursementRate: 0.5,
  lateDeductionRate: 0.15,
  adjustmentRate: 0.03,
  emptyDayStatements: false,
};
