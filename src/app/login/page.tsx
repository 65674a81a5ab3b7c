import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/features/auth/components/sign-in-form';
import { safeNextPath } from '@/features/auth/schemas';
import { currentUser } from '@/server/auth/current-user';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  if (await currentUser()) redirect(safeNextPath(next));
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">TikTok Shop Refunds</h1>
        <p className="mb-4 text-sm text-slate-600">Sign in with your panel account.</p>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
