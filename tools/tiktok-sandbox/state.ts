import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import {
  buildRequest,
  currentStep,
  pickShop,
  requestCountAt,
  sandboxShops,
  type PopulationConfig,
  type RequestSeed,
  type SandboxShop,
  type Step,
} from './population';
import { createRng } from './random';
import { ReferenceMode } from './reference-mode';
import { toTikTokJson } from './tiktok-json';

/**
 * (Over 300 lines on purpose: one class owns the overrides and their caches, and every mutation
 * must go through setSteps so that the search index, the cache and the state file stay in step.
 * Seller decisions are worked out in ./seller-decisions.ts and applied through continueWith.)
 *
 * The sandbox's world: the deterministic population (./population.ts) plus what happened to it
 * since: seller decisions sent through the API, buyers' answers, on-demand changes and arrivals.
 * Only these overrides are stored (and persisted when a state file is given); everything else is
 * computed.
 */

export interface SearchQuery {
  kind: 'Return' | 'Cancellation';
  shopIndex: number;
  ids?: string[];
  orderIds?: string[];
  statuses?: string[];
  createdFrom?: number;
  createdBefore?: number;
  updatedFrom?: number;
  updatedBefore?: number;
  sortField: 'update_time' | 'create_time';
  sortOrder: 'ASC' | 'DESC';
}

export interface Change {
  shopIndex: number;
  request: RequestSeed;
  step: Step;
}

interface Persisted {
  overrides: [string, { steps: Step[]; createTime?: number }][];
  arrivals: [number, number][];
  usedCodes: string[];
  idempotency: [string, string][];
  evolveCounter: number;
}

const key = (shopIndex: number, index: number) => `${shopIndex}:${index}`;

interface ShopIndex {
  kind: number[];
  create: number[];
  /** stepAt[stepStart[i]] .. stepAt[stepStart[i + 1] - 1] are request i's scripted step times. */
  stepStart: number[];
  stepAt: number[];
}

/** TikTok ids here encode prefix(4) + shop % 100 (2) + [shop / 100] * 10^8 + index (9) + check(4); see tiktokId in population.ts. */
function locateId(id: string): { prefix: string; shopIndex: number; index: number } | null {
  if (!/^\d{19}$/.test(id)) return null;
  const field = Number(id.slice(6, 15));
  return { prefix: id.slice(0, 4), shopIndex: Number(id.slice(4, 6)) + Math.floor(field / 100_000_000) * 100, index: field % 100_000_000 };
}

export class SandboxState {
  readonly shops: SandboxShop[];
  private readonly overrides = new Map<string, { steps: Step[]; createTime?: number }>();
  /** Highest on-demand arrival index per shop, and when it arrived. */
  private readonly arrivals = new Map<number, number>();
  private readonly arrivalTimes = new Map<string, number>();
  readonly usedCodes = new Set<string>();
  private readonly idempotency = new Map<string, string>();
  private evolveCounter = 0;
  private version = 0;
  private readonly searchCache = new Map<string, number[]>();
  private readonly orderCache = new Map<string, { indices: number[]; keys: number[] }>();
  private readonly seedCache = new Map<string, RequestSeed>();
  private readonly indexes = new Map<number, ShopIndex>();
  /** Set while the sandbox answers as TikTok's reference examples do (./reference-mode.ts). */
  private reference: ReferenceMode | null = null;

  constructor(
    readonly config: PopulationConfig,
    private readonly clock: () => number = () => Math.floor(Date.now() / 1000),
    private readonly stateFile?: string,
  ) {
    this.shops = sandboxShops(config.seed, config.shopCount);
  }

  now(): number {
    return this.clock();
  }

  get referenceMode(): boolean {
    return this.reference !== null;
  }

  setReferenceMode(on: boolean): void {
    this.reference = on ? new ReferenceMode(this.config, this.shops) : null;
    this.version += 1;
    this.searchCache.clear();
    this.orderCache.clear();
  }

