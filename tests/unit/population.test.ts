import { describe, expect, it } from 'vitest';
import { MARKETPLACE_STATUS_MAP } from '@/server/sync/status-mapping';
import { buildRequest, currentStep, populationAt, requestCountAt, sandboxShops, shopSize, type PopulationConfig } from '@tools/tiktok-sandbox/population';
import { SandboxState } from '@tools/tiktok-sandbox/state';
import { parseCancellation, parseReturn } from '@/server/tiktok/parse';

const config: PopulationConfig = { seed: 'unit', epoch: 1_780_000_000, size: 3000, shopCount: 3, windowDays: 80, arrivalsPerHour: 6, unknownStatusRate: 0.01 };

describe('sandbox population', () => {
  it('is deterministic: the same seed gives the same requests', () => {
    const shop = sandboxShops('unit', 1)[0]!;
    expect(buildRequest(config, shop, 42)).toEqual(buildRequest(config, shop, 42));
    expect(buildRequest(config, shop, 42)).not.toEqual(buildRequest({ ...config, seed: 'other' }, shop, 42));
  });

  it('puts a quarter of the requests in the last 3 days by default, or the share asked for', () => {
    const shop = sandboxShops('unit', 1)[0]!;
    const recent = (share?: number) => {
      const settings = { ...config, arrivalsPerHour: 0, recentShare: share };
      let count = 0;
      for (let i = 0; i < 1000; i++) if (buildRequest(settings, shop, i).createTime > config.epoch - 3 * 86400) count++;
      return count;
    };
    expect(recent()).toBeGreaterThan(200);
    expect(recent()).toBeLessThan(300);
    // None singled out: only the even spread over the 80-day window lands there (3/80, ~37).
    expect(recent(0)).toBeGreaterThan(20);
    expect(recent(0)).toBeLessThan(60);
  });

  it('produces unique ids, valid TikTok payloads, and every documented status', () => {
    const entries = [...populationAt(config, config.epoch)];
    expect(entries.length).toBeGreaterThanOrEqual(3000);
    const ids = new Set(entries.map((e) => `${e.request.shop.index}:${e.request.id}`));
    expect(ids.size).toBe(entries.length);
    const statuses = new Set<string>();
    for (const { json } of entries) {
      const parsed = 'return_id' in json ? parseReturn(json) : parseCancellation(json);
      statuses.add(parsed.status);
      expect(parsed.refundAmount?.total).toMatch(/^\d+(\.\d+)?$/);
    }
    const documented = Object.keys(MARKETPLACE_STATUS_MAP).filter((s) => s !== 'CANCELLATION_REQUEST_CANCEL');
    expect(documented.filter((s) => !statuses.has(s))).toEqual([]);
    expect(statuses.has('EXCHANGE_REQUEST_PENDING')).toBe(true);
  });

  it('evolves with time: later instants show later steps, and new requests arrive', () => {
    const shop = sandboxShops('unit', 1)[0]!;
    const request = buildRequest(config, shop, 7);
    const first = currentStep(request.steps, request.createTime)!;
    const last = currentStep(request.steps, request.createTime + 365 * 86400)!;
    expect(first.status).toMatch(/PENDING$/);
    expect(last.at).toBeGreaterThanOrEqual(first.at);
    const later = [...populationAt(config, config.epoch + 3600)].length;
    expect(later).toBe([...populationAt(config, config.epoch)].length + 6);
  });

  it('hosts 500 shops with a realistic spread: a few large, many small, every id 19 digits and found again', () => {
    const many: PopulationConfig = { ...config, size: 1_000_000, shopCount: 500, spread: 'realistic', arrivalsPerHour: 500 };
    const sizes = Array.from({ length: 500 }, (_, i) => shopSize(many, i));
    const total = sizes.reduce((sum, n) => sum + n, 0);
    expect(Math.abs(total - 1_000_000)).toBeLessThan(500);
    const sorted = [...sizes].sort((a, b) => b - a);
    // A few large: the five largest hold over a third; many small: the smaller half of the shops hold about a tenth.
    expect(sorted.slice(0, 5).reduce((sum, n) => sum + n, 0) / total).toBeGreaterThan(0.33);
    expect(sorted.slice(250).reduce((sum, n) => sum + n, 0) / total).toBeLessThan(0.11);
    expect(sorted[0]! / sorted[499]!).toBeGreaterThan(400);
    // Arrivals follow the same shares.
    expect(requestCountAt(many, many.epoch + 3600, 0) - sizes[0]!).toBeGreaterThan(requestCountAt(many, many.epoch + 3600, 499) - sizes[499]!);

    const state = new SandboxState({ ...many, size: 50_000 }, () => many.epoch);
    const shops = sandboxShops(many.seed, 500);
    expect(new Set(shops.map((shop) => shop.shopId)).size).toBe(500);
    const ids = new Set<string>();
    for (const shopIndex of [0, 7, 99, 100, 123, 499]) {
      for (const index of [0, 1, 2]) {
        const request = buildRequest({ ...many, size: 50_000 }, shops[shopIndex]!, index);
        expect(request.id).toMatch(/^\d{19}$/);
        ids.add(request.id);
        expect(state.find(request.id)).toMatchObject({ shopIndex, index });
      }
    }
    expect(ids.size).toBe(18);
  });
});

describe('sandbox search', () => {
  // The slice of the sorted population a sync's queries take must be exactly what scanning every
  // request gives: a range on the other time field (from 0, so it excludes nothing) forces the scan.
  it('answers a range on its sort field with the same requests, in the same order, as a full scan', () => {
    let now = config.epoch;
    const state = new SandboxState(config, () => now);
    const check = () => {
      for (const [kind, sortField, sortOrder] of [
        ['Return', 'update_time', 'ASC'],
        ['Cancellation', 'update_time', 'DESC'],
        ['Return', 'create_time', 'DESC'],
        ['Cancellation', 'create_time', 'ASC'],
      ] as const) {
        for (let shopIndex = 0; shopIndex < config.shopCount; shopIndex++) {
          const all = state.search({ kind, shopIndex, sortField, sortOrder }, now);
          expect(all.length).toBeGreaterThan(10);
          for (let i = 0; i < 25; i++) {
            // Bounds at, between and beyond the population's own times (ties included).
            const pick = (n: number) => now - Math.floor(((i * 7919 + n * 104729) % 1000) * 0.001 * config.windowDays * 86_400);
            // Every other time, a bound exactly on requests' own times (ties at both ends).
            const timeOf = (index: number) => Number(state.json(shopIndex, index, now)[sortField === 'update_time' ? 'update_time' : 'create_time']);
            const [a, b] = (i % 2 ? [pick(1), pick(2)] : [timeOf(all[i]!), timeOf(all[all.length - 1 - i]!)]).sort((x, y) => x - y);
            for (const range of [{ from: a, before: b }, { from: a }, { before: b }, { from: b, before: a }]) {
              const onUpdate = sortField === 'update_time';
              const query = {
                kind,
                shopIndex,
                sortField,
                sortOrder,
                ...(onUpdate ? { updatedFrom: range.from, updatedBefore: range.before } : { createdFrom: range.from, createdBefore: range.before }),
              };
              const scanned = state.search({ ...query, ...(onUpdate ? { createdFrom: 0 } : { updatedFrom: 0 }) }, now);
              expect(state.search(query, now)).toEqual(scanned);
            }
          }
        }
      }
    };
    check();
    // After TikTok's world moves on (overrides, arrivals) and time passes.
    state.evolve({ advance: 200, arrive: 20 });
    now += 3600;
    check();
  });
});
