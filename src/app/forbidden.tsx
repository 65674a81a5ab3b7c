import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-sm text-slate-600">Your role does not include this page. An admin can change your role on the Users page.</p>
      <Link href="/refunds" className="mt-4 inline-block text-sm font-medium text-indigo-700 underline">
        Back to refunds
      </Link>
    </main>
  );
}
