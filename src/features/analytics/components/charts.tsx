'use client';

import dynamic from 'next/dynamic';

/**
 * The charts, loaded in the browser after the page: Recharts (with its d3 and redux parts, ~110 KB
 * gzipped) stays out of the page's first load and out of every other route, and nothing is drawn
 * on the server, where Recharts can neither measure the page nor style its elements under our CSP
 * (no inline style attributes). The figures themselves are in the server-rendered tables beside
 * each chart, so nothing depends on this script.
 */

function Placeholder() {
  return <div className="h-64 animate-pulse rounded bg-slate-50" aria-hidden="true" />;
}

export const BarsChart = dynamic(() => import('./bars-chart').then((m) => m.BarsChart), { ssr: false, loading: Placeholder });
export const DonutChart = dynamic(() => import('./donut-chart').then((m) => m.DonutChart), { ssr: false, loading: Placeholder });
