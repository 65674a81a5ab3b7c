'use client';

import { useRouter } from 'next/navigation';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BarsSpec, ValueFormat } from '../chart-types';
import { gridHref } from '../links';

/**
 * Bars (stacked or side by side, along the bottom or one per line), with an optional line on its
 * own axis. Clicking a bar opens its link (the grid filtered to it). Drawn in the browser only
 * (see ./charts.tsx): Recharts sizes itself from the page and styles its elements inline.
 */

const TICK = { fontSize: 12, fill: '#334155' };

function axisText(value: number, format: ValueFormat): string {
  if (format === 'percent') return `${value.toFixed(value < 10 ? 1 : 0)}%`;
  if (format === 'hours') return `${value.toFixed(0)} h`;
  return value >= 10_000 ? `${Math.round(value / 1000).toLocaleString('en-US')}k` : value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** A label shortened for an axis (the table has it whole). */
const short = (text: string, max = 26) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A category label on one line (Recharts would wrap it into the bars' height), shortened to fit
 * the axis (26 characters of 12 px text are ~170 px of its 200), whole in its title and the table.
 */
function RowTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: string | number } }) {
  const text = String(payload?.value ?? '');
  return (
    <text x={Number(x ?? 0) - 6} y={Number(y ?? 0)} dy={4} textAnchor="end" fontSize={12} fill="#334155">
      <title>{text}</title>
      {short(text)}
    </text>
  );
}

export function BarsChart({ spec }: { spec: BarsSpec }) {
  const router = useRouter();
  const rowsLayout = spec.layout === 'rows';
  const data = spec.rows.map((row) => ({ label: row.label, ...row.values, texts: row.texts }));
  const legendOrder = (key: string) => {
    const index = spec.series.findIndex((series) => series.key === key);
    return index === -1 ? spec.series.length : index;
  };
  const height = rowsLayout ? Math.max(140, spec.rows.length * 30 + 70) : 280;
  // A bar's link: the chart's filter narrowed by its row (a period, a reason…) and its series (a shop…).
  const open = (index: number, key: string) => {
    const row = spec.rows[index];
    const series = spec.series.find((entry) => entry.key === key);
    if (!row || row.link === null || series?.link === null) return;
    router.push(gridHref({ ...spec.link, ...row.link, ...series?.link }));
  };
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} layout={rowsLayout ? 'vertical' : 'horizontal'} margin={{ top: 8, right: spec.line ? 8 : 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="#e2e8f0" vertical={rowsLayout} horizontal={!rowsLayout} />
        {rowsLayout ? (
          <>
            <XAxis type="number" tick={TICK} tickFormatter={(v: number) => axisText(v, spec.format)} />
            <YAxis type="category" dataKey="label" width={200} tick={RowTick} interval={0} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" tick={TICK} minTickGap={8} />
            <YAxis tick={TICK} width={56} tickFormatter={(v: number) => axisText(v, spec.format)} allowDecimals={spec.format !== 'count'} />
            {spec.line ? (
              <YAxis yAxisId="line" orientation="right" tick={TICK} width={48} tickFormatter={(v: number) => axisText(v, spec.line!.format)} />
            ) : null}
          </>
        )}
        <Tooltip
          cursor={{ fill: '#f1f5f9' }}
          itemSorter={(item) => legendOrder(String(item.dataKey))}
          formatter={(value, name, item) => {
            const key = String(item.dataKey);
            const texts = (item.payload as { texts?: Record<string, string> } | undefined)?.texts;
            return [texts?.[key] ?? (typeof value === 'number' ? value.toLocaleString('en-US') : String(value)), name];
          }}
        />
        {/* In the series' order, as the tooltip (Recharts sorts both by name): the stack's, the rest of the shops last. */}
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => legendOrder(String(item.dataKey))} />
        {spec.series.map((series) => (
          <Bar
            key={series.key}
            dataKey={series.key}
            name={series.name}
            fill={series.color}
            stackId={spec.stacked ? 'stack' : undefined}
            className={series.link === null ? undefined : 'cursor-pointer'}
            maxBarSize={rowsLayout ? 22 : 48}
            isAnimationActive={false}
            onClick={(_, index) => open(index, series.key)}
          />
        ))}
        {spec.line ? (
          <Line
            yAxisId="line"
            dataKey={spec.line.key}
            name={spec.line.name}
            stroke={spec.line.color}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        ) : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
