import Link from 'next/link';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import type { ReactNode } from 'react';
import { signOutAction } from '@/features/auth/actions';
import { hasRole, type Role } from '@/lib/roles';
import { requirePageUser } from '@/server/auth/current-user';

const NAV: { href: string; label: string; role: Role }[] = [
  { href: '/refunds', label: 'Refunds', role: 'viewer' },
  { href: '/reconciliation', label: 'Reconciliation', role: 'viewer' },
  { href: '/analytics', label: 'Analytics', role: 'viewer' },
  { href: '/sync-runs', label: 'Sync runs', role: 'viewer' },
  { href: '/accounts', label: 'Shop accounts', role: 'admin' },
  { href: '/users', label: 'Users', role: 'admin' },
  { href: '/audit', label: 'Audit log', role: 'admin' },
  { href: '/settings', label: 'Settings', role: 'admin' },
];

/**
 * The panel's frame. Signed-out visitors are sent to sign in from here, before anything streams
 * (so they get a real 307, not a page that redirects itself). Each page still checks its own role:
 * a layout alone is not a gate, since client navigations do not always re-run it.
 */
export default async function PanelLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser('viewer');
  return (
    <div className="min-h-screen">
      <a
        href="#content"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-indigo-700 focus:px-3 focus:py-1.5 focus:text-white"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-[2400px] items-center gap-1 px-4 py-2">
          <span className="mr-4 text-sm font-semibold text-slate-900">TikTok Shop Refunds</span>
          {NAV.filter((item) => hasRole(user.role, item.role)).map((item) => (
            <Link key={item.href} href={item.href} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
              {item.label}
            </Link>
          ))}
          <form action={signOutAction} className="ml-auto flex items-center gap-3">
            <span className="text-xs text-slate-600">
              {user.email} · <span className="font-medium">{user.role}</span>
            </span>
            <button type="submit" className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </nav>
      </header>
      <div id="content" tabIndex={-1} className="mx-auto max-w-[2400px] px-4 py-5 focus:outline-none">
        <NuqsAdapter>{children}</NuqsAdapter>
      </div>
    </div>
  );
}
