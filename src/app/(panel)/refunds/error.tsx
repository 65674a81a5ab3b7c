'use client';

/** The grid could not be loaded (database down, ...): say so, offer a retry; never a stack trace. */
export default function RefundsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-lg font-semibold">The refunds could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-600">
        The server could not read the refunds just now. Nothing was changed. Try again in a moment; if it keeps failing, an admin can check the server log.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
        Try again
      </button>
    </main>
  );
}
