import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import axiosRetry, { exponentialDelay, retryAfter } from 'axios-retry';
import pThrottle from 'p-throttle';
import { z } from 'zod';
import { classify, TikTokApiError, type TikTokErrorKind } from './errors';
import { signRequest } from './sign';

/**
 * The one HTTP transport to TikTok Shop: one axios instance; every call is signed at send time
 * (so a retry gets a fresh timestamp inside TikTok's 5-minute window), sent within the shop's
 * request budget (per process by default; the app's transports share one budget per shop across
 * every process, ./budget.ts), retried with exponential backoff and jitter on rate limits, server
 * errors, timeouts and dropped connections (honouring Retry-After, which also blocks the shop's
 * budget for everyone), and answered as the parsed envelope or a TikTokApiError. Every attempt's
 * outcome is reported to `observe` (the metrics' TikTok calls by outcome).
 */

export interface TikTokCall {
  baseUrl: string;
  method: 'GET' | 'POST';
  path: string;
  /** Endpoint parameters; undefined and empty values are left out of both the URL and the signature. */
  query?: Record<string, string | number | undefined>;
  /** Serialized once; the exact bytes sent are the bytes signed. */
  body?: unknown;
  /** Unsigned calls go to the auth host (token get/refresh), which takes app_secret in the query. */
  signed: boolean;
  appKey: string;
  appSecret: string;
  accessToken?: string;
  shopCipher?: string;
  /** Budget key: the app and the shop (TikTok counts requests per app and shop). */
  rateKey: string;
}

/** How many requests a shop may be sent, and when: see ./budget.ts for the shared one. */
export interface RequestBudget {
  /** Resolves when one more request may be sent for `key` (and counts it). */
  take(key: string): Promise<void>;
  /** TikTok answered 429 with Retry-After: nothing more is sent for `key` for `ms`. */
  block(key: string, ms: number): Promise<void>;
}

/** What became of one attempt: `ok`, or the TikTokApiError kind (`rate_limited` is a 429). */
export type CallOutcome = 'ok' | TikTokErrorKind;
export type CallObserver = (call: TikTokCall, outcome: CallOutcome) => void;

declare module 'axios' {
  interface AxiosRequestConfig {
    tiktok?: TikTokCall;
  }
}

export interface TransportOptions {
  timeoutMs: number;
  retries: number;
  /** First backoff step; doubles per attempt, plus up to 20% jitter. */
  backoffMs: number;
  /** A Retry-After longer than this fails the call instead of stalling a sync. */
  maxRetryAfterMs: number;
  /** Requests per second per shop (TikTok allows 50 QPS per API per app+shop; doc 7.3), for the default per-process budget. */
  requestsPerSecond: number;
  /** Replaces the per-process budget (the app passes the one shared through the database). */
  budget?: RequestBudget;
  observe?: CallObserver;
}

const DEFAULT_TRANSPORT: TransportOptions = {
  timeoutMs: 15_000,
  retries: 4,
  backoffMs: 500,
  maxRetryAfterMs: 60_000,
  requestsPerSecond: 20,
};

const envelopeSchema = z.looseObject({
  code: z.number().int(),
  message: z.string().optional().default(''),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});

type Envelope = z.infer<typeof envelopeSchema>;

/**
 * Envelopes already parsed by `failure` (axios-retry's validateResponse runs first), so that a
 * 50-record page (~75 KB of JSON) is parsed once, not twice; and each response's verdict, which
 * the outcome observer and axios-retry both ask for.
 */
const parsedEnvelopes = new WeakMap<object, Envelope>();
const verdicts = new WeakMap<object, TikTokApiError | null>();

/** Why a raw response is not a success, or null when it is one. */
function failure(response: AxiosResponse<string>): TikTokApiError | null {
  if (verdicts.has(response)) return verdicts.get(response)!;
  const verdict = judge(response);
  verdicts.set(response, verdict);
  return verdict;
}

function judge(response: AxiosResponse<string>): TikTokApiError | null {
  const logId: unknown = response.headers['x-tt-logid'];
  const requestId = typeof logId === 'string' ? logId : null;
  let json: unknown;
  try {
    json = JSON.parse(response.data);
  } catch {
    const kind = response.status >= 500 ? 'server' : response.status === 429 ? 'rate_limited' : 'invalid_response';
    return new TikTokApiError(kind, `response is not JSON (HTTP ${response.status})`, { httpStatus: response.status, requestId });
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    return new TikTokApiError(response.status >= 500 ? 'server' : 'invalid_response', 'response is not a TikTok envelope', {
      httpStatus: response.status,
      requestId,
    });
  }
  const { code, message, request_id } = parsed.data;
  if (code === 0 && response.status >= 200 && response.status < 300) {
    parsedEnvelopes.set(response, parsed.data);
    return null;
  }
  return new TikTokApiError(classify(code === 0 ? null : code, response.status), message || `HTTP ${response.status}`, {
    code: code === 0 ? null : code,
    httpStatus: response.status,
    requestId: request_id ?? requestId,
  });
}

/**
 * Turns what axios threw into a TikTokApiError (without the URL: it carries tokens). Anything else
 * is a bug of ours and is rethrown as is rather than disguised as a network error.
 */
