'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { resolveReviewAction } from '../actions';

/**
 * A decision made here that TikTok contradicts: both sides, and (for operators) resolving it once
 * someone has looked. The row keeps showing TikTok's status either way.
 */
export function ReviewPanel({
  id,
  version,
  note,
  canAct,
  onResolved,
}: {
  id: number;
  version: number;
  note: string | null;
  canAct: boolean;
  onResolved: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Alert tone="warning" title="Needs review: a decision made here and TikTok disagree">
      <p>{note ?? "A decision made here and TikTok's status disagree."}</p>
      {canAct ? (
        <form
          className="mt-2 space-y-2"
          aria-label="Resolve the review"
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await resolveReviewAction({ id, version, note: text });
              if (result.ok) onResolved();
              else setError(result.fieldErrors?.note ?? result.message);
            });
          }}
        >
          <label htmlFor="review-note" className="block text-sm font-medium">
            What did you check or decide?
          </label>
          <textarea id="review-note" rows={2} maxLength={1000} className={inputClass} value={text} onChange={(e) => setText(e.target.value)} />
          {error ? <p className="text-xs text-rose-700">{error}</p> : null}
          <Button type="submit" size="sm" disabled={pending || !text.trim()}>
            {pending ? 'Resolving…' : 'Resolve'}
          </Button>
        </form>
      ) : null}
    </Alert>
  );
}
