/**
 * The one error type of the TikTok client. It carries TikTok's `code`, the HTTP status and the
 * `request_id` TikTok support asks for, and a category that decides retries. Its message never
 * contains a secret, a token or a signed URL: it is safe to log and to store in a sync run.
 */

export type TikTokErrorKind =
  /** 429 / 36009002: back off and retry. */
  | 'rate_limited'
  /** 5xx / 36009003 / 36009007: TikTok's side; retry with backoff. */
  | 'server'
  /** No answer in time. */
  | 'timeout'
  /** Connection refused, reset, DNS: retry. */
  | 'network'
  /** The answer was not the JSON envelope TikTok documents. */
  | 'invalid_response'
  /** 105002: access token expired; refresh once, then retry. */
  | 'token_expired'
  /** 106001 and 36009004 variants: our request is wrong; retrying cannot help. */
  | 'signature'
  /** 105005, 25020005, 101000, 36009033: not allowed; never retried. */
  | 'permission'
  /** Any other non-zero code: a business rule refused the request (e.g. wrong status). */
  | 'rejected';

export class TikTokApiError extends Error {
  override name = 'TikTokApiError';
  readonly code: number | null;
  readonly httpStatus: number | null;
  readonly requestId: string | null;
  readonly kind: TikTokErrorKind;

  constructor(
    kind: TikTokErrorKind,
    message: string,
    details: { code?: number | null; httpStatus?: number | null; requestId?: string | null; cause?: unknown; connectFailed?: boolean } = {},
  ) {
    super(message, { cause: details.cause });
    this.kind = kind;
    this.code = details.code ?? null;
    this.httpStatus = details.httpStatus ?? null;
    this.requestId = details.requestId ?? null;
    this.connectFailed = details.connectFailed ?? false;
  }

  /** The connection was never made (refused, no route, no DNS): the request cannot have reached TikTok. */
  readonly connectFailed: boolean;

  /**
   * Whether TikTok may have acted on the request although we got no success: a timeout, a 5xx or a
   * connection cut after sending leave it unknown. Refusals (a code, 429, auth) and failed
   * connections mean it did not. Decisions sent to TikTok keep their claim open while this is true.
   */
  get mayHaveActed(): boolean {
    if (this.connectFailed) return false;
    return this.kind === 'timeout' || this.kind === 'server' || this.kind === 'network' || this.kind === 'invalid_response';
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network' || this.kind === 'invalid_response';
  }

  /** One line for logs and sync runs: "TikTok 36009002 (HTTP 429, request 2024...): Too many requests". */
  describe(): string {
    const where = [this.httpStatus ? `HTTP ${this.httpStatus}` : null, this.requestId ? `request ${this.requestId}` : null].filter(Boolean).join(', ');
    return `TikTok ${this.code ?? this.kind}${where ? ` (${where})` : ''}: ${this.message}`;
  }
}

const RATE_LIMITED = new Set([36009002]);
const SERVER = new Set([36009003, 36009007, 25001028]);
const TOKEN_EXPIRED = new Set([105002]);
const SIGNATURE = new Set([106001, 36009004, 106013, 36009009, 36009010, 36009014, 36009022, 36009023]);
const PERMISSION = new Set([105005, 25020005, 101000, 36009033, 36009043, 36009044, 105001, 105003]);

/** Classifies a TikTok answer with a non-zero code (or a non-2xx status without one). */
export function classify(code: number | null, httpStatus: number | null): TikTokErrorKind {
  if (code !== null) {
    if (RATE_LIMITED.has(code)) return 'rate_limited';
    if (SERVER.has(code)) return 'server';
    if (TOKEN_EXPIRED.has(code)) return 'token_expired';
    if (SIGNATURE.has(code)) return 'signature';
    if (PERMISSION.has(code)) return 'permission';
  }
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus !== null && httpStatus >= 500) return 'server';
  if (httpStatus === 401 || httpStatus === 403) return code === null ? 'permission' : 'rejected';
  return 'rejected';
}
