/**
 * TikTok's request limit as the sandbox plays it, and what it saw. TikTok counts requests per app
 * and shop (50 per second per API, doc 7.3) and answers 429 with code 36009002 and a Retry-After
 * when a shop goes over. The sandbox counts every authenticated request per shop and second of the
 * real clock (not the population's clock, which tests freeze), keeps the most any shop received in
 * one second, and, when a limit is set, answers the requests over it with that 429: with the
 * limit off it only counts, so a test can check that no second ever went over a budget.
 */
export class RequestLimits {
  /** Requests per shop and second beyond which TikTok answers 429; null counts without refusing. */
  perShopPerSecond: number | null;
  private readonly current = new Map<number, { second: number; count: number }>();
  private readonly busiest = new Map<number, { count: number; second: number }>();
  private readonly totals = new Map<number, number>();
  refused = 0;

  constructor(perShopPerSecond: number | null = null) {
    this.perShopPerSecond = perShopPerSecond;
  }

  /** Counts a request to `shopIndex`; false when it is over the limit (answer 429). */
  admit(shopIndex: number, now = Date.now()): boolean {
    const second = Math.floor(now / 1000);
    let window = this.current.get(shopIndex);
    if (window?.second !== second) {
      window = { second, count: 0 };
      this.current.set(shopIndex, window);
    }
    window.count += 1;
    this.totals.set(shopIndex, (this.totals.get(shopIndex) ?? 0) + 1);
    const busiest = this.busiest.get(shopIndex);
    if (!busiest || window.count > busiest.count) this.busiest.set(shopIndex, { count: window.count, second });
    if (this.perShopPerSecond !== null && window.count > this.perShopPerSecond) {
      this.refused += 1;
      return false;
    }
    return true;
  }

  reset(): void {
    this.current.clear();
    this.busiest.clear();
    this.totals.clear();
    this.refused = 0;
  }

  /** Per shop (that received anything): requests in all, and the most in one second (and which second, Unix). */
  report(shopIds: (index: number) => string) {
    return {
      perShopPerSecond: this.perShopPerSecond,
      refused: this.refused,
      shops: [...this.totals].map(([index, requests]) => ({
        shopId: shopIds(index),
        requests,
        maxPerSecond: this.busiest.get(index)?.count ?? 0,
        busiestSecond: this.busiest.get(index)?.second ?? null,
      })),
    };
  }
}
