'use client';

import { inputClass } from '@/components/ui/field';
import { formatMoney } from '@/lib/format';
import { checkOffer } from '@/lib/refund-decisions';

export interface OfferState {
  on: boolean;
  amount: string;
}

/**
 * Inside the Completed dialog, when TikTok would take it: approve the refund in full, or offer the
 * buyer a partial refund instead (TikTok then waits for the buyer's answer). The amount is checked
 * as it is typed with the same rule the server applies before sending.
 */
export function PartialOffer({
  total,
  state,
  onChange,
}: {
  total: { amount: string; currency: string };
  state: OfferState;
  onChange: (next: OfferState) => void;
}) {
  const check = checkOffer(state.amount, total);
  const error = state.on && state.amount !== '' && !check.ok ? check.message : null;
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
      <legend className="px-1 font-medium">Refund</legend>
      <label className="flex items-center gap-2">
        <input type="radio" name="refund-extent" checked={!state.on} onChange={() => onChange({ ...state, on: false })} />
        Approve the full refund ({formatMoney(total.amount, total.currency)})
      </label>
      <label className="flex items-center gap-2">
        <input type="radio" name="refund-extent" checked={state.on} onChange={() => onChange({ ...state, on: true })} />
        Offer the buyer a partial refund instead
      </label>
      {state.on ? (
        <div className="pl-6">
          <label htmlFor="partial-amount" className="block text-sm font-medium">
            Amount to offer ({total.currency})
          </label>
          <input
            id="partial-amount"
            inputMode="decimal"
            autoComplete="off"
            className={`${inputClass} max-w-40 tabular-nums`}
            value={state.amount}
            onChange={(event) => onChange({ ...state, amount: event.target.value })}
            aria-invalid={error ? true : undefined}
            aria-describedby="partial-amount-help"
          />
          <p id="partial-amount-help" className={`text-xs ${error ? 'text-rose-700' : 'text-slate-500'}`}>
            {error ??
              `Less than ${formatMoney(total.amount, total.currency)}. The buyer accepts or declines on TikTok; a decline comes back to you or goes to TikTok's arbitration.`}
          </p>
        </div>
      ) : null}
    </fieldset>
  );
}

/** Whether the typed offer may be sent. */
export const offerReady = (state: OfferState, total: { amount: string; currency: string } | null) => !state.on || checkOffer(state.amount, total).ok;