  /** Bumped by every change to the world, so what is derived from it (the finance ledger) knows when to rebuild. */
  get revision(): number {
    return this.version;
  }

  async load(): Promise<void> {
    if (!this.stateFile || !existsSync(this.stateFile)) return;
    const saved = JSON.parse(await readFile(this.stateFile, 'utf8')) as Persisted;
    for (const [k, v] of saved.overrides) this.overrides.set(k, v);
    for (const [shop, index] of saved.arrivals) this.arrivals.set(shop, index);
    for (const [k, v] of saved.overrides) if (v.createTime !== undefined) this.arrivalTimes.set(k, v.createTime);
    saved.usedCodes.forEach((code) => this.usedCodes.add(code));
    for (const [k, v] of saved.idempotency) this.idempotency.set(k, v);
    this.evolveCounter = saved.evolveCounter;
  }

  private persist(): void {
    this.version += 1;
    this.searchCache.clear();
    this.orderCache.clear();
    if (!this.stateFile) return;
    const data: Persisted = {
      overrides: [...this.overrides],
      arrivals: [...this.arrivals],
      usedCodes: [...this.usedCodes].slice(-1000),
      idempotency: [...this.idempotency].slice(-5000),
      evolveCounter: this.evolveCounter,
    };
    void writeFile(this.stateFile, JSON.stringify(data)).catch(() => undefined);
  }

  /** Requests a shop has at `now`: the scripted population plus on-demand arrivals. */
  countAt(shopIndex: number, now: number): number {
    const arrived = this.arrivals.get(shopIndex);
    return Math.max(requestCountAt(this.config, now, shopIndex), arrived === undefined ? 0 : arrived + 1);
  }

  request(shopIndex: number, index: number): RequestSeed {
    const k = key(shopIndex, index);
    let seed = this.seedCache.get(k);
    if (!seed) {
      seed = buildRequest(this.config, this.shops[shopIndex]!, index);
      if (this.seedCache.size > 20_000) this.seedCache.clear();
      this.seedCache.set(k, seed);
    }
    const override = this.overrides.get(k);
    const current = override ? { ...seed, steps: override.steps, createTime: override.createTime ?? seed.createTime } : seed;
    return this.reference ? this.reference.request(current) : current;
  }

  exists(shopIndex: number, index: number, now: number): boolean {
    if (shopIndex < 0 || shopIndex >= this.shops.length || index < 0 || index >= this.countAt(shopIndex, now)) return false;
    return this.request(shopIndex, index).createTime <= now;
  }

  /** Where the request with this id is (of this kind, when given: in reference mode a return and a cancellation share an id). */
  private locate(id: string, kind?: 'Return' | 'Cancellation'): { shopIndex: number; index: number } | null {
    const located = locateId(id);
    if (!located) return null;
    const aliased = kind === 'Cancellation' ? this.reference?.cancellationFor(located.shopIndex, id) : undefined;
    return { shopIndex: located.shopIndex, index: aliased ?? located.index };
  }

  find(id: string, kind?: 'Return' | 'Cancellation'): { shopIndex: number; index: number; request: RequestSeed } | null {
    const located = this.locate(id, kind);
    if (!located || !this.exists(located.shopIndex, located.index, this.now())) return null;
    const request = this.request(located.shopIndex, located.index);
    return request.id === id && (!kind || request.kind === kind) ? { ...located, request } : null;
  }

  /**
   * A compact per-shop index of what search needs (kind, creation time, scripted step times), so
   * that a million-request population is searched without rebuilding every request each time.
   */
  private shopIndex(shopIndex: number, upTo: number): ShopIndex {
    let entry = this.indexes.get(shopIndex);
    if (!entry) {
      entry = { kind: [], create: [], stepStart: [0], stepAt: [] };
      this.indexes.set(shopIndex, entry);
    }
    for (let i = entry.kind.length; i < upTo; i++) {
      const seed = buildRequest(this.config, this.shops[shopIndex]!, i);
      entry.kind.push(seed.kind === 'Return' ? 0 : 1);
      entry.create.push(seed.createTime);
      for (const step of seed.steps) entry.stepAt.push(step.at);
      entry.stepStart.push(entry.stepAt.length);
    }
    return entry;
  }

