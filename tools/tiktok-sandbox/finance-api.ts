import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SandboxContext } from './context';
import { marketFinance } from './finance-markets';
import { orderTransactionsJson, paymentJson, statementHeaderJson, statementJson, transactionJson } from './finance-json';
import { paymentStatus, shopLedger } from './finance-model';
import { ApiError } from './gateway';

/**
 * The Finance API (contract 2) as the sandbox serves it: Get Statements, Get Statement
 * Transactions and Get Order Statement Transactions (202501), Get Payments. Parameters are checked
 * the way the contract describes them: `sort_field` required and single-valued, `page_size` 1 to
 * 100 (default 20), opaque page tokens with `/`, `+` and `=`. The 202309 transaction paths are
 * retired (36009014, F-CHG: all requests blocked by 2025-12-31).
 */

const tokenSchema = z.object({ o: z.number().int().nonnegative(), q: z.string() });

/** Standard base64 of JSON, padded so it always ends in "=" like TikTok's tokens do. */
function pageToken(offset: number, query: string): string {
  let json = JSON.stringify({ o: offset, q: query, n: randomBytes(3).toString('base64') });
  while (Buffer.byteLength(json) % 3 !== 1) json = json.replace(/}$/, ' }');
  return Buffer.from(json).toString('base64');
}

/** The invalid-parameter answer: not documented for Finance (contract 9), so the gateway's generic one. */
const invalid = (message: string) => new ApiError(400, 36009004, `Invalid params: ${message}`);

function integer(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^\d{1,12}$/.test(text)) throw invalid(`${name} must be a Unix time in seconds`);
  return Number(text);
}

/** One page of `items` for this query; the token only works for the same query. */
function page<T>(items: T[], params: URLSearchParams, queryKey: string): { slice: T[]; next: string } {
  const text = params.get('page_size');
  const size = text === null ? 20 : Number(text);
  if (!Number.isInteger(size) || size < 1 || size > 100) throw invalid('page_size must be 1 to 100');
  let offset = 0;
  const token = params.get('page_token');
  if (token) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    } catch {
      throw invalid('page_token');
    }
    const parsed = tokenSchema.safeParse(decoded);
    if (!parsed.success || parsed.data.q !== queryKey) throw invalid('page_token');
    offset = parsed.data.o;
  }
  return { slice: items.slice(offset, offset + size), next: offset + size < items.length ? pageToken(offset + size, queryKey) : '' };
}

/** `sort_field` is required where it exists and takes exactly one value (contract 1). */
function sorted<T>(items: T[], params: URLSearchParams, field: string, key: (item: T) => number): T[] {
  const given = params.get('sort_field');
  if (!given) throw invalid('sort_field is required');
  if (given !== field) throw invalid(`sort_field must be ${field}`);
  const order = params.get('sort_order') ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC') throw invalid('sort_order must be ASC or DESC');
  const direction = order === 'DESC' ? -1 : 1;
  return [...items].sort((a, b) => direction * (key(a) - key(b)));
}

function statements(ctx: SandboxContext, shopIndex: number, params: URLSearchParams) {
  const ledger = shopLedger(ctx.state, shopIndex);
  const now = ctx.state.now();
  const from = integer(params, 'statement_time_ge') ?? 0;
  const before = integer(params, 'statement_time_lt') ?? now + 1;
  const status = params.get('payment_status');
  if (status && !['PAID', 'FAILED', 'PROCESSING'].includes(status)) throw invalid('payment_status');
  const matching = ledger.statements.filter(
    (s) =>
      s.time >= from && s.time < before && (!status || paymentStatus(s.paymentId ? ledger.paymentById.get(s.paymentId) : undefined, now).status === status),
  );
  const { slice, next } = page(
    sorted(matching, params, 'statement_time', (s) => s.time),
    params,
    `s:${from}:${before}:${status ?? ''}:${params.get('sort_order') ?? ''}`,
  );
  return { statements: slice.map((s) => statementJson(ledger, s, now)), next_page_token: next };
}

function statementTransactions(ctx: SandboxContext, shopIndex: number, statementId: string, params: URLSearchParams) {
  const ledger = shopLedger(ctx.state, shopIndex);
  const statement = ledger.statementById.get(statementId);
  if (!statement) throw new ApiError(200, 36009004, `Invalid params: statement ${statementId} does not exist`);
  const { slice, next } = page(
    sorted(statement.transactions, params, 'order_create_time', (t) => t.orderCreateTime),
    params,
    `t:${statementId}:${params.get('sort_order') ?? ''}`,
  );
  return {
    ...statementHeaderJson(ledger, statement),
    total_count: statement.transactions.length,
    next_page_token: next,
    transactions: slice.map((t) => transactionJson(ledger, t)),
  };
}

function payments(ctx: SandboxContext, shopIndex: number, params: URLSearchParams) {
  const ledger = shopLedger(ctx.state, shopIndex);
  if (marketFinance(ledger.region).sea) throw new ApiError(200, 36009004, 'Get Payments is not available in this market; use Get Withdrawals');
  const now = ctx.state.now();
  const from = integer(params, 'create_time_ge') ?? 0;
  const before = integer(params, 'create_time_lt') ?? now + 1;
  const matching = ledger.payments.filter((p) => p.createTime >= from && p.createTime < before && p.createTime <= now);
  const { slice, next } = page(
    sorted(matching, params, 'create_time', (p) => p.createTime),
    params,
    `p:${from}:${before}:${params.get('sort_order') ?? ''}`,
  );
  return { payments: slice.map((p) => paymentJson(ledger, p, now)), next_page_token: next };
}

/** The Finance routes; undefined when the path is not one of them. */
export function financeApi(ctx: SandboxContext, method: string, url: URL, shopIndex: number): { data: unknown } | undefined {
  if (method !== 'GET' || !url.pathname.startsWith('/finance/')) return undefined;
  const path = url.pathname;
  const params = url.searchParams;
  if (path === '/finance/202309/statements') return { data: statements(ctx, shopIndex, params) };
  if (path === '/finance/202309/payments') return { data: payments(ctx, shopIndex, params) };
  const byStatement = /^\/finance\/(\d{6})\/statements\/([^/]+)\/statement_transactions$/.exec(path);
  const byOrder = /^\/finance\/(\d{6})\/orders\/([^/]+)\/statement_transactions$/.exec(path);
  const version = byStatement?.[1] ?? byOrder?.[1];
  if (version === '202309') throw new ApiError(404, 36009014, 'This API version has been deprecated; use 202501');
  if (version !== '202501') return undefined;
  if (byStatement) return { data: statementTransactions(ctx, shopIndex, decodeURIComponent(byStatement[2]!), params) };
  return { data: orderTransactionsJson(shopLedger(ctx.state, shopIndex), decodeURIComponent(byOrder![2]!)) };
}
