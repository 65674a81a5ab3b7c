import 'server-only';
import { csvLine } from '@/lib/csv';
import { formatDateTime } from '@/lib/format';
import { EXCEPTION_LABELS } from './labels';
import { listExceptions, listStatements } from './queries';
import type { ExceptionFilters, StatementFilters } from './schemas';

/**
 * The Reconciliation page's lists as CSV, read page by page (500 rows a time, keyset) and written as
 * they come: exceptions with their refund and lines, statements with one row per refund deducted.
 * Amounts are TikTok's exact decimals (seller's side: deductions negative) beside their currency.
 * A statement's payout is written on its first row only, so a column sum never counts it twice.
 */

const PAGE = 500;

function streamOf(produce: (write: (line: string) => void) => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      // A byte-order mark first, so that Excel reads the file as UTF-8.
      controller.enqueue(encoder.encode('\uFEFF'));
      try {
        await produce((line) => controller.enqueue(encoder.encode(line)));
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

export function exceptionsCsv(filters: ExceptionFilters, timeZone: string): ReadableStream<Uint8Array> {
  return streamOf(async (write) => {
    write(
      csvLine([
        'Exception',
        'Occurred at',
        'Shop',
        'Marketplace Refund ID',
        'Marketplace Order ID',
        'Currency',
        'Refunded',
        'Deducted',
        'Difference',
        'Reimbursed',
        'Statement lines',
        'Note',
      ]),
    );
    let before: number | undefined;
    do {
      const page = await listExceptions({ ...filters, limit: PAGE, before });
      for (const e of page.rows) {
        write(
          csvLine([
            EXCEPTION_LABELS[e.kind].title,
            formatDateTime(e.occurredAt, timeZone),
            e.accountName,
            e.refund?.marketplaceRefundId,
            e.orderId,
            e.currency,
            { number: e.refunded },
            { number: e.deducted },
            { number: e.difference },
            { number: e.reimbursed },
            e.lines.map((l) => `${l.statementId}/${l.transactionId} ${l.type} ${l.settlementAmount ?? ''}`).join('; '),
            e.note,
          ]),
        );
      }
      before = page.nextBefore ?? undefined;
    } while (before);
  });
}

export function statementsCsv(filters: StatementFilters, timeZone: string): ReadableStream<Uint8Array> {
  return streamOf(async (write) => {
    write(
      csvLine([
        'Statement ID',
        'Statement time',
        'Shop',
        'Currency',
        'Payout',
        'Payment status',
        'Marketplace Refund ID',
        'Goods taken back',
        'Referral fee returned',
        'Refund administration fee',
        'Return shipping',
        'Net for the refund',
        'Matches the refund',
      ]),
    );
    let before: number | undefined;
    do {
      const page = await listStatements({ ...filters, limit: PAGE, before });
      for (const s of page.rows) {
        const head = (first: boolean) =>
          [
            s.statementId,
            formatDateTime(s.statementTime, timeZone),
            s.accountName,
            s.currency,
            { number: first ? s.settlementAmount : null },
            s.paymentStatus,
          ] as const;
        if (s.refunds.length === 0) write(csvLine([...head(true), null, null, null, null, null, null, null]));
        for (const [i, r] of s.refunds.entries())
          write(
            csvLine([
              ...head(i === 0),
              r.refund.marketplaceRefundId,
              { number: r.goods },
              { number: r.referralFee },
              { number: r.adminFee },
              { number: r.returnShipping },
              { number: r.net },
              r.exact ? 'yes' : 'no',
            ]),
          );
      }
      before = page.nextBefore ?? undefined;
    } while (before);
  });
}
