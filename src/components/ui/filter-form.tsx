'use client';

import { useRouter } from 'next/navigation';
import type { ReactNode, SubmitEvent } from 'react';

/**
 * A GET form that leaves empty fields out of the URL (`/audit?target=…`, not `?actor=&action=&…`),
 * so a link to a filtered log reads as what it filters. Without scripts it submits as a plain GET
 * form; the URL contract drops the empty values either way.
 */
export function FilterForm({ action, label, className, children }: { action: string; label: string; className: string; children: ReactNode }) {
  const router = useRouter();
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === 'string' && value.trim()) query.append(name, value.trim());
    router.push(query.size ? `${action}?${query}` : action);
  };
  return (
    <form method="get" action={action} onSubmit={onSubmit} className={className} aria-label={label}>
      {children}
    </form>
  );
}
