import { z } from 'zod';

/**
 * Fault injection, switched on per run through the control API (`POST /_sandbox/faults`). Each
 * rule fires on the next `times` API calls whose path contains `match` (all calls when absent);
 * `times: -1` keeps firing until the faults are cleared.
 */

const faultKinds = [
  'rate_limit', // HTTP 429, code 36009002, Retry-After
  'server_error', // HTTP 500, code 36009003
  'timeout', // answers only after `delayMs` (longer than the client waits)
  'drop', // closes the connection without an answer
  'drop_after', // acts on the request, then closes the connection without an answer (TikTok did it; we never heard)
  'malformed_json', // HTTP 200 with a truncated body
  'expired_token', // code 105002 whatever the token
  'refuse', // HTTP 200 with business code 25011012 ("status cannot approve application")
  'duplicate_records', // the next search page repeats records of the previous one
  'shifting_records', // records already served are updated between pages (they move)
] as const;

export type FaultKind = (typeof faultKinds)[number];

export const faultRuleSchema = z.object({
  kind: z.enum(faultKinds),
  times: z.number().int().min(-1).default(1),
  match: z.string().optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  delayMs: z.number().int().min(0).max(120_000).default(20_000),
  /** Matching calls to let through before the rule starts firing (e.g. fail the second read, not the first). */
  skip: z.number().int().min(0).max(1000).default(0),
  /** How many records duplicate_records repeats / shifting_records moves per page. */
  records: z.number().int().min(1).max(50).default(3),
});

export type FaultRule = z.infer<typeof faultRuleSchema>;

export class FaultPlan {
  private rules: FaultRule[] = [];
  /** What fired, for tests and the sandbox log. */
  readonly fired: { kind: FaultKind; path: string }[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule }));
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
    this.fired.length = 0;
  }

  /** The rule to apply to this call, if any, consuming one of its `times`. */
  take(path: string, kinds?: readonly FaultKind[]): FaultRule | undefined {
    const rule = this.rules.find((r) => r.times !== 0 && (!r.match || path.includes(r.match)) && (!kinds || kinds.includes(r.kind)));
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip -= 1;
      return undefined;
    }
    if (rule.times > 0) rule.times -= 1;
    this.fired.push({ kind: rule.kind, path });
    return rule;
  }

  pending(): FaultRule[] {
    return this.rules.filter((rule) => rule.times !== 0);
  }
}
