'use server';

import { z } from 'zod';
import { defineAction } from '@/server/action';
import { statementLinesOfRefund } from './queries';

const refundRow = z.object({
  id: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

/** The statement lines that settled one refund, and its exceptions (the Refund Data modal's Settlement section). */
export const refundSettlementAction = defineAction({ name: 'reconciliation.refund_lines', role: 'viewer', input: refundRow }, async (input) => {
  const settlement = await statementLinesOfRefund(input.id);
  return {
    ok: true,
    data: {
      ...settlement,
      lines: settlement.lines.map((line) => ({ ...line, statementTime: line.statementTime.toISOString() })),
    },
  };
});
