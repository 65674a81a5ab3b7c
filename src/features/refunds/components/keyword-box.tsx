'use client';

import { useState } from 'react';
import { inputClass } from '@/components/ui/field';
import { focusCurrentRow } from './use-grid-shortcuts';

/**
 * The keyword search, always in view (`/` focuses it): the buyer's reason, notes and ids. Applied
 * on Enter; an empty box clears the filter. Escape or ↓ leave the box for the grid's current row, so
 * search, move and open never need the mouse.
 */
export function KeywordBox({ value, onSearch }: { value: string | null; onSearch: (q: string | null) => void }) {
  const [text, setText] = useState({ for: value, text: value ?? '' });
  // A new value from the URL (back, a chip removed) replaces what was typed.
  const current = text.for === value ? text.text : (value ?? '');
  if (text.for !== value) setText({ for: value, text: value ?? '' });
  return (
    <form
      role="search"
      className="w-80 max-w-full"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(current.trim() || null);
      }}
    >
      <label htmlFor="grid-search" className="sr-only">
        Search refunds
      </label>
      <input
        id="grid-search"
        type="search"
        className={inputClass}
        placeholder="Search reason, note or id  ( / )"
        value={current}
        maxLength={200}
        onChange={(event) => setText({ for: value, text: event.target.value })}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' && event.key !== 'ArrowDown') return;
          // Chromium's Escape would empty a search box; here it only leaves it.
          if (focusCurrentRow()) event.preventDefault();
        }}
      />
    </form>
  );
}
