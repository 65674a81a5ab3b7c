import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">The address may be mistyped, or the page has moved.</p>
      <Link href="/refunds" className="mt-4 inline-block text-sm font-medium text-indigo-700 underline">
        Go to the refunds grid
      </Link>
    </main>
  );
}