  /** Update time and creation time of a request at `now` (undefined when it does not exist yet). */
  private times(shopIndex: number, index: number, now: number, entry: ShopIndex): { updated: number; created: number } | undefined {
    const override = this.overrides.get(key(shopIndex, index));
    if (override) {
      const created = override.createTime ?? entry.create[index]!;
      const step = currentStep(override.steps, now);
      return created <= now && step ? { updated: step.at, created } : undefined;
    }
    const created = entry.create[index]!;
    if (created > now) return undefined;
    let updated: number | undefined;
    for (let s = entry.stepStart[index]!; s < entry.stepStart[index + 1]!; s++) {
      if (entry.stepAt[s]! > now) break;
      updated = entry.stepAt[s];
    }
    return updated === undefined ? undefined : { updated, created };
  }

  /**
   * Every request of one kind in a shop at `now`, sorted as a search sorts them, with the sort
   * times beside: built once per second of the sandbox clock and shared by every page a sync reads
   * in that second. Before, each page scanned and sorted the shop's whole population (about a
   * third of the sandbox's CPU in a backfill, on the 2 cores the synced app also runs on).
   */
  private ordered(query: SearchQuery, now: number): { indices: number[]; keys: number[] } {
    const cacheKey = `${this.version}:${now}:${query.shopIndex}:${query.kind}:${query.sortField}:${query.sortOrder}`;
    const cached = this.orderCache.get(cacheKey);
    if (cached) return cached;
    const count = this.countAt(query.shopIndex, now);
    const entry = this.shopIndex(query.shopIndex, count);
    const wantKind = query.kind === 'Return' ? 0 : 1;
    const sortKey: number[] = [];
    const indices: number[] = [];
    for (let index = 0; index < count; index++) {
      if (entry.kind[index] !== wantKind) continue;
      const times = this.times(query.shopIndex, index, now, entry);
      if (!times) continue;
      sortKey[index] = query.sortField === 'update_time' ? times.updated : times.created;
      indices.push(index);
    }
    const direction = query.sortOrder === 'DESC' ? -1 : 1;
    indices.sort((a, b) => direction * (sortKey[a]! - sortKey[b]! || a - b));
    const ordered = { indices, keys: indices.map((index) => sortKey[index]!) };
    if (this.orderCache.size > 64) this.orderCache.clear();
    this.orderCache.set(cacheKey, ordered);
    return ordered;
  }