function toApiError(error: unknown): TikTokApiError {
  if (error instanceof TikTokApiError) return error;
  if (error instanceof AxiosError) {
    if (error.response) return failure(error.response as AxiosResponse<string>) ?? new TikTokApiError('invalid_response', 'unexpected response');
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new TikTokApiError('timeout', 'TikTok did not answer in time');
    // These codes come before a byte is sent; a reset or a hang-up may come after TikTok got the request.
    const connectFailed = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(error.code ?? '');
    return new TikTokApiError('network', `connection failed (${error.code ?? 'no response'})`, { connectFailed });
  }
  throw error;
}

function encodeQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** A budget of `perSecond` requests per key in this process alone (tests, tools). */
function memoryBudget(perSecond: number): RequestBudget {
  const throttles = new Map<string, () => Promise<void>>();
  const blocked = new Map<string, number>();
  return {
    async take(key) {
      const until = blocked.get(key) ?? 0;
      if (until > Date.now()) await new Promise((resolve) => setTimeout(resolve, until - Date.now()));
      let throttled = throttles.get(key);
      if (!throttled) {
        throttled = pThrottle({ limit: perSecond, interval: 1000 })(() => Promise.resolve());
        throttles.set(key, throttled);
      }
      await throttled();
    },
    block(key, ms) {
      blocked.set(key, Math.max(blocked.get(key) ?? 0, Date.now() + ms));
      return Promise.resolve();
    },
  };
}

/** The Retry-After of a 429, in milliseconds (seconds or an HTTP date), or null. */
function retryAfterMs(response: AxiosResponse | undefined): number | null {
  const header: unknown = response?.headers['retry-after'];
  if (typeof header !== 'string' || !header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export function createTransport(options: Partial<TransportOptions> = {}) {
  const { budget: givenBudget, observe, ...numbers } = options;
  const given = Object.fromEntries(Object.entries<number | undefined>(numbers).filter(([, value]) => value !== undefined));
  const settings: TransportOptions = { ...DEFAULT_TRANSPORT, ...given };
  const budget = givenBudget ?? memoryBudget(settings.requestsPerSecond);
  const instance = axios.create({
    timeout: settings.timeoutMs,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    transformRequest: [(data: unknown) => data],
    // Never follow redirects: a redirected signed request would leak its query elsewhere.
    maxRedirects: 0,
    // Connections kept and reused between requests (Node's global agent does too since Node 19;
    // said here so that no default decides it): a sync pages in sequence, and a new connection
    // costs TikTok's servers a TCP and TLS handshake, one to three round trips, on every page.
    // Node retires an idle socket a second before the server's announced keep-alive timeout.
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
    headers: { 'content-type': 'application/json' },
  });

  // Registered before axios-retry's own interceptor, so it runs after it (axios runs request
  // interceptors last-registered first) on the first attempt and on every retry.
  instance.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    const call = config.tiktok;
    if (!call) return config;
    await budget.take(call.rateKey);
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== '') query[key] = String(value);
    }
    if (call.signed) {
      query.app_key = call.appKey;
      query.timestamp = String(Math.floor(Date.now() / 1000));
      if (call.shopCipher) query.shop_cipher = call.shopCipher;
    }
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    if (call.signed) query.sign = signRequest({ path: call.path, query, body, appSecret: call.appSecret });
    config.method = call.method;
    config.url = `${call.baseUrl.replace(/\/+$/, '')}${call.path}?${encodeQuery(query)}`;
    config.data = body;
    if (call.accessToken) config.headers.set('x-tts-access-token', call.accessToken);
    return config;
  });

  // Every attempt's outcome, seen before axios-retry decides on a retry (response interceptors run
  // in the order they were registered; with validateResponse set, axios-retry routes every answer,
  // successes included, through the error path). A 429's Retry-After blocks the shop's budget.
  const report = async (config: InternalAxiosRequestConfig | undefined, outcome: CallOutcome, response?: AxiosResponse) => {
    const call = config?.tiktok;
    if (!call) return;
    observe?.(call, outcome);
    if (outcome === 'rate_limited') {
      const wait = retryAfterMs(response);
      if (wait !== null && wait > 0) await budget.block(call.rateKey, Math.min(wait, settings.maxRetryAfterMs));
    }
  };
  instance.interceptors.response.use(
    async (response: AxiosResponse<string>) => {
      await report(response.config, failure(response)?.kind ?? 'ok', response);
      return response;
    },
    async (error: unknown) => {
      if (error instanceof AxiosError) {
        const outcome = error.response ? (failure(error.response as AxiosResponse<string>)?.kind ?? 'ok') : toApiError(error).kind;
        await report(error.config, outcome, error.response);
      }
      throw error;
    },
  );

  axiosRetry(instance, {
    retries: settings.retries,
    shouldResetTimeout: true,
    validateResponse: (response) => failure(response as AxiosResponse<string>) === null,
    retryCondition: (error) => {
      if (!(error instanceof AxiosError)) return false;
      if (!toApiError(error).retryable) return false;
      return retryAfter(error) <= settings.maxRetryAfterMs;
    },
    retryDelay: (count, error) => exponentialDelay(count - 1, error, settings.backoffMs),
  });

  return {
    settings,
    /** Sends a call and returns the envelope's `data`, or throws a TikTokApiError. */
    async send(call: TikTokCall): Promise<{ data: unknown; requestId: string | null }> {
      try {
        const response = await instance.request<string>({ tiktok: call });
        const envelope = parsedEnvelopes.get(response) ?? envelopeSchema.parse(JSON.parse(response.data));
        return { data: envelope.data, requestId: envelope.request_id ?? null };
      } catch (error) {
        throw toApiError(error);
      }
    },
  };
}

export type Transport = ReturnType<typeof createTransport>;
