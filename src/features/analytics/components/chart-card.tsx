import type { ReactNode } from 'react';

/**
 * One chart of the page: its title (a heading, which also names the chart), what it counts and
 * how, the chart, and its figures as a table. `empty` replaces the chart when there is nothing to draw.
 */
export function ChartCard({
  id,
  title,
  description,
  empty,
  children,
  table,
  className = '',
}: {
  id: string;
  title: string;
  description: ReactNode;
  empty?: string | null;
  children: ReactNode;
  table?: ReactNode;
  className?: string;
}) {
  return (
    <section aria-labelledby={`${id}-title`} data-chart={id} className={`min-w-0 rounded-lg border border-slate-200 bg-white p-4 ${className}`.trim()}>
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mb-3 text-xs text-slate-600">{description}</p>
      {empty ? (
        <p className="rounded bg-slate-50 px-3 py-8 text-center text-sm text-slate-600">{empty}</p>
      ) : (
        <figure aria-labelledby={`${id}-title`} className="min-h-64">
          {children}
        </figure>
      )}
      {empty ? null : table}
    </section>
  );
}