  /** Indices matching a query, sorted as TikTok would (ties broken by id for a stable order). */
  search(query: SearchQuery, now: number): number[] {
    const cacheKey = `${this.version}:${now}:${JSON.stringify(query)}`;
    const cached = this.searchCache.get(cacheKey);
    if (cached) return cached;
    // A range on the sort field alone (what a sync sends) is a slice of the sorted population:
    // the same order and the same members as the scan below, found by binary search.
    const onUpdate = query.sortField === 'update_time';
    const otherRange = onUpdate ? (query.createdFrom ?? query.createdBefore) : (query.updatedFrom ?? query.updatedBefore);
    if (!query.ids?.length && !query.orderIds?.length && !query.statuses?.length && otherRange === undefined) {
      const { indices, keys } = this.ordered(query, now);
      const from = onUpdate ? query.updatedFrom : query.createdFrom;
      const before = onUpdate ? query.updatedBefore : query.createdBefore;
      // Keys ascend (ASC) or descend (DESC): the members form one run; find its two ends.
      const ascending = query.sortOrder !== 'DESC';
      const firstAt = (predicate: (key: number) => boolean) => {
        let lo = 0;
        let hi = keys.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (predicate(keys[mid]!)) hi = mid;
          else lo = mid + 1;
        }
        return lo;
      };
      const start = ascending ? firstAt((key) => from === undefined || key >= from) : firstAt((key) => before === undefined || key < before);
      const end = ascending ? firstAt((key) => before !== undefined && key >= before) : firstAt((key) => from !== undefined && key < from);
      const matches = indices.slice(start, Math.max(start, end));
      if (this.searchCache.size > 64) this.searchCache.clear();
      this.searchCache.set(cacheKey, matches);
      return matches;
    }
    const count = this.countAt(query.shopIndex, now);
    const entry = this.shopIndex(query.shopIndex, count);
    const wantKind = query.kind === 'Return' ? 0 : 1;
    let candidates: Iterable<number>;
    if (query.ids?.length) {
      candidates = query.ids.flatMap((id) => {
        const located = this.locate(id, query.kind);
        return located && located.shopIndex === query.shopIndex && located.index < count && this.request(query.shopIndex, located.index).id === id
          ? [located.index]
          : [];
      });
    } else {
      candidates = {
        [Symbol.iterator]: function* () {
          for (let i = 0; i < count; i++) yield i;
        },
      };
    }
    const sortKey: number[] = [];
    const matches: number[] = [];
    for (const index of candidates) {
      if (entry.kind[index] !== wantKind) continue;
      const times = this.times(query.shopIndex, index, now, entry);
      if (!times) continue;
      if (query.updatedFrom !== undefined && times.updated < query.updatedFrom) continue;
      if (query.updatedBefore !== undefined && times.updated >= query.updatedBefore) continue;
      if (query.createdFrom !== undefined && times.created < query.createdFrom) continue;
      if (query.createdBefore !== undefined && times.created >= query.createdBefore) continue;
      if (query.orderIds?.length || query.statuses?.length) {
        // Rare filters: fall back to the full request.
        const request = this.request(query.shopIndex, index);
        if (query.orderIds?.length && !query.orderIds.includes(request.orderId)) continue;
        if (query.statuses?.length && !query.statuses.includes(currentStep(request.steps, now)!.status)) continue;
      }
      sortKey[index] = query.sortField === 'update_time' ? times.updated : times.created;
      matches.push(index);
    }
    const direction = query.sortOrder === 'DESC' ? -1 : 1;
    matches.sort((a, b) => direction * (sortKey[a]! - sortKey[b]! || a - b));
    if (this.searchCache.size > 64) this.searchCache.clear();
    this.searchCache.set(cacheKey, matches);
    return matches;
  }

  json(shopIndex: number, index: number, now: number): Record<string, unknown> {
    const request = this.request(shopIndex, index);
    const json = toTikTokJson(request, currentStep(request.steps, now)!, now);
    return this.reference ? this.reference.json(request, json) : json;
  }

  /** TikTok's own timeline of a request (Get Return Records). */
  records(request: RequestSeed, now: number) {
    return request.steps
      .filter((step) => step.at <= now)
      .map((step, i) => ({
        event: 'ORDER_RETURN',
        role: this.reference ? this.reference.role(step.actor) : step.actor,
        description: step.description,
        reason_text: step.rejectReason?.[1] ?? (i === 0 ? request.reason[1] : ''),
        ...(step.note ? { note: step.note } : {}),
        images: [],
        videos: [],
        create_time: step.at,
      }));
  }

  awaitedAction(request: RequestSeed, now: number): string | undefined {
    const step = currentStep(request.steps, now);
    if (!step?.awaitsSeller || !step.nextAction) return undefined;
    // Past the 48 h deadline TikTok has auto-approved; the scripted timeline already says so.
    return step.nextAction;
  }

  private setSteps(shopIndex: number, index: number, steps: Step[], createTime?: number): Change {
    const k = key(shopIndex, index);
    const existing = this.overrides.get(k);
    this.overrides.set(k, { steps, createTime: createTime ?? existing?.createTime });
    this.persist();
    const request = this.request(shopIndex, index);
    return { shopIndex, request, step: currentStep(request.steps, this.now())! };
  }

  /** Steps up to and including the current one, followed by `next`. */
  private replaceFuture(request: RequestSeed, now: number, next: Step[]): Step[] {
    return [...request.steps.filter((step) => step.at <= now), ...next];
  }

  /** The request's steps up to now, followed by `next`: what a decision or an answer rewrites. */
  continueWith(found: { shopIndex: number; index: number; request: RequestSeed }, next: Step[]): Change {
    return this.setSteps(found.shopIndex, found.index, this.replaceFuture(found.request, this.now(), next));
  }

  /** The fingerprint stored for an idempotency key, if the key was used. */
  idempotent(key: string): string | undefined {
    return this.idempotency.get(key);
  }

  rememberIdempotency(key: string, fingerprint: string): void {
    this.idempotency.set(key, fingerprint);
    this.persist();
  }

  /**
   * On-demand evolution: `advance` requests move to their next scripted step now, and `arrive` new
   * requests appear now. Deterministic for a given seed and call sequence.
   */
  evolve(options: { advance?: number; arrive?: number; shopIndex?: number }): Change[] {
    const now = this.now();
    const changes: Change[] = [];
    const shops = options.shopIndex === undefined ? this.shops : this.shops.filter((s) => s.index === options.shopIndex);
    const rng = createRng(`${this.config.seed}:evolve:${this.evolveCounter++}`);
    for (let n = 0; n < (options.arrive ?? 0); n++) {
      const shop = pickShop(this.config, rng, shops);
      const index = this.countAt(shop.index, now);
      const request = this.request(shop.index, index);
      const delta = now - request.createTime;
      const steps = request.steps.map((step) => ({ ...step, at: step.at + delta }));
      this.arrivals.set(shop.index, index);
      this.arrivalTimes.set(key(shop.index, index), now);
      changes.push(this.setSteps(shop.index, index, steps, now));
    }
    // Candidates: existing requests with a scripted step still ahead, newest first (that is where
    // a real shop's activity is), sampled deterministically.
    let budget = options.advance ?? 0;
    const attempts = budget * 50;
    const picked = new Set<string>(changes.map((c) => key(c.shopIndex, c.request.index)));
    for (let attempt = 0; budget > 0 && attempt < attempts; attempt++) {
      const shop = pickShop(this.config, rng, shops);
      const count = this.countAt(shop.index, now);
      if (count === 0) continue;
      const index = count - 1 - Math.floor(Math.abs(rng.next() * rng.next()) * count);
      // Each request moves at most one step per call, so one call is one change per request.
      if (picked.has(key(shop.index, index)) || !this.exists(shop.index, index, now)) continue;
      picked.add(key(shop.index, index));
      const request = this.request(shop.index, index);
      const nextStep = request.steps.find((step) => step.at > now);
      if (!nextStep) continue;
      const delta = nextStep.at - now;
      const steps = request.steps.map((step) => (step.at > now ? { ...step, at: step.at - delta } : step));
      changes.push(this.setSteps(shop.index, index, steps));
      budget -= 1;
    }
    return changes;
  }

  /** Moves one request to its next scripted step now (a buyer ships, TikTok pays out...); null when it has none left. */
  advance(shopIndex: number, index: number): Change | null {
    const now = this.now();
    const request = this.request(shopIndex, index);
    const nextStep = request.steps.find((step) => step.at > now);
    if (!nextStep) return null;
    const delta = nextStep.at - now;
    return this.setSteps(
      shopIndex,
      index,
      request.steps.map((step) => (step.at > now ? { ...step, at: step.at - delta } : step)),
    );
  }

  /** Marks a request updated now without a status change (TikTok bumps update_time on edits). */
  touch(shopIndex: number, index: number): Change {
    const now = this.now();
    const request = this.request(shopIndex, index);
    const step = currentStep(request.steps, now)!;
    const steps = [
      ...request.steps.filter((s) => s.at <= now),
      { ...step, at: now, description: 'Request details updated' },
      ...request.steps.filter((s) => s.at > now),
    ];
    return this.setSteps(shopIndex, index, steps);
  }
}
