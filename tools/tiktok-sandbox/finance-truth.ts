import type { SandboxState } from './state';
import { paymentJson, statementJson, transactionJson } from './finance-json';
import { marketFinance } from './finance-markets';
import { shopLedger, type ShopLedger } from './finance-model';
import { PAID_STATUSES } from './money-events';
import { currentStep } from './population';
import { formatMinor } from './tiktok-json';

/**
 * What a finance sync and the reconciliation must find (`GET /_sandbox/finance/truth`): every
 * statement with its transactions and every payment exactly as the API serves them, and the
 * discrepancies the sandbox planted, each with the ids a test needs to find it again.
 */

export type PlantedDiscrepancy =
  | { kind: 'missing_clawback'; refundId: string; orderId: string; currency: string; completedAt: number; amount: string }
  | { kind: 'unmatched_deduction'; orderId: string; statementId: string; transactionId: string; currency: string; amount: string }
  | { kind: 'amount_differs'; refundId: string; orderId: string; statementId: string; transactionId: string; currency: string; difference: string }
  | {
      kind: 'platform_refund';
      refundId: string;
      orderId: string;
      currency: string;
      completedAt: number;
      reimbursement: { statementId: string; transactionId: string; amount: string } | null;
    };

function discrepancies(ledger: ShopLedger, now: number): PlantedDiscrepancy[] {
  const m = (minor: number) => formatMinor(minor, ledger.decimals);
  const found: PlantedDiscrepancy[] = [];
  const { currency } = ledger;
  // Refunds the buyer has got, and that the returns feed shows as paid now.
  const paid = ledger.refunds.filter((refund) => refund.paidAt <= now && PAID_STATUSES.has(currentStep(refund.request.steps, now)!.status));
  for (const refund of paid) {
    if (refund.plant === 'missing_clawback') {
      found.push({
        kind: 'missing_clawback',
        refundId: refund.request.id,
        orderId: refund.orderId,
        currency,
        completedAt: refund.paidAt,
        amount: m(refund.goods),
      });
    }
    if (refund.platformIssued) {
      const line = ledger.statements
        .flatMap((statement) => statement.transactions.map((transaction) => ({ statement, transaction })))
        .find(({ transaction }) => transaction.role === 'reimbursement' && transaction.refundId === refund.request.id);
      found.push({
        kind: 'platform_refund',
        refundId: refund.request.id,
        orderId: refund.orderId,
        currency,
        completedAt: refund.paidAt,
        reimbursement: line ? { statementId: line.statement.id, transactionId: line.transaction.id, amount: m(line.transaction.adjustment) } : null,
      });
    }
  }
  for (const statement of ledger.statements) {
    for (const transaction of statement.transactions) {
      const ids = { orderId: transaction.orderId!, statementId: statement.id, transactionId: transaction.id, currency };
      if (transaction.role === 'orphan_clawback') {
        const goods = transaction.pieces.reduce((sum, p) => sum - p.refundSubtotal - p.sellerDiscountRefund - p.platformDiscountRefund, 0);
        found.push({ kind: 'unmatched_deduction', ...ids, amount: m(goods) });
      }
      if (transaction.overcharge) found.push({ kind: 'amount_differs', refundId: transaction.refundId!, ...ids, difference: m(transaction.overcharge) });
    }
  }
  return found;
}

export function financeTruth(state: SandboxState) {
  const now = state.now();
  return {
    now,
    shops: state.shops.map((shop) => {
      const ledger = shopLedger(state, shop.index);
      return {
        shopId: shop.shopId,
        currency: ledger.currency,
        statements: ledger.statements.map((statement) => ({
          ...statementJson(ledger, statement, now),
          transactions: statement.transactions.map((transaction) => transactionJson(ledger, transaction)),
        })),
        // SEA shops have no Get Payments (they withdraw their balance, contract 2.6-2.7).
        payments: marketFinance(ledger.region).sea
          ? []
          : ledger.payments.filter((payment) => payment.createTime <= now).map((payment) => paymentJson(ledger, payment, now)),
        discrepancies: discrepancies(ledger, now),
      };
    }),
  };
}
