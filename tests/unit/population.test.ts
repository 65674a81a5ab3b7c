import { describe, expect, it } from 'vitest';
import { MARKETPLACE_STATUS_MAP } from '@/server/sync/status-mapping';
import { buildRequest, currentStep, populationAt, sandboxShops, type PopulationConfig } from '@tools/tiktok-sandbox/population';
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
});
