import { buildRequest, type PopulationConfig, type RequestSeed, type SandboxShop } from './population';

/**
 * Reference mode: the sandbox answers the way TikTok's API reference examples do, so the sync is
 * tested against what TikTok documents and not only against what we would like it to send
 * (switched by the `referenceMode` option or POST /_sandbox/reference-mode):
 *  - Search answers carry an inexact total_count (always REFERENCE_TOTAL_COUNT, as the reference's
 *    one-record example says 100);
 *  - in each shop one cancellation has the same id as a return (the reference's two examples
 *    share 4035318504086604100);
 *  - some records leave out optional fields (update_time, order_id, arbitration_status, ...);
 *  - cancellations of buyers have cancel_type REQUEST_CANCEL_REFUND (the example's value, not in
 *    the enum), and Get Return Records says role "Buyer" where the enum says BUYER.
 * Everything stays consistent with the sandbox's truth: /_sandbox/truth serves the same JSON.
 */

export const REFERENCE_TOTAL_COUNT = 100;

/** Which optional fields a record leaves out, by its index (about 3 records in 7 lose something). */
const OMISSIONS: Readonly<Record<number, readonly string[]>> = {
  1: ['update_time'],
  3: ['order_id', 'return_reason_text', 'cancel_reason_text'],
  5: ['arbitration_status', 'seller_next_action_response', 'refund_amount'],
};

export class ReferenceMode {
  private readonly aliases = new Map<number, { cancelIndex: number; returnId: string }>();

  constructor(
    private readonly config: PopulationConfig,
    private readonly shops: SandboxShop[],
  ) {}

  /** The shop's first cancellation takes the id of its first return. */
  alias(shopIndex: number): { cancelIndex: number; returnId: string } | undefined {
    let alias = this.aliases.get(shopIndex);
    if (!alias) {
      let cancelIndex: number | undefined;
      let returnId: string | undefined;
      // The population's first requests exist from the epoch on; 200 is far more than a shop needs to hold both kinds.
      for (let index = 0; index < 200 && (cancelIndex === undefined || returnId === undefined); index++) {
        const seed = buildRequest(this.config, this.shops[shopIndex]!, index);
        if (seed.kind === 'Cancellation') cancelIndex ??= index;
        else returnId ??= seed.id;
      }
      if (cancelIndex === undefined || returnId === undefined) return undefined;
      alias = { cancelIndex, returnId };
      this.aliases.set(shopIndex, alias);
    }
    return alias;
  }

  /** The request as reference mode shows it (the aliased cancellation carries the return's id). */
  request(seed: RequestSeed): RequestSeed {
    const alias = this.alias(seed.shop.index);
    return alias?.cancelIndex === seed.index ? { ...seed, id: alias.returnId } : seed;
  }

  /** The index of the cancellation that answers to `id`, when `id` is an alias. */
  cancellationFor(shopIndex: number, id: string): number | undefined {
    const alias = this.alias(shopIndex);
    return alias?.returnId === id ? alias.cancelIndex : undefined;
  }

  /** Search JSON in the reference's style. */
  json(request: RequestSeed, json: Record<string, unknown>): Record<string, unknown> {
    // The aliased cancellation keeps every field: the contract is about the shared id.
    const aliased = this.alias(request.shop.index)?.cancelIndex === request.index;
    const omitted = aliased ? [] : (OMISSIONS[request.index % 7] ?? []);
    const shaped = Object.fromEntries(Object.entries(json).filter(([field]) => !omitted.includes(field)));
    if (request.kind === 'Cancellation' && shaped.cancel_type === 'BUYER_CANCEL') shaped.cancel_type = 'REQUEST_CANCEL_REFUND';
    return shaped;
  }

  /** Get Return Records spells roles "Buyer", "Seller" (the reference's example). */
  role(actor: string): string {
    return actor.charAt(0) + actor.slice(1).toLowerCase();
  }
}
