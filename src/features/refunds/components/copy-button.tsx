'use client';

import { useState } from 'react';

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="rounded px-1 text-xs text-indigo-700 hover:bg-indigo-50"
      aria-label={`Copy ${label}`}
      onClick={() => {
        // lib.dom types navigator.clipboard as always there, but outside a secure context (plain http on a LAN address) it is undefined.
        void (navigator.clipboard as Clipboard | undefined)?.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? 'copied' : 'copy'}
    </button>
  );
}
